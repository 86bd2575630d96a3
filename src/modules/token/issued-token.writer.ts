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

  write(em: EntityManager, record: IssuedTokenRecord): Promise<void> {
    return this.#group.write(em, record);
  }
}
