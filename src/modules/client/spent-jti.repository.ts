import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
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

/** Expired rows each insert removes at most, so the table holds about the live entries however busy it is. */
const PRUNE_PER_INSERT = 20;

/**
 * Records a `jti` as spent, in one statement (one round trip: a DPoP proof is recorded
 * on every resource request); false when it was already recorded (a replay), whichever
 * instance saw it first. The same statement deletes a few expired rows through the
 * `expires_at` index, skipping rows another request is deleting, so concurrent requests
 * never wait on each other; `tokens:purge` removes whatever is left.
 */
export async function recordSpentJti(em: EntityManager, input: SpentJtiInput): Promise<boolean> {
  const sql = em as unknown as SqlEntityManager;
  const rows = await sql.execute<{ spent: string }[]>(
    `with expired as (
       delete from spent_jti where ctid = any(array(
         select ctid from spent_jti where expires_at < now() limit ${PRUNE_PER_INSERT} for update skip locked))
     )
     insert into spent_jti (client_id, purpose, jti_hash, expires_at) values (?, ?, ?, ?)
     on conflict do nothing returning jti_hash as spent`,
    [input.clientId, input.purpose, sha256(input.jti), input.expiresAt],
  );
  return rows.length === 1;
}
