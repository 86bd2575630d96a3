import type { Config } from '../config.js';
import { runExclusively } from '../db/exclusive.js';
import type { Orm } from '../db/orm.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { type PurgeCounts, purgeTokens } from '../modules/token/token-purge.js';
import type { Metrics } from './metrics.js';

/** The advisory lock key of the purge ("core" in ASCII), shared by the server and the CLI. */
export const PURGE_LOCK_KEY = 0x636f7265;
/** A server that restarts often still purges: the first run comes this soon after start. */
const FIRST_RUN_MAX_DELAY_MS = 60_000;

interface PurgeLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export type PurgeOutcome = { ran: true; deleted: PurgeCounts } | { ran: false };

/** One purge under the lock, counted in the metrics. */
export async function runPurge(
  orm: Orm,
  purge: Config['purge'],
  options: { metrics?: Metrics; signal?: AbortSignal } = {},
): Promise<PurgeOutcome> {
  const outcome = await runExclusively(orm, PURGE_LOCK_KEY, () =>
    purgeTokens(orm.em.fork(), {
      tokenRetentionSeconds: purge.tokenRetentionSeconds,
      auditRetentionSeconds: purge.auditRetentionSeconds,
      signal: options.signal,
    }),
  );
  if (!outcome.ran) return outcome;
  const { metrics } = options;
  if (metrics) {
    metrics.purged('refresh_token', outcome.result.refreshTokens);
    metrics.purged('access_token', outcome.result.accessTokens);
    metrics.purged('authorization_code', outcome.result.authorizationCodes);
    metrics.purged('pushed_authorization_request', outcome.result.pushedRequests);
    metrics.purged('spent_jti', outcome.result.spentJtis);
    metrics.purged('audit_event', outcome.result.auditEvents);
    metrics.purgeCompleted();
  }
  return { ran: true, deleted: outcome.result };
}

/**
 * The periodic purge inside the server: every `TOKEN_PURGE_INTERVAL`, one instance at
 * a time (the others find the lock taken and skip that round). A database that is away
 * only costs a round; stopping waits for the batch in flight.
 */
export class PurgeScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  readonly #abort = new AbortController();

  constructor(
    private readonly orm: Orm,
    private readonly purge: Config['purge'] & { intervalSeconds: number },
    private readonly metrics: Metrics,
    private readonly log: PurgeLogger,
  ) {}

  start(): void {
    this.schedule(Math.min(FIRST_RUN_MAX_DELAY_MS, this.purge.intervalSeconds * 1000));
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    await this.#running;
  }

  private schedule(delayMs: number): void {
    if (this.#abort.signal.aborted) return;
    this.#timer = setTimeout(() => {
      this.#running = this.runOnce().finally(() => {
        this.#running = undefined;
        this.schedule(this.purge.intervalSeconds * 1000);
      });
    }, delayMs);
    this.#timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      const outcome = await runPurge(this.orm, this.purge, { metrics: this.metrics, signal: this.#abort.signal });
      if (outcome.ran) this.log.info({ deleted: outcome.deleted }, 'token purge done');
    } catch (error) {
      const reason = isDatabaseUnavailable(error) ? 'the database is unavailable' : 'it failed';
      this.log.warn({ err: error }, `token purge skipped: ${reason}`);
    }
  }
}
