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
 * An {@link InvalidationBus} that also says whether it can be trusted right now.
 * While `live` is false (the LISTEN connection is down) cached state may be stale,
 * so callers go to the database; `onReset` fires when everything must be dropped.
 */
export interface NotificationBus extends InvalidationBus {
  readonly live: boolean;
  onReset(listener: () => void): () => void;
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
export async function createInvalidationBus(orm: Orm, options: { log?: BusLogger } = {}): Promise<NotificationBus> {
  const connection = orm.em.getConnection();
  const bus =
    connection instanceof PgliteConnection
      ? new PgliteBus(orm)
      : new PostgresBus(orm, orm.config.get('clientUrl') as string, options.log);
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
 * A lost connection drops every cache, and the bus is not `live` (callers bypass the
 * caches) until it has reconnected, with backoff.
 */
class PostgresBus extends NotifyingBus {
  #client: pg.Client | undefined;
  #live = false;
  #closed = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;

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
    const client = this.#client;
    this.#client = undefined;
    this.#live = false;
    await client?.end().catch(() => undefined);
    await super.close();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, connectionTimeoutMillis: 5000 });
    client.on('error', (error) => this.lost(error, client));
    client.on('end', () => this.lost(new Error('connection ended'), client));
    client.on('notification', (message) => this.received(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#live = true;
    if (this.#attempt > 0) this.log?.info({ attempts: this.#attempt }, 'invalidation listener reconnected');
    this.#attempt = 0;
    // Whatever was published while we were deaf is lost: start from the database again.
    this.reset();
  }

  private lost(error: unknown, client?: pg.Client): void {
    if (client && client !== this.#client) return;
    this.#client = undefined;
    this.#live = false;
    this.reset();
    client?.removeAllListeners('notification');
    void client?.end().catch(() => undefined);
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

function split(event: Invalidation): Invalidation[] {
  if (event.kind !== 'tokens' || event.ids.length <= IDS_PER_NOTIFICATION) return [event];
  const parts: Invalidation[] = [];
  for (let start = 0; start < event.ids.length; start += IDS_PER_NOTIFICATION) {
    parts.push({ kind: 'tokens', ids: event.ids.slice(start, start + IDS_PER_NOTIFICATION) });
  }
  return parts;
}
