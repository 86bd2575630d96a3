import { randomUUID } from 'node:crypto';
import { PgliteConnection } from '@mikro-orm/pglite';
import pg from 'pg';
import type { Invalidation, InvalidationBus } from './invalidation.js';
import type { Orm } from './orm.js';

/** The channel every instance listens on. */
export const INVALIDATION_CHANNEL = 'core_invalidation';
/** NOTIFY payloads must stay under 8000 bytes: long id lists are split. */
const IDS_PER_NOTIFICATION = 100;
const MAX_RECONNECT_DELAY_MS = 30_000;
/**
 * The listener proves itself by a NOTIFY to itself, over its own connection, this often.
 * A closed socket is noticed at once; a silent one (a partition that drops packets
 * without a reset, a firewall forgetting an idle connection) only by the missing echo.
 */
export const HEARTBEAT_INTERVAL_MS = 500;
/**
 * No echo for this long: the channel is not trusted (caches bypassed, every request reads
 * the database) and the connection is replaced. A revocation elsewhere is therefore
 * missed for at most about this long, plus one request.
 */
export const HEARTBEAT_TIMEOUT_MS = 3_000;

/**
 * An {@link InvalidationBus} that also says whether it can be trusted right now.
 * While `live` is false (the LISTEN connection is down) cached state may be stale,
 * so callers go to the database; `onReset` fires when everything must be dropped.
 */
export interface NotificationBus extends InvalidationBus {
  readonly live: boolean;
  onReset(listener: () => void): () => void;
  /** Seconds since the channel last proved itself live; null where it needs no proof (PGlite) or never did. */
  heartbeatAgeSeconds(): number | null;
}

interface BusLogger {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

/**
 * PostgreSQL: LISTEN/NOTIFY on a dedicated client. PGlite: the same NOTIFY through the
 * embedded database, which only this process can open, so delivery stays in process
 * (and reaches every app instance sharing that database). The ORM decides which: the
 * connection URL is the one the ORM was opened with.
 */
export async function createInvalidationBus(
  orm: Orm,
  options: {
    log?: BusLogger /** LISTEN through this URL instead of the ORM's (tests put a proxy there). */;
    listenUrl?: string;
  } = {},
): Promise<NotificationBus> {
  const connection = orm.em.getConnection();
  const bus =
    connection instanceof PgliteConnection
      ? new PgliteBus(orm)
      : new PostgresBus(orm, options.listenUrl ?? (orm.config.get('clientUrl') as string), options.log);
  await bus.start();
  return bus;
}

/**
 * Tells the running instances about a change made outside them (a CLI command, an
 * instance starting with a newer permission catalogue), without a bus of its own.
 */
export async function announce(orm: Orm, event: Invalidation): Promise<void> {
  const payload = JSON.stringify({ origin: 'outside', event });
  await orm.em.getConnection().execute('select pg_notify(?, ?)', [INVALIDATION_CHANNEL, payload]);
}

/** Fan-out to this process's listeners; a throwing listener never stops the others. */
class LocalBus implements NotificationBus {
  readonly #listeners = new Set<(event: Invalidation) => void>();
  readonly #resetListeners = new Set<() => void>();

  get live(): boolean {
    return true;
  }

  heartbeatAgeSeconds(): number | null {
    return null;
  }

  async publish(event: Invalidation): Promise<void> {
    this.deliver(event);
  }

  subscribe(listener: (event: Invalidation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onReset(listener: () => void): () => void {
    this.#resetListeners.add(listener);
    return () => this.#resetListeners.delete(listener);
  }

  deliver(event: Invalidation): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A cache that fails to drop an entry must not keep the others from dropping theirs.
      }
    }
  }

  reset(): void {
    for (const listener of this.#resetListeners) {
      try {
        listener();
      } catch {
        // Same as above.
      }
    }
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#resetListeners.clear();
  }
}

/**
 * Publishes with NOTIFY through the ORM's connection. The publisher delivers to
 * itself synchronously, so a revocation answered by this instance is already visible
 * here when the response leaves; the others get the notification.
 */
abstract class NotifyingBus extends LocalBus {
  readonly #origin = randomUUID();

  constructor(protected readonly orm: Orm) {
    super();
  }

  abstract start(): Promise<void>;

  override async publish(event: Invalidation): Promise<void> {
    this.deliver(event);
    const connection = this.orm.em.getConnection();
    for (const part of split(event)) {
      const payload = JSON.stringify({ origin: this.#origin, event: part });
      await connection.execute('select pg_notify(?, ?)', [INVALIDATION_CHANNEL, payload]);
    }
  }

  protected received(payload: string | undefined): void {
    try {
      const message = JSON.parse(payload ?? '') as { origin?: string; event?: Invalidation };
      if (message.origin === this.#origin || !message.event) return;
      this.deliver(message.event);
    } catch {
      this.reset();
    }
  }
}

/** PGlite's own LISTEN: one embedded database, one process, never disconnected. */
class PgliteBus extends NotifyingBus {
  #unlisten: (() => Promise<void>) | undefined;

  async start(): Promise<void> {
    const pglite = (await this.orm.em.getConnection().getNativeClient()) as {
      listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
    };
    this.#unlisten = await pglite.listen(INVALIDATION_CHANNEL, (payload) => this.received(payload));
  }

  override async close(): Promise<void> {
    await this.#unlisten?.().catch(() => undefined);
    await super.close();
  }
}

/**
 * LISTEN on a dedicated connection (a pooled one would be handed back and lose it).
 * The connection proves itself every second by a NOTIFY to itself on a channel of its
 * own; a lost connection, or one whose echo is overdue, drops every cache, and the
 * bus is not `live` (callers bypass the caches) until it has reconnected, with backoff.
 */
class PostgresBus extends NotifyingBus {
  #client: pg.Client | undefined;
  #live = false;
  #closed = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  /** When the last echo arrived (or the connection was made). */
  #lastEcho = 0;
  #echoPending = false;
  readonly #echoChannel = `core_heartbeat_${randomUUID().replace(/-/g, '')}`;

  constructor(
    orm: Orm,
    private readonly databaseUrl: string,
    private readonly log?: BusLogger,
  ) {
    super(orm);
  }

  override get live(): boolean {
    return this.#live;
  }

  override heartbeatAgeSeconds(): number | null {
    return this.#lastEcho === 0 ? null : (Date.now() - this.#lastEcho) / 1000;
  }

  override async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      this.lost(error);
    }
  }

  override async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    const client = this.#client;
    this.#client = undefined;
    this.#live = false;
    if (client) await endQuickly(client);
    await super.close();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5000,
    });
    client.on('error', (error) => this.lost(error, client));
    client.on('end', () => this.lost(new Error('connection ended'), client));
    client.on('notification', (message) => {
      if (message.channel === this.#echoChannel) this.echoed(client);
      else this.received(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}; LISTEN ${this.#echoChannel}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      void endQuickly(client);
      throw error;
    }
    if (this.#closed) {
      await endQuickly(client);
      return;
    }
    this.#client = client;
    this.#live = true;
    this.#lastEcho = Date.now();
    this.#echoPending = false;
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => this.beat(client), HEARTBEAT_INTERVAL_MS);
    this.#heartbeat.unref();
    if (this.#attempt > 0) this.log?.info({ attempts: this.#attempt }, 'invalidation listener reconnected');
    this.#attempt = 0;
    // Whatever was published while we were deaf is lost: start from the database again.
    this.reset();
  }

  /** Sends the next echo if the last came back; gives the connection up if it is overdue. */
  private beat(client: pg.Client): void {
    if (client !== this.#client) return;
    if (Date.now() - this.#lastEcho > HEARTBEAT_TIMEOUT_MS) {
      this.lost(new Error(`no heartbeat for ${HEARTBEAT_TIMEOUT_MS} ms: the connection is silent`), client);
      return;
    }
    // One echo in flight at a time: a silent socket must not queue a query a second.
    if (this.#echoPending) return;
    this.#echoPending = true;
    client.query(`NOTIFY ${this.#echoChannel}`).catch((error) => this.lost(error, client));
  }

  private echoed(client: pg.Client): void {
    if (client !== this.#client) return;
    this.#lastEcho = Date.now();
    this.#echoPending = false;
  }

  private lost(error: unknown, client?: pg.Client): void {
    if (client && client !== this.#client) return;
    this.#client = undefined;
    this.#live = false;
    clearInterval(this.#heartbeat);
    this.reset();
    if (client) {
      client.removeAllListeners('notification');
      void endQuickly(client);
    }
    if (this.#closed || this.#timer) return;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 250 * 2 ** this.#attempt++);
    this.log?.warn({ err: error, retryInMs: delay }, 'invalidation listener lost its connection');
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.start();
    }, delay);
    this.#timer.unref();
  }
}

/**
 * `end()` waits for the server to acknowledge, which a silent connection never does:
 * the socket is destroyed as well, so nothing is left half-open.
 */
async function endQuickly(client: pg.Client): Promise<void> {
  const ended = client.end().catch(() => undefined);
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  await ended;
}

function split(event: Invalidation): Invalidation[] {
  if (event.kind !== 'tokens' || event.ids.length <= IDS_PER_NOTIFICATION) return [event];
  const parts: Invalidation[] = [];
  for (let start = 0; start < event.ids.length; start += IDS_PER_NOTIFICATION) {
    parts.push({ kind: 'tokens', ids: event.ids.slice(start, start + IDS_PER_NOTIFICATION) });
  }
  return parts;
}
