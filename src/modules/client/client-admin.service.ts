import { z } from 'zod';
import { InputError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { findPermissions, UnknownNameError } from '../access/access.service.js';
import { ALL_SCOPE } from '../access/catalogue.js';
import { isIdentityScope } from '../access/identity-scopes.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { Operation } from '../operation.js';
import { AccessToken } from '../token/access-token.entity.js';
import { familiesOfAccessToken, revokeAccessTokenRow, revokeFamily, revokeTokensOf } from '../token/token.repository.js';
import type { AppClient, TokenEndpointAuthMethod } from './app-client.entity.js';
import { findClient } from './client.repository.js';
import { createClient, rotateClientSecret } from './client.service.js';
import { type ClientInput, clientInputSchema, originsOf } from './client.validation.js';

export interface NewClientInput extends ClientInput {
  roles?: string[] | null;
  permissions?: string[] | null;
}

const grantsSchema = z.object({
  roles: z.array(z.string().max(100)).max(100).nullish(),
  permissions: z.array(z.string().max(100)).max(500).nullish(),
});

type ChangeableSettings = Omit<ClientInput, 'confidential' | 'tokenEndpointAuthMethod'>;

/**
 * What may change after creation; null or absent leaves a setting as it is.
 * Confidentiality is fixed (a public client has no secret to rotate into).
 */
export type ClientChanges = { [K in keyof ChangeableSettings]?: ChangeableSettings[K] | null };

/** Creates a client with its roles and permissions; the secret is returned once. */
export async function createAppClient(
  op: Operation,
  input: NewClientInput,
): Promise<{ client: AppClient; secret: string | null }> {
  const { roles, permissions, ...fields } = input;
  const valid = parseInput(clientInputSchema, fields, 'input');
  const grants = parseInput(grantsSchema, { roles, permissions }, 'input');
  await checkAllowedScopes(op, valid.allowedScopes, valid.firstParty);
  const created = await op.em.transactional(async (em) => {
    const result = await asInput(() =>
      createClient(em, valid, { roles: grants.roles ?? [], permissions: grants.permissions ?? [] }),
    );
    recordAuditEvent(em, clientEvent(op, 'client.created', result.client.id, { name: valid.name, grantTypes: valid.grantTypes }));
    return result;
  });
  return created;
}

/** Changes a client's settings; its live tokens see the change on their next request. */
export async function updateAppClient(op: Operation, id: string, changes: ClientChanges): Promise<AppClient> {
  const client = await liveClient(op, id);
  const settings: ClientInput = { ...currentSettings(client), ...definedOnly(changes) };
  // Web origins left at their default follow the redirect URIs; set ones stay as they are.
  if (changes.webOrigins == null && sameList(client.webOrigins, originsOf(client.redirectUris))) settings.webOrigins = undefined;
  const merged = parseInput(clientInputSchema, settings, 'input');
  await checkAllowedScopes(op, merged.allowedScopes, merged.firstParty);
  op.em.assign(client, merged);
  recordAuditEvent(op.em, clientEvent(op, 'client.updated', client.id, { fields: Object.keys(definedOnly(changes)) }));
  await op.em.flush();
  await op.publish({ kind: 'client', id: client.id });
  return client;
}

/** Gives a confidential client a new secret; the old one stops working at once. */
export async function rotateAppClientSecret(op: Operation, id: string): Promise<{ client: AppClient; secret: string }> {
  const client = await liveClient(op, id);
  if (!client.confidential) throw new InputError('id', 'a public client has no secret');
  if (client.tokenEndpointAuthMethod === 'private_key_jwt') throw new InputError('id', 'a private_key_jwt client has no secret');
  const secret = await op.em.transactional(async (em) => {
    recordAuditEvent(em, clientEvent(op, 'client.secret_rotated', client.id, {}));
    return rotateClientSecret(em, client);
  });
  await op.publish({ kind: 'client', id: client.id });
  return { client, secret };
}

/**
 * Soft-deletes a client and revokes every token it holds, in one transaction; every
 * instance refuses those tokens from the next request. Restoring does not revive them.
 */
export async function deleteAppClient(op: Operation, id: string): Promise<AppClient> {
  const client = await liveClient(op, id);
  const revoked = await op.em.transactional(async (em) => {
    client.deletedAt = new Date();
    const ids = await revokeTokensOf(em, { clientId: client.id });
    recordAuditEvent(em, clientEvent(op, 'client.deleted', client.id, { revokedTokens: ids.length }));
    return ids;
  });
  await op.publish({ kind: 'client', id: client.id });
  if (revoked.length > 0) await op.publish({ kind: 'tokens', ids: revoked });
  return client;
}

/** Brings a soft-deleted client back, without its old tokens. */
export async function restoreAppClient(op: Operation, id: string): Promise<AppClient> {
  const client = await findClient(op.em, id);
  if (!client) throw new NotFoundError('client', id);
  if (!client.deletedAt) throw new InputError('id', 'the client is not deleted');
  client.deletedAt = null;
  recordAuditEvent(op.em, clientEvent(op, 'client.restored', client.id, {}));
  await op.em.flush();
  await op.publish({ kind: 'client', id: client.id });
  return client;
}

/**
 * Revokes one of the client's access tokens with the refresh families issued beside it,
 * or, without `tokenId`, every token the client holds; each is refused on every instance
 * from the next request. Returns the revoked access token ids.
 */
export async function revokeAppClientTokens(op: Operation, id: string, tokenId: string | null): Promise<string[]> {
  // An empty or malformed id names no token: it must never mean "all of them", nor reach SQL as a uuid.
  if (tokenId !== null && tokenId !== undefined && !isUuid(tokenId)) throw new InputError('tokenId', 'must be a token id (UUID)');
  const client = await findClient(op.em, id);
  if (!client) throw new NotFoundError('client', id);
  const one = tokenId ?? null;
  if (one !== null && !(await op.em.count(AccessToken, { id: one, client: client.id }))) throw new NotFoundError('token', one);
  const revoked = await op.em.transactional(async (em) => {
    const ids = one !== null ? await revokeOneWithFamilies(em, one) : await revokeTokensOf(em, { clientId: client.id });
    recordAuditEvent(em, clientEvent(op, 'client.tokens_revoked', client.id, { revokedTokens: ids.length, tokenId }));
    return [...new Set(ids)];
  });
  if (revoked.length > 0) await op.publish({ kind: 'tokens', ids: revoked });
  return revoked;
}

async function revokeOneWithFamilies(em: Operation['em'], tokenId: string): Promise<string[]> {
  const ids = (await revokeAccessTokenRow(em, tokenId)) ? [tokenId] : [];
  for (const family of await familiesOfAccessToken(em, tokenId)) ids.push(...(await revokeFamily(em, family)));
  return ids;
}

async function liveClient(op: Operation, id: string): Promise<AppClient> {
  const client = await findClient(op.em, id);
  if (!client || client.deletedAt) throw new NotFoundError('client', id);
  return client;
}

/** Allowed scopes are permission names or identity scopes (`openid`, …); `*` (everything the user holds) is for first-party clients only. */
async function checkAllowedScopes(op: Operation, scopes: readonly string[], firstParty: boolean): Promise<void> {
  if (scopes.includes(ALL_SCOPE) && !firstParty) {
    throw new InputError('input.allowedScopes', `"${ALL_SCOPE}" may be allowed only to first-party clients`);
  }
  const permissionScopes = scopes.filter((scope) => scope !== ALL_SCOPE && !isIdentityScope(scope));
  await asInput(() => findPermissions(op.em, [...new Set(permissionScopes)]), 'input.allowedScopes');
}

function currentSettings(client: AppClient): ClientInput {
  const {
    name,
    description,
    grantTypes,
    redirectUris,
    postLogoutRedirectUris,
    confidential,
    firstParty,
    requirePushedAuthorizationRequests,
    requireDpop,
    tokenEndpointAuthMethod,
    jwks,
    allowedScopes,
    webOrigins,
  } = client;
  return {
    name,
    description,
    grantTypes,
    redirectUris,
    postLogoutRedirectUris,
    confidential,
    firstParty,
    requirePushedAuthorizationRequests,
    requireDpop,
    tokenEndpointAuthMethod: tokenEndpointAuthMethod as TokenEndpointAuthMethod,
    jwks: (jwks ?? null) as ClientInput['jwks'],
    allowedScopes,
    webOrigins,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** GraphQL sends omitted and null alike; neither changes a setting. */
function definedOnly(changes: ClientChanges): Partial<ChangeableSettings> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined && value !== null));
}

async function asInput<T>(run: () => Promise<T>, field?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UnknownNameError) throw new InputError(field ?? `input.${error.kind}s`, error.message);
    throw error;
  }
}

function clientEvent(op: Operation, action: string, id: string, details: Record<string, unknown>) {
  return { action, actor: op.actor, ip: op.actor.ip, target: { type: 'client', id }, details };
}
