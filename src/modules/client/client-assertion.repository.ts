import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../../lib/secrets.js';

/**
 * Records an assertion's `jti` for its client until it expires; false when it was
 * already recorded (a replay), whichever instance saw it first. Expired entries of
 * the client go in the same statement, so the table holds live assertions only.
 */
export async function recordAssertionJti(em: EntityManager, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  const sql = em as unknown as SqlEntityManager;
  await sql.execute('delete from client_assertion_jti where client_id = ? and expires_at < now()', [clientId], 'run');
  const result = await sql.execute<{ affectedRows: number }>(
    'insert into client_assertion_jti (client_id, jti_hash, expires_at) values (?, ?, ?) on conflict do nothing',
    [clientId, sha256(jti), expiresAt],
    'run',
  );
  return result.affectedRows === 1;
}
