import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { GroupCommit } from '../../db/group-commit.js';
import type { Orm } from '../../db/orm.js';
import { sha256 } from '../../lib/secrets.js';
import type { JtiPurpose } from './spent-jti.entity.js';

export interface SpentJtiInput {
  clientId: string;
  purpose: JtiPurpose;
  /** The `jti` with whatever scopes it (a DPoP proof's key thumbprint): only its SHA-256 is stored. */
  jti: string;
  /** When the token carrying it stops being acceptable anyway: the row may go then. */
  expiresAt: Date;
}

/** Expired rows each statement removes at most, so the table holds about the live entries however busy it is. */
const PRUNE_PER_STATEMENT = 100;

/**
 * Records `jti`s as spent, in one statement; for each, false when it was already
 * recorded (a replay), whichever instance saw it first — or earlier in the same group.
 * The statement also deletes a few expired rows through the `expires_at` index,
 * skipping rows another statement is deleting, so concurrent writers never wait on each
 * other; `tokens:purge` removes whatever is left.
 */
export async function recordSpentJtis(em: EntityManager, inputs: readonly SpentJtiInput[]): Promise<boolean[]> {
  const keyOf = (row: { client_id: string; purpose: string; jti_hash: string }) =>
    `${row.client_id}|${row.purpose}|${row.jti_hash}`;
  const rows = inputs.map((input) => ({ client_id: input.clientId, purpose: input.purpose, jti_hash: sha256(input.jti), input }));
  const firsts = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!firsts.has(keyOf(row))) firsts.set(keyOf(row), row);
  const unique = [...firsts.values()];
  const inserted = await (em as unknown as SqlEntityManager).execute<{ client_id: string; purpose: string; jti_hash: string }[]>(
    `with expired as (
       delete from spent_jti where ctid = any(array(
         select ctid from spent_jti where expires_at < now() limit ${PRUNE_PER_STATEMENT} for update skip locked))
     )
     insert into spent_jti (client_id, purpose, jti_hash, expires_at) values ${unique.map(() => '(?, ?, ?, ?)').join(', ')}
     on conflict do nothing returning client_id::text as client_id, purpose, jti_hash`,
    unique.flatMap((row) => [row.client_id, row.purpose, row.jti_hash, row.input.expiresAt]),
  );
  const fresh = new Set(inserted.map(keyOf));
  return rows.map((row) => firsts.get(keyOf(row)) === row && fresh.has(keyOf(row)));
}

/**
 * The single-use `jti` store of every instance (client assertions, DPoP proofs), with
 * the `jti`s spent concurrently written by one statement ({@link GroupCommit}): a DPoP
 * proof is spent on every resource request.
 */
export class SpentJtis {
  readonly #group: GroupCommit<SpentJtiInput, boolean>;

  constructor(orm: Orm) {
    this.#group = new GroupCommit(orm, recordSpentJtis);
  }

  /** True when the `jti` was not seen before; then it never passes again, on any instance. */
  spend(em: EntityManager, input: SpentJtiInput): Promise<boolean> {
    return this.#group.write(em, input);
  }
}
