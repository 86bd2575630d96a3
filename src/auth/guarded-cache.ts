import { LRUCache } from 'lru-cache';

/**
 * An in-process cache whose loads cannot resurrect stale state: a value loaded
 * while an invalidation happened is returned to its caller but not stored, and
 * concurrent misses for one key share a single load.
 */
export class GuardedCache<V> {
  readonly #entries: LRUCache<string, { value: V }>;
  readonly #loading = new Map<string, Promise<V>>();
  #epoch = 0;
  /** Lookups so far, for the metrics: answered from memory, loaded, or sent past the cache. */
  readonly stats = { hits: 0, misses: 0, bypasses: 0 };

  constructor(options: { max: number; ttlMs: number }) {
    this.#entries = new LRUCache({ max: options.max, ttl: options.ttlMs });
  }

  /** The cached value, or `load()`'s. With `bypass` the cache is neither read nor written. */
  async get(key: string, load: () => Promise<V>, bypass = false): Promise<V> {
    if (bypass) {
      this.stats.bypasses++;
      return load();
    }
    const hit = this.#entries.get(key);
    if (hit) {
      this.stats.hits++;
      return hit.value;
    }
    this.stats.misses++;
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const epoch = this.#epoch;
    const loading = load().finally(() => {
      if (this.#loading.get(key) === loading) this.#loading.delete(key);
    });
    this.#loading.set(key, loading);
    const value = await loading;
    if (epoch === this.#epoch) this.#entries.set(key, { value });
    return value;
  }

  /**
   * The value in memory now, or undefined: no load, and not counted (see {@link countHit}),
   * for a caller that only wants to know whether what it read before is still current.
   */
  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Counts a lookup answered by {@link peek} as a hit. */
  countHit(): void {
    this.stats.hits++;
  }

  /** Stores a value known to be current (e.g. just written by this instance). */
  set(key: string, value: V): void {
    this.#entries.set(key, { value });
  }

  delete(key: string): void {
    this.#epoch++;
    this.#entries.delete(key);
    this.#loading.delete(key);
  }

  clear(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#loading.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
