import type { EntityManager } from '@mikro-orm/core';
import type { SubjectRef } from './subject.js';

const PIVOTS = {
  user: { roles: 'user_roles', permissions: 'user_permissions', column: 'user_id' },
  client: { roles: 'app_client_roles', permissions: 'app_client_permissions', column: 'app_client_id' },
} as const;

/**
 * Effective permissions of a subject (direct ∪ via roles) in one round trip.
 * Table names are constants above, never input.
 */
export async function loadEffectivePermissions(em: EntityManager, subject: SubjectRef): Promise<Set<string>> {
  const pivot = PIVOTS[subject.type];
  const rows = await em.getConnection().execute<{ name: string }[]>(
    `select p.name from permission p join ${pivot.permissions} d on d.permission_id = p.id where d.${pivot.column} = ?
     union
     select p.name from permission p
       join role_permissions rp on rp.permission_id = p.id
       join ${pivot.roles} r on r.role_id = rp.role_id
     where r.${pivot.column} = ?`,
    [subject.id, subject.id],
  );
  return new Set(rows.map((row: { name: string }) => row.name));
}
