import type { EntityManager } from '@mikro-orm/core';
import { hashSecret } from '../../lib/secrets.js';
import { findPermissions, findRoles } from '../access/access.service.js';
import { ADMIN_ROLE } from '../access/catalogue.js';
import { User } from './user.entity.js';
import { type UserInput, userInputSchema } from './user.validation.js';

export interface UserGrants {
  admin?: boolean;
  roles?: readonly string[];
  permissions?: readonly string[];
}

export class DuplicateUserError extends Error {
  constructor(readonly field: 'email' | 'phone') {
    super(`a user with this ${field} already exists`);
  }
}

/** Creates a user with an argon2id password hash; `admin` adds the built-in admin role. */
export async function createUser(em: EntityManager, input: UserInput, grants: UserGrants = {}): Promise<User> {
  const valid = userInputSchema.parse(input);
  if (await em.count(User, { email: valid.email })) throw new DuplicateUserError('email');
  if (valid.phone && (await em.count(User, { phone: valid.phone }))) throw new DuplicateUserError('phone');
  const user = em.create(User, {
    email: valid.email,
    phone: valid.phone ?? null,
    name: valid.name ?? null,
    emailVerified: valid.emailVerified,
    phoneVerified: valid.phoneVerified,
    passwordHash: await hashSecret(valid.password),
  });
  const roleNames = [...(grants.roles ?? []), ...(grants.admin ? [ADMIN_ROLE] : [])];
  user.roles.set(await findRoles(em, [...new Set(roleNames)]));
  user.permissions.set(await findPermissions(em, grants.permissions ?? []));
  await em.flush();
  return user;
}
