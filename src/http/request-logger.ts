import type { FastifyBaseLogger, FastifyServerOptions, FastifyLogFn as LogFn } from 'fastify';

type FastifyChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<FastifyChildLoggerFactory>[1];
type ChildLoggerOptions = Parameters<FastifyChildLoggerFactory>[2];
type Level = FastifyBaseLogger['level'];

/** What the parent must offer: pino's own logger does. */
type ParentLogger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/**
 * A request's logger (`request.log`), made into pino's child — with the request id
 * bound — only when something is logged at an enabled level. Fastify makes a child per
 * request, and pino's `child()` serializes and redacts its bindings each time: on a
 * token request, ~1.5 µs spent for lines that, below the configured level, are never
 * written. A line at an enabled level is written by the same child with the same
 * bindings as before; a level change on the child applies to the child.
 */
class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: ParentLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): Level {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: Level) {
    this.logger().level = level;
  }

  // Methods, not per-instance arrow functions: one logger per request, seven closures each would be garbage.
  fatal(...args: Parameters<LogFn>): void {
    this.write('fatal', args);
  }
  error(...args: Parameters<LogFn>): void {
    this.write('error', args);
  }
  warn(...args: Parameters<LogFn>): void {
    this.write('warn', args);
  }
  info(...args: Parameters<LogFn>): void {
    this.write('info', args);
  }
  debug(...args: Parameters<LogFn>): void {
    this.write('debug', args);
  }
  trace(...args: Parameters<LogFn>): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: Parameters<LogFn>): void {
    // Before the child exists its level is the parent's, as a child made now would have.
    if (!this.#child && !this.parent.isLevelEnabled(level)) return;
    (this.logger()[level] as (...line: Parameters<LogFn>) => void)(...args);
  }

  private logger(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }
}

/**
 * Fastify's `childLoggerFactory` for a pino logger: see {@link RequestLogger}. A route with
 * its own `logLevel` gets its child at once: which lines pass is then the child's level,
 * not the parent's.
 */
export const lazyRequestLogger: FastifyChildLoggerFactory = (logger, bindings, options) =>
  options.level ? logger.child(bindings, options) : new RequestLogger(logger as ParentLogger, bindings, options);
