import type { EntityManager } from '@mikro-orm/core';
import type { Orm } from './orm.js';

/** Records per statement at most, so that a statement stays a reasonable size. */
const MAX_BATCH = 100;
/** Statements in flight at once: while they run, the next group gathers. */
const MAX_IN_FLIGHT = 2;

interface Pending<T, R> {
  record: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes a group of records in one statement; answers one result per record, in order.
 * Raw SQL only: the entity manager it is given is shared by every group statement, so no
 * entity may be loaded or persisted through it.
 */
export type GroupStatement<T, R> = (em: EntityManager, records: readonly T[]) => Promise<R[]>;

/**
 * Group commit. While a statement is running, the records written meanwhile gather and
 * are then written by one statement; every caller waits for its statement, so nothing
 * is answered before it is recorded, yet 32 concurrent requests pay a few round trips
 * (and, on PGlite, a few fsyncs), not 32. A lone record is written at once. If a group
 * fails, each record is retried alone, so one bad row fails only its own request. A
 * caller inside a transaction writes through it, immediately.
 */
export class GroupCommit<T, R> {
  #queue: Pending<T, R>[] = [];
  #scheduled = false;
  #inFlight = 0;
  /**
   * The entity manager every group statement runs through: one, made on first use, not a
   * fork per statement (a fork builds an entity manager and its unit of work: ~30 µs).
   * Shared safely because a group statement is raw SQL outside any transaction — nothing
   * enters its identity map — and each statement takes its own pooled connection.
   */
  #em: EntityManager | undefined;

  constructor(
    readonly orm: Orm,
    private readonly statement: GroupStatement<T, R>,
  ) {}

  /** `em`: the caller's entity manager, or null for a caller in no transaction (no fork is made for it). */
  async write(em: EntityManager | null, record: T): Promise<R> {
    if (em?.isInTransaction()) return (await this.statement(em, [record]))[0];
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.#scheduled || this.#inFlight >= MAX_IN_FLIGHT || this.#queue.length === 0) return;
    this.#scheduled = true;
    // After this turn's I/O callbacks: the records being written right now join the group.
    setImmediate(() => {
      this.#scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.#queue.splice(0, MAX_BATCH);
    if (group.length === 0) return;
    this.#inFlight += 1;
    try {
      await this.commit(group);
    } finally {
      this.#inFlight -= 1;
      this.schedule();
    }
  }

  private async commit(group: Pending<T, R>[]): Promise<void> {
    try {
      this.#em ??= this.orm.em.fork();
      const results = await this.statement(
        this.#em,
        group.map((pending) => pending.record),
      );
      for (const [index, pending] of group.entries()) pending.resolve(results[index]);
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      await Promise.all(group.map((pending) => this.commit([pending])));
    }
  }
}
