import type { EntityManager } from '@mikro-orm/core';
import { isUuid } from '../../lib/ids.js';
import { Permission } from './permission.entity.js';
import { Role } from './role.entity.js';

/** Every role, by name. Roles are few: listed whole, not paginated. */
export function listRoles(em: EntityManager): Promise<Role[]> {
  return em.find(Role, {}, { orderBy: { name: 'asc' } });
}

/** The permission catalogue as stored, by name. */
export function listPermissions(em: EntityManager): Promise<Permission[]> {
  return em.find(Permission, {}, { orderBy: { name: 'asc' } });
}

export async function findRole(em: EntityManager, id: string): Promise<Role | null> {
  return isUuid(id) ? em.findOne(Role, { id }) : null;
}
