/**
 * OpenID Connect's identity scopes (Core 1.0 §5.4), beside the permission scopes. They
 * grant no permission: they say which facts about the signed-in user a client may learn
 * (an ID token for `openid`, userinfo claims for the others). They need a user, so no
 * client-credentials token carries one.
 */
export const IDENTITY_SCOPES = {
  openid: {
    description: 'Sign you in with your account',
    claims: [],
  },
  profile: {
    description: 'See your name',
    claims: ['name', 'updated_at'],
  },
  email: {
    description: 'See your email address',
    claims: ['email', 'email_verified'],
  },
  phone: {
    description: 'See your phone number',
    claims: ['phone_number', 'phone_number_verified'],
  },
} as const satisfies Record<string, { description: string; claims: readonly string[] }>;

export type IdentityScope = keyof typeof IDENTITY_SCOPES;
export type IdentityClaim = (typeof IDENTITY_SCOPES)[IdentityScope]['claims'][number];

export const IDENTITY_SCOPE_NAMES = Object.keys(IDENTITY_SCOPES) as IdentityScope[];

/** The scope that makes a request an OpenID Connect one. */
export const OPENID_SCOPE = 'openid';

export function isIdentityScope(scope: string): scope is IdentityScope {
  return Object.hasOwn(IDENTITY_SCOPES, scope);
}

/** Every claim the scopes release, in the order of the scopes. */
export function claimsOf(scopes: readonly string[]): IdentityClaim[] {
  return scopes.filter(isIdentityScope).flatMap((scope) => IDENTITY_SCOPES[scope].claims);
}
