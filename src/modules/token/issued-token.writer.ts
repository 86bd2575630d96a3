import type { EntityManager } from '@mikro-orm/core';
import type { Orm } from '../../db/orm.js';
import { type IssuedTokenRecord, insertIssuedTokens } from './token.repository.js';

/** Tokens per statement at most, so that a statement stays a reasonable size. */
const MAX_BATCH = 100;

interface Pending {
  record: IssuedTokenRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Statements in flight at once: while they run, the next group gathers. */
const MAX_IN_FLIGHT = 2;

interface Pending {
  record: IssuedTokenRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for issued tokens. While a statement is running, the tokens issued
 * meanwhile gather and are then written by one statement (token, refresh token and
 * audit rows together); every caller waits for its statement, so a token is never
 * answered before it is recorded, yet 32 concurrent integrations pay a few round
 * trips, not 32. A lone token is written at once. If a group fails, each record is
 * retried alone, so one bad row fails only its own request. A caller inside a
 * transaction writes through it, immediately.
 */
export class IssuedTokenWriter {
  #queue: Pending[] = [];
  #scheduled = false;
  #inFlight = 0;

  constructor(private readonly orm: Orm) {}

  /** `em`: the caller's entity manager, or null for a caller that is in no transaction (then no fork is made for it). */
  write(em: EntityManager | null, record: IssuedTokenRecord): Promise<void> {
    if (em?.isInTransaction()) return insertIssuedTokens(em, [record]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      this.schedule();
    });
  }

  /** An entity manager of its own, for a caller that passed none. */
  fork(): EntityManager {
    return this.orm.em.fork();
  }

  private schedule(): void {
    if (this.#scheduled || this.#inFlight >= MAX_IN_FLIGHT || this.#queue.length === 0) return;
    this.#scheduled = true;
    // After this turn's I/O callbacks: the tokens being issued right now join the group.
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

  private async commit(group: Pending[]): Promise<void> {
    try {
      await insertIssuedTokens(
        this.fork(),
        group.map((pending) => pending.record),
      );
      for (const pending of group) pending.resolve();
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      await Promise.all(group.map((pending) => this.commit([pending])));
    }
  }
}
