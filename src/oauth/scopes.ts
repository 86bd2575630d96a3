import type { ClientSnapshot } from '../auth/auth-state.js';
import { ALL_SCOPE } from '../modules/access/catalogue.js';
import { isIdentityScope } from '../modules/access/identity-scopes.js';
import { InvalidScope } from './errors.js';

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const MAX_SCOPES = 200;

/** The requested scopes, or undefined when the parameter was absent. Order kept, duplicates dropped. */
export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const scopes = [...new Set(value.split(' ').filter(Boolean))];
  if (scopes.length === 0) return undefined;
  if (scopes.length > MAX_SCOPES) throw new InvalidScope(`at most ${MAX_SCOPES} scopes may be requested`);
  const bad = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
  if (bad !== undefined) throw new InvalidScope('scope contains a malformed scope token');
  return scopes;
}

/**
 * Scopes for a token whose subject holds `held` permissions. Scopes are permission
 * names; `*` ("all of the subject's permissions") only for first-party clients.
 * Nothing requested → `fallback`. Asking for a permission the subject lacks, or
 * one outside the client's allowed scopes (user tokens, when the list is not empty),
 * is `invalid_scope`.
 */
export function grantScopes(options: {
  requested: string[] | undefined;
  held: ReadonlySet<string>;
  client: ClientSnapshot;
  /** The client's allowed scopes apply to user tokens only. */
  userToken: boolean;
  fallback: () => string[];
}): string[] {
  const { requested, held, client, userToken } = options;
  if (!requested) return options.fallback();
  const identity = requested.filter(isIdentityScope);
  if (identity.length > 0 && !userToken) throw new InvalidScope(`the scope "${identity[0]}" needs a user`);
  if (requested.includes(ALL_SCOPE)) {
    if (!client.firstParty) throw new InvalidScope('the "*" scope is only for first-party clients');
    if (requested.length > identity.length + 1) throw new InvalidScope('"*" cannot be combined with other permission scopes');
    return requested;
  }
  const allowed = userToken && client.allowedScopes.length > 0 ? new Set(client.allowedScopes) : undefined;
  for (const scope of requested) {
    if (allowed && !allowed.has(scope) && !allowed.has(ALL_SCOPE)) {
      throw new InvalidScope(`the client may not request the scope "${scope}"`);
    }
    // Identity scopes are facts about the user, held by every user.
    if (!isIdentityScope(scope) && !held.has(scope))
      throw new InvalidScope(`the scope "${scope}" is not granted to ${userToken ? 'the user' : 'the client'}`);
  }
  return requested;
}

/**
 * What a token gets when no scope was asked for: first-party user tokens `*`, other user
 * tokens the client's allowed scopes or else the user's permissions, client tokens all of
 * the client's. Such a token is marked `defaultScope` and acts with the subject's live
 * permissions (see the authenticator); this list is what the response and the JWT report.
 */
export function defaultScopes(client: ClientSnapshot, held: ReadonlySet<string>, userToken: boolean): string[] {
  if (!userToken) return [...held].sort();
  if (client.firstParty) return [ALL_SCOPE];
  return client.allowedScopes.length > 0 ? [...client.allowedScopes] : [...held].sort();
}

/** A refresh may keep or narrow the original scopes, never widen them (RFC 6749 §6). */
export function narrowScopes(original: readonly string[], requested: string[] | undefined, held: ReadonlySet<string>): string[] {
  if (!requested) return [...original];
  // An identity scope is never implied: `*` covers permissions, not facts about the user.
  const newIdentity = requested.find((scope) => isIdentityScope(scope) && !original.includes(scope));
  if (newIdentity) throw new InvalidScope(`the scope "${newIdentity}" exceeds the original grant`);
  if (original.includes(ALL_SCOPE)) {
    const permissionScopes = requested.filter((scope) => !isIdentityScope(scope));
    if (requested.includes(ALL_SCOPE)) {
      if (permissionScopes.length > 1) throw new InvalidScope('"*" cannot be combined with other permission scopes');
      return requested;
    }
    const missing = permissionScopes.find((scope) => !held.has(scope));
    if (missing) throw new InvalidScope(`the scope "${missing}" is not granted to the user`);
    return requested;
  }
  const exceeding = requested.find((scope) => !original.includes(scope));
  if (exceeding) throw new InvalidScope(`the scope "${exceeding}" exceeds the original grant`);
  return requested;
}
