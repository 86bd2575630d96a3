import type { AccessTokenClaims } from '../auth/jwt.js';
import { AuthenticationError } from '../auth/principal.js';
import { sha256 } from '../lib/secrets.js';
import { findRefreshToken } from '../modules/token/token.repository.js';
import { authenticateClient, checkWebOrigin } from './client-auth.js';
import type { EndpointContext } from './context.js';
import type { RequestParams } from './params.js';

/**
 * `POST /oauth/revoke` (RFC 7009) as its steps: authenticateClient, checkWebOrigin, readToken,
 * revokeAccessToken or revokeRefreshToken (in the order the hint suggests). Unknown
 * tokens, and tokens of other clients, are answered like revoked ones (200): a client
 * revokes only its own and learns nothing about the others. Revoking a refresh token
 * revokes its whole grant (family), access tokens included (§2.1).
 */
export async function revokeEndpoint(ctx: EndpointContext, params: RequestParams): Promise<void> {
  const { client } = await authenticateClient(ctx, params, {
    allowPublic: true,
    authorization: ctx.request.headers.authorization,
  });
  checkWebOrigin(ctx, client);
  const token = params.require('token');
  const hint = params.get('token_type_hint');
  const attempts = hint === 'refresh_token' ? [revokeRefreshToken, revokeAccessToken] : [revokeAccessToken, revokeRefreshToken];
  for (const attempt of attempts) {
    if (await attempt(ctx, client.id, token)) return;
  }
}

/** True when the token was one of ours, revoked now or before. */
async function revokeAccessToken(ctx: EndpointContext, clientId: string, token: string): Promise<boolean> {
  const claims = await readAccessToken(ctx, token);
  if (!claims) return false;
  if (claims.clientId !== clientId) return true;
  await ctx.services.revoker.revokeAccessToken(ctx.em, claims.jti, {
    reason: 'revocation_endpoint',
    actor: { type: 'client', id: clientId },
    ip: ctx.request.ip,
  });
  return true;
}

async function revokeRefreshToken(ctx: EndpointContext, clientId: string, token: string): Promise<boolean> {
  const record = await findRefreshToken(ctx.em, sha256(token));
  if (!record) return false;
  if (record.clientId !== clientId || record.revoked) return true;
  await ctx.services.revoker.revokeFamily(ctx.em, record.family, {
    reason: 'revocation_endpoint',
    actor: { type: 'client', id: clientId },
    ip: ctx.request.ip,
  });
  return true;
}

/** Claims of a token we signed; expired or malformed tokens need no revoking. */
async function readAccessToken(ctx: EndpointContext, token: string): Promise<AccessTokenClaims | undefined> {
  if (token.split('.').length !== 3) return undefined;
  try {
    return await ctx.services.keys.verify(token);
  } catch (error) {
    if (error instanceof AuthenticationError) return undefined;
    throw error;
  }
}
