import type { EntityManager } from '@mikro-orm/core';
import { ALL_SCOPE } from '../../modules/access/catalogue.js';
import { isIdentityScope } from '../../modules/access/identity-scopes.js';
import type { AppClient } from '../../modules/client/app-client.entity.js';
import { describeScopes, type ScopeDescription } from '../../modules/consent/scope-descriptions.js';
import type { Fail } from './authorize-errors.js';

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The `scope` step of the authorization request: present, well-formed, within the
 * client's allowed scopes, and each a permission of the catalogue or an identity scope
 * (described in words for the consent screen). `*` may come with identity scopes only.
 */
export async function checkScopes(
  em: EntityManager,
  client: AppClient,
  scope: string | undefined,
  fail: Fail,
): Promise<ScopeDescription[]> {
  const names = [...new Set((scope ?? '').split(' ').filter(Boolean))];
  if (names.length === 0) throw fail('invalid_scope', 'scope is required');
  const malformed = names.find((name) => !SCOPE_TOKEN.test(name));
  if (malformed) throw fail('invalid_scope', 'scope contains characters that are not allowed');
  if (names.includes(ALL_SCOPE) && names.some((name) => name !== ALL_SCOPE && !isIdentityScope(name))) {
    throw fail('invalid_scope', '* cannot be combined with other permission scopes');
  }
  const refused = names.find((name) => !clientMayRequest(client, name));
  if (refused) throw fail('invalid_scope', `scope ${refused} is not allowed for this client`);
  const { described, unknown } = await describeScopes(em, names);
  if (unknown.length > 0) throw fail('invalid_scope', `scope ${unknown[0]} is not a known permission`);
  return described;
}

/**
 * Same rule as the token endpoint: `*` only for first-party clients; an empty
 * allowed-scopes list leaves the client unrestricted (a Passport client without
 * scopes). The list still narrows every request made with the token.
 */
function clientMayRequest(client: AppClient, scope: string): boolean {
  if (scope === ALL_SCOPE) return client.firstParty;
  return client.allowedScopes.length === 0 || client.allowedScopes.includes(ALL_SCOPE) || client.allowedScopes.includes(scope);
}
