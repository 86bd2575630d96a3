import { ALL_SCOPE } from '../modules/access/catalogue.js';

/**
 * A request's effective permissions: the subject's own permissions, narrowed to the
 * token's scopes (`*` = no narrowing) and, for user tokens, to the client's allowed
 * scopes. An empty allowed-scopes list means the client is not restricted (as a
 * Passport client without scopes): the user's grant and the token's scopes still apply.
 */
export function effectivePermissions(
  subjectPermissions: ReadonlySet<string>,
  tokenScopes: readonly string[],
  /** Null for client tokens, where the client's own permissions are the subject's. */
  clientAllowedScopes: readonly string[] | null,
): Set<string> {
  const byToken = narrow(subjectPermissions, tokenScopes);
  if (!clientAllowedScopes || clientAllowedScopes.length === 0) return byToken;
  return narrow(byToken, clientAllowedScopes);
}

function narrow(permissions: ReadonlySet<string>, scopes: readonly string[]): Set<string> {
  if (scopes.includes(ALL_SCOPE)) return new Set(permissions);
  return new Set(scopes.filter((scope) => permissions.has(scope)));
}
