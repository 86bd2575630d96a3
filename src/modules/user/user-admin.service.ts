import { z } from 'zod';
import { InputError, NotFoundError } from '../../lib/errors.js';
import { hashSecret } from '../../lib/secrets.js';
import { parseInput } from '../../lib/zod-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { Operation } from '../operation.js';
import { User } from './user.entity.js';
import { findUser } from './user.repository.js';
import { createUser, DuplicateUserError } from './user.service.js';
import { emailSchema, nameSchema, passwordSchema, phoneSchema, type UserInput, userInputSchema } from './user.validation.js';

export const updateUserSchema = z.object({
  email: emailSchema.optional(),
  phone: phoneSchema.nullish(),
  password: passwordSchema.optional(),
  disabled: z.boolean().optional(),
  name: nameSchema.nullish(),
  emailVerified: z.boolean().optional(),
  phoneVerified: z.boolean().optional(),
});

export type UpdateUserInput = z.input<typeof updateUserSchema>;

/** Creates a user through the same code as `user:create`, and audits it. */
export async function createUserAccount(op: Operation, input: UserInput): Promise<User> {
  parseInput(userInputSchema, input, 'input');
  const user = await withDuplicateAsInput(() => createUser(op.em, input));
  recordAuditEvent(op.em, userEvent(op, 'user.created', user.id, {}));
  await op.em.flush();
  return user;
}

/**
 * Changes a user. Every existing token sees the change on its next request
 * (a disabled user's tokens are refused from then on).
 */
export async function updateUserAccount(op: Operation, id: string, input: UpdateUserInput): Promise<User> {
  const valid = parseInput(updateUserSchema, input, 'input');
  const user = await existingUser(op, id);
  if (valid.email !== undefined && valid.email !== user.email) await ensureFree(op, 'email', valid.email);
  if (valid.phone && valid.phone !== user.phone) await ensureFree(op, 'phone', valid.phone);
  applyContactChanges(user, valid);
  if (valid.name !== undefined) user.name = valid.name;
  if (valid.disabled !== undefined) user.disabled = valid.disabled;
  if (valid.password !== undefined) user.passwordHash = await hashSecret(valid.password);
  recordAuditEvent(op.em, userEvent(op, 'user.updated', user.id, { fields: Object.keys(valid) }));
  await op.em.flush();
  await op.publish({ kind: 'user', id: user.id });
  return user;
}

/**
 * A new email or phone is unverified until an administrator says otherwise in the same
 * change; a phone that goes away takes its verification with it.
 */
function applyContactChanges(user: User, valid: z.output<typeof updateUserSchema>): void {
  if (valid.email !== undefined && valid.email !== user.email) {
    user.email = valid.email;
    user.emailVerified = false;
  }
  if (valid.phone !== undefined && valid.phone !== user.phone) {
    user.phone = valid.phone;
    user.phoneVerified = false;
  }
  if (valid.emailVerified !== undefined) user.emailVerified = valid.emailVerified;
  if (valid.phoneVerified !== undefined) {
    if (valid.phoneVerified && !user.phone) throw new InputError('input.phoneVerified', 'the user has no phone number to verify');
    user.phoneVerified = valid.phoneVerified;
  }
}

/** Deletes a user with its tokens and consents (database cascades); returns it as it was. */
export async function deleteUserAccount(op: Operation, id: string): Promise<User> {
  const user = await existingUser(op, id);
  op.em.remove(user);
  recordAuditEvent(op.em, userEvent(op, 'user.deleted', user.id, { email: user.email }));
  await op.em.flush();
  await op.publish({ kind: 'user', id: user.id });
  return user;
}

async function existingUser(op: Operation, id: string): Promise<User> {
  const user = await findUser(op.em, id);
  if (!user) throw new NotFoundError('user', id);
  return user;
}

async function ensureFree(op: Operation, field: 'email' | 'phone', value: string): Promise<void> {
  const taken = await op.em.count(User, field === 'email' ? { email: value } : { phone: value });
  if (taken) throw new InputError(`input.${field}`, `a user with this ${field} already exists`);
}

async function withDuplicateAsInput<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof DuplicateUserError) throw new InputError(`input.${error.field}`, error.message);
    throw error;
  }
}

function userEvent(op: Operation, action: string, id: string, details: Record<string, unknown>) {
  return { action, actor: op.actor, ip: op.actor.ip, target: { type: 'user', id }, details };
}
