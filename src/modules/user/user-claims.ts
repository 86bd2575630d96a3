import { claimsOf, type IdentityClaim } from '../access/identity-scopes.js';
import type { User } from './user.entity.js';

/** OpenID Connect Core §5.1 standard claims, as userinfo answers them. */
export type UserClaims = { sub: string } & Partial<Record<IdentityClaim, string | number | boolean>>;

/**
 * The claims the granted identity scopes release about a user (OIDC Core §5.4). A claim
 * with no value (no name, no phone) is left out rather than sent as null (§5.3.2).
 */
export function userClaims(user: User, scopes: readonly string[]): UserClaims {
  const values: Record<IdentityClaim, string | number | boolean | null> = {
    name: user.name ?? null,
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    email: user.email,
    email_verified: user.emailVerified,
    phone_number: user.phone ?? null,
    phone_number_verified: user.phone ? user.phoneVerified : null,
  };
  const claims: UserClaims = { sub: user.id };
  for (const claim of claimsOf(scopes)) {
    const value = values[claim];
    if (value !== null) claims[claim] = value;
  }
  return claims;
}
