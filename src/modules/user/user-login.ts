import type { EntityManager } from '@mikro-orm/core';
import type { LoginAttribute } from '../../config.js';
import { verifyAgainstDummy, verifySecret } from '../../lib/secrets.js';
import { User } from './user.entity.js';
import { emailSchema, phoneSchema } from './user.validation.js';

/** Longer inputs are refused before hashing: argon2 over megabytes is a cheap DoS. */
const MAX_PASSWORD_LENGTH = 1024;

/**
 * The user that `username` names under the configured login attributes (Apiato's
 * `login.attributes`): an email when `email` is enabled, an E.164 number when `phone`
 * is. Null when the text is neither, or when no such user exists.
 */
export async function findUserByLogin(
  em: EntityManager,
  attributes: readonly LoginAttribute[],
  username: string,
): Promise<User | null> {
  const text = username.trim();
  if (attributes.includes('email')) {
    const email = emailSchema.safeParse(text);
    if (email.success) return em.findOne(User, { email: email.data }, { populate: ['passwordHash'] });
  }
  if (attributes.includes('phone') && phoneSchema.safeParse(text).success) {
    return em.findOne(User, { phone: text }, { populate: ['passwordHash'] });
  }
  return null;
}

/**
 * Checks a username and password. Every failure — malformed username, unknown user,
 * disabled user, wrong password — returns null after one argon2 verification, so
 * neither the answer nor its timing tells whether the account exists.
 */
export async function authenticateUser(
  em: EntityManager,
  attributes: readonly LoginAttribute[],
  username: string,
  password: string,
): Promise<User | null> {
  if (password.length > MAX_PASSWORD_LENGTH) return verifyAgainstDummy(password.slice(0, MAX_PASSWORD_LENGTH)).then(() => null);
  const user = await findUserByLogin(em, attributes, username);
  if (!user) return verifyAgainstDummy(password).then(() => null);
  const valid = await verifySecret(user.passwordHash, password);
  return valid && !user.disabled ? user : null;
}
