import { InputError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { AppClient } from '../client/app-client.entity.js';
import type { Operation } from '../operation.js';
import { User } from '../user/user.entity.js';
import { findPermissions, findRoles, UnknownNameError } from './access.service.js';
import type { SubjectRef } from './subject.js';

/** A user or an app client, with the roles and direct permissions it holds. */
export type Subject = User | AppClient;

export type AssignmentChange = 'assignRole' | 'removeRole' | 'givePermission' | 'revokePermission';

const AUDIT_ACTIONS: Record<AssignmentChange, string> = {
  assignRole: 'subject.role_assigned',
  removeRole: 'subject.role_removed',
  givePermission: 'subject.permission_given',
  revokePermission: 'subject.permission_revoked',
};

/**
 * Adds or removes one role or direct permission of a user or a client. Idempotent:
 * assigning what is held, or removing what is not, changes nothing but succeeds.
 * Every existing token of the subject sees the change on its next request.
 */
export async function changeAssignment(op: Operation, ref: SubjectRef, change: AssignmentChange, name: string): Promise<Subject> {
  const subject = await findSubject(op, ref);
  await Promise.all([subject.roles.load(), subject.permissions.load()]);
  if (change === 'assignRole' || change === 'removeRole') {
    const role = await known('role', () => findRoles(op.em, [name]));
    if (change === 'assignRole') subject.roles.add(role);
    else subject.roles.remove(role);
  } else {
    const permission = await known('permission', () => findPermissions(op.em, [name]));
    if (change === 'givePermission') subject.permissions.add(permission);
    else subject.permissions.remove(permission);
  }
  recordAuditEvent(op.em, {
    action: AUDIT_ACTIONS[change],
    actor: op.actor,
    ip: op.actor.ip,
    target: { type: ref.type, id: ref.id },
    details: change.endsWith('Role') ? { role: name } : { permission: name },
  });
  await op.em.flush();
  await op.publish({ kind: 'subject', type: ref.type, id: ref.id });
  return subject;
}

/** Deleted clients are not subjects any more: they cannot be given anything. */
async function findSubject(op: Operation, ref: SubjectRef): Promise<Subject> {
  const found = isUuid(ref.id)
    ? ref.type === 'user'
      ? await op.em.findOne(User, { id: ref.id })
      : await op.em.findOne(AppClient, { id: ref.id })
    : null;
  if (!found) throw new NotFoundError(ref.type, ref.id);
  return found;
}

/** Unknown names are the caller's mistake, named by the argument that carried them. */
async function known<T>(field: 'role' | 'permission', find: () => Promise<T[]>): Promise<T> {
  try {
    return (await find())[0];
  } catch (error) {
    if (error instanceof UnknownNameError) throw new InputError(field, error.message);
    throw error;
  }
}
