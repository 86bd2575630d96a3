import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Label values outside these sets are reported as `other`, so no caller can grow a series set. */
const GRANTS = new Set(['client_credentials', 'password', 'refresh_token', 'authorization_code', 'personal_access']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);
const GRAPHQL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'QUERY_TOO_COSTLY',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export type AuthFailureKind = 'client' | 'login' | 'bearer' | 'dpop' | 'rate_limited';

/** A cache whose lookups are counted (GuardedCache). */
export interface CountedCache {
  readonly stats: { readonly hits: number; readonly misses: number; readonly bypasses: number };
  readonly size: number;
}

/** What the metrics read from the invalidation channel at scrape time. */
export interface ChannelHealth {
  readonly live: boolean;
  /** Seconds since the channel last proved itself (a heartbeat came back); null when it never did or needs none. */
  heartbeatAgeSeconds(): number | null;
}

/** A `pg` pool's counters (PostgreSQL only). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const pick = (value: string, allowed: ReadonlySet<string>) => (allowed.has(value) ? value : 'other');

/**
 * The instance's Prometheus series (PRODUCT §12), in a registry of its own so that
 * several apps in one process (the tests) never share counters. Counting is a few
 * property updates on the request path; the gauges and the cache counters are read
 * only when scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly #tokensIssued: Counter<'grant'>;
  readonly #authFailures: Counter<'kind' | 'reason'>;
  readonly #graphqlOperations: Counter<'type'>;
  readonly #graphqlErrors: Counter<'code'>;
  readonly #purged: Counter<'table'>;
  readonly #purgeLast: Gauge;
  readonly #caches = new Map<string, CountedCache>();
  #channel: ChannelHealth | undefined;
  #pool: (() => PoolCounts | undefined) | undefined;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'core_' });
    this.#requestDuration = new Histogram({
      name: 'core_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#tokensIssued = new Counter({
      name: 'core_tokens_issued_total',
      help: 'Access tokens issued, by grant type',
      labelNames: ['grant'],
      registers,
    });
    this.#authFailures = new Counter({
      name: 'core_authentication_failures_total',
      help: 'Failed authentications: client (invalid_client), login (password grant, proxy, login page), bearer (GraphQL), rate_limited (429)',
      labelNames: ['kind', 'reason'],
      registers,
    });
    this.#graphqlOperations = new Counter({
      name: 'core_graphql_operations_total',
      help: 'GraphQL operations executed or refused, by operation type',
      labelNames: ['type'],
      registers,
    });
    this.#graphqlErrors = new Counter({
      name: 'core_graphql_errors_total',
      help: 'GraphQL errors in responses, by extensions.code',
      labelNames: ['code'],
      registers,
    });
    this.#purged = new Counter({
      name: 'core_purge_deleted_rows_total',
      help: 'Rows deleted by the token purge, by table',
      labelNames: ['table'],
      registers,
    });
    this.#purgeLast = new Gauge({
      name: 'core_purge_last_success_timestamp_seconds',
      help: 'When a purge by this instance last completed (Unix time)',
      registers,
    });
    this.#registerScrapeTimeSeries(registers);
  }

  #registerScrapeTimeSeries(registers: Registry[]): void {
    const caches = this.#caches;
    new Counter({
      name: 'core_cache_lookups_total',
      help: 'Lookups in the in-process authorization caches: hit, miss (loaded from the database), bypass (channel not live)',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        this.reset();
        for (const [name, cache] of caches) {
          this.inc({ cache: name, result: 'hit' }, cache.stats.hits);
          this.inc({ cache: name, result: 'miss' }, cache.stats.misses);
          this.inc({ cache: name, result: 'bypass' }, cache.stats.bypasses);
        }
      },
    });
    new Gauge({
      name: 'core_cache_entries',
      help: 'Entries held by each in-process authorization cache',
      labelNames: ['cache'],
      registers,
      collect() {
        for (const [name, cache] of caches) this.set({ cache: name }, cache.size);
      },
    });
    const channel = () => this.#channel;
    new Gauge({
      name: 'core_invalidation_channel_live',
      help: '1 while the invalidation channel is proven live (caches in use), 0 while requests read the database',
      registers,
      collect() {
        const health = channel();
        if (health) this.set(health.live ? 1 : 0);
      },
    });
    new Gauge({
      name: 'core_invalidation_channel_heartbeat_age_seconds',
      help: 'Seconds since the invalidation channel last delivered its own heartbeat (PostgreSQL; 0 on PGlite, whose channel is in process)',
      registers,
      collect() {
        const age = channel()?.heartbeatAgeSeconds();
        if (age !== null && age !== undefined) this.set(age);
      },
    });
    const pool = () => this.#pool?.();
    new Gauge({
      name: 'core_db_pool_connections',
      help: 'PostgreSQL pool connections: total (open), idle, waiting (requests queued for a connection)',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = pool();
        if (!counts) return;
        this.set({ state: 'total' }, counts.totalCount);
        this.set({ state: 'idle' }, counts.idleCount);
        this.set({ state: 'waiting' }, counts.waitingCount);
      },
    });
  }

  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    this.#requestDuration.observe(
      { method: pick(method, METHODS), route: route ?? 'unmatched', status: String(status) },
      seconds,
    );
  }

  tokenIssued(grantType: string): void {
    this.#tokensIssued.inc({ grant: pick(grantType, GRANTS) });
  }

  authenticationFailed(kind: AuthFailureKind, reason: string): void {
    this.#authFailures.inc({ kind, reason });
  }

  graphqlOperation(type: string | undefined): void {
    this.#graphqlOperations.inc({ type: type ? pick(type, OPERATION_TYPES) : 'unknown' });
  }

  graphqlError(code: unknown): void {
    this.#graphqlErrors.inc({ code: typeof code === 'string' ? pick(code, GRAPHQL_CODES) : 'none' });
  }

  purged(table: string, rows: number): void {
    this.#purged.inc({ table }, rows);
  }

  purgeCompleted(at = Date.now()): void {
    this.#purgeLast.set(at / 1000);
  }

  watchCache(name: string, cache: CountedCache): void {
    this.#caches.set(name, cache);
  }

  watchChannel(channel: ChannelHealth): void {
    this.#channel = channel;
  }

  watchPool(counts: () => PoolCounts | undefined): void {
    this.#pool = counts;
  }
}
