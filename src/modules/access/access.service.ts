import type { EntityManager } from '@mikro-orm/core';
import { ADMIN_ROLE, PERMISSIONS } from './catalogue.js';
import { Permission } from './permission.entity.js';
import { Role } from './role.entity.js';

export interface SyncResult {
  created: string[];
  total: number;
}

/**
 * Brings the catalogue into the database: adds missing permissions, refreshes
 * descriptions, and makes the `admin` role hold every permission. Permissions
 * created at run time are kept.
 */
export async function syncPermissions(em: EntityManager): Promise<SyncResult> {
  const existing = new Map((await em.find(Permission, {})).map((permission) => [permission.name, permission]));
  const created: string[] = [];
  for (const definition of PERMISSIONS) {
    const found = existing.get(definition.name);
    if (found) {
      found.description = definition.description;
      continue;
    }
    const permission = em.create(Permission, definition);
    existing.set(definition.name, permission);
    created.push(definition.name);
  }
  const admin: Role =
    (await em.findOne(Role, { name: ADMIN_ROLE }, { populate: ['permissions'] })) ??
    em.create(Role, { name: ADMIN_ROLE, description: 'Holds every permission' });
  admin.permissions.set([...existing.values()]);
  await em.flush();
  return { created, total: existing.size };
}

/** Finds permissions by name; throws naming the first unknown one. */
export async function findPermissions(em: EntityManager, names: readonly string[]): Promise<Permission[]> {
  if (names.length === 0) return [];
  const found = await em.find(Permission, { name: { $in: [...names] } });
  const missing = names.find((name) => !found.some((permission) => permission.name === name));
  if (missing) throw new UnknownNameError('permission', missing);
  return found;
}

/** Finds roles by name; throws naming the first unknown one. */
export async function findRoles(em: EntityManager, names: readonly string[]): Promise<Role[]> {
  if (names.length === 0) return [];
  const found = await em.find(Role, { name: { $in: [...names] } });
  const missing = names.find((name) => !found.some((role) => role.name === name));
  if (missing) throw new UnknownNameError('role', missing);
  return found;
}

export class UnknownNameError extends Error {
  constructor(
    readonly kind: 'permission' | 'role',
    readonly value: string,
  ) {
    super(`unknown ${kind} "${value}"`);
  }
}
