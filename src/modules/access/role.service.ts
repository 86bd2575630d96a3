import { InputError, NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/zod-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { Operation } from '../operation.js';
import { findPermissions, UnknownNameError } from './access.service.js';
import { ADMIN_ROLE } from './catalogue.js';
import type { Permission } from './permission.entity.js';
import { Role } from './role.entity.js';
import { findRole } from './role.repository.js';
import { type CreateRoleInput, createRoleSchema, type UpdateRoleInput, updateRoleSchema } from './role.validation.js';

/** Creates a role bundling the named permissions. */
export async function createRole(op: Operation, input: CreateRoleInput): Promise<Role> {
  const valid = parseInput(createRoleSchema, input, 'input');
  await ensureNameFree(op, valid.name);
  const role = op.em.create(Role, { name: valid.name, description: valid.description ?? '' });
  role.permissions.set(await namedPermissions(op, valid.permissions ?? []));
  recordAuditEvent(op.em, roleEvent(op, 'role.created', role, { permissions: valid.permissions ?? [] }));
  await op.em.flush();
  return role;
}

/**
 * Renames a role or replaces its permissions; every token of every subject holding
 * it sees the change on its next request. The built-in `admin` role is kept whole
 * by the permission sync, so it cannot be changed here.
 */
export async function updateRole(op: Operation, id: string, input: UpdateRoleInput): Promise<Role> {
  const valid = parseInput(updateRoleSchema, input, 'input');
  const role = await changeableRole(op, id);
  if (valid.name !== undefined && valid.name !== role.name) {
    await ensureNameFree(op, valid.name);
    role.name = valid.name;
  }
  if (valid.description !== undefined) role.description = valid.description ?? '';
  if (valid.permissions !== undefined) role.permissions.set(await namedPermissions(op, valid.permissions));
  recordAuditEvent(op.em, roleEvent(op, 'role.updated', role, { fields: Object.keys(valid), permissions: valid.permissions }));
  await op.em.flush();
  await op.publish({ kind: 'roles' });
  return role;
}

/** Deletes a role; subjects that held it lose its permissions at once. */
export async function deleteRole(op: Operation, id: string): Promise<Role> {
  const role = await changeableRole(op, id);
  await role.permissions.load();
  op.em.remove(role);
  recordAuditEvent(op.em, roleEvent(op, 'role.deleted', role, {}));
  await op.em.flush();
  await op.publish({ kind: 'roles' });
  return role;
}

async function changeableRole(op: Operation, id: string): Promise<Role> {
  const role = await findRole(op.em, id);
  if (!role) throw new NotFoundError('role', id);
  if (role.name === ADMIN_ROLE) throw new InputError('id', `the built-in ${ADMIN_ROLE} role cannot be changed or deleted`);
  return role;
}

async function ensureNameFree(op: Operation, name: string): Promise<void> {
  if (await op.em.count(Role, { name })) throw new InputError('input.name', 'a role with this name already exists');
}

async function namedPermissions(op: Operation, names: readonly string[]): Promise<Permission[]> {
  try {
    return await findPermissions(op.em, [...new Set(names)]);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new InputError('input.permissions', error.message);
    throw error;
  }
}

function roleEvent(op: Operation, action: string, role: Role, details: Record<string, unknown>) {
  return {
    action,
    actor: op.actor,
    ip: op.actor.ip,
    target: { type: 'role', id: role.id },
    details: { name: role.name, ...details },
  };
}
