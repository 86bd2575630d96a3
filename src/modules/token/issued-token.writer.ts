import type { EntityManager } from '@mikro-orm/core';
import { GroupCommit } from '../../db/group-commit.js';
import type { Orm } from '../../db/orm.js';
import { type IssuedTokenRecord, insertIssuedTokens } from './token.repository.js';

/**
 * Group commit for issued tokens (see {@link GroupCommit}): the tokens issued while a
 * statement runs are written by the next one (token, refresh token and audit rows
 * together), and every caller waits for its own statement.
 */
export class IssuedTokenWriter {
  readonly #group: GroupCommit<IssuedTokenRecord, void>;

  constructor(orm: Orm) {
    this.#group = new GroupCommit<IssuedTokenRecord, void>(orm, async (em, records) => {
      await insertIssuedTokens(em, records);
      return records.map(() => undefined);
    });
  }

  /** `em`: the caller's entity manager, or null for a caller in no transaction (then no fork is made for it). */
  write(em: EntityManager | null, record: IssuedTokenRecord): Promise<void> {
    return this.#group.write(em, record);
  }

  /** An entity manager of its own, for a caller that passed none. */
  fork(): EntityManager {
    return this.#group.orm.em.fork();
  }
}
