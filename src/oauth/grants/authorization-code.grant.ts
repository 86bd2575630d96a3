import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../../lib/secrets.js';
import type { AuthorizationCode } from '../../modules/token/authorization-code.entity.js';
import {
  claimAuthorizationCode,
  findAuthorizationCode,
  isExpired,
  tokensIssuedFromCode,
} from '../../modules/token/authorization-code.service.js';
import { dpopBinding } from '../dpop.js';
import { InvalidGrant, InvalidRequest } from '../errors.js';
import { withIdToken } from '../id-token.js';
import { grantedResource } from '../resource.js';
import type { Grant, GrantContext } from './grant.js';

/** RFC 7636 §4.1: 43–128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636). Steps: findCode, refuseReplay, checkBinding
 * (client, expiry, redirect URI), checkPkce, checkUser, then claim and issue in one
 * transaction: the claim is a conditional UPDATE, so of two concurrent exchanges one
 * wins, and the loser — waiting on the row — sees the winner's tokens and revokes them.
 * With `openid` granted, the ID token carries the code's `nonce` (bound to the code, so
 * it cannot be swapped in between) and its sign-in session's `auth_time` and `sid`.
 */
export const authorizationCodeGrant: Grant = {
  grantType: 'authorization_code',
  publicClients: true,
  parameters: ['code', 'redirect_uri', 'code_verifier', 'resource'],
  allowedFor: (client) => client.grantTypes.includes('authorization_code'),

  async handle(ctx) {
    const code = await findAuthorizationCode(ctx.em, ctx.params.require('code'));
    if (!code) throw new InvalidGrant('the authorization code is invalid');
    if (code.used) return replayed(ctx, code);
    checkBinding(ctx, code);
    checkPkce(ctx, code, ctx.params.get('code_verifier'));
    await checkUser(ctx, code);
    const resource = grantedResource(ctx.params, ctx.services.config.resources, code.resource ?? null);
    const signIn = code.authTime ? { sessionId: code.sessionId ?? null, authTime: code.authTime } : null;
    const { dpopJkt, refreshJkt } = dpopBinding(ctx.client, ctx.dpop, {
      jkt: code.dpopJkt ?? null,
      what: 'the authorization code',
    });
    const issued = await ctx.em.transactional(async (em) => {
      if (!(await claimAuthorizationCode(em, code.id))) return null;
      return ctx.services.tokens.issue(em, {
        client: ctx.client,
        userId: code.user.id,
        scopes: code.scopes,
        grantType: 'authorization_code',
        refresh: { signIn, dpopJkt: refreshJkt },
        dpopJkt,
        authorizationCodeId: code.id,
        resource,
        ip: ctx.request.ip,
      });
    });
    if (!issued) return replayed(ctx, code);
    const authentication = { userId: code.user.id, clientId: ctx.client.id, scopes: code.scopes, signIn, nonce: code.nonce };
    return withIdToken(ctx.services, issued.response, authentication);
  },
};

function checkBinding(ctx: GrantContext, code: AuthorizationCode): void {
  if (code.client.id !== ctx.client.id) throw new InvalidGrant('the authorization code was issued to another client');
  if (isExpired(code)) throw new InvalidGrant('the authorization code has expired');
  // Every authorization request names its redirect URI, so every exchange must repeat it (§4.1.3).
  if (ctx.params.get('redirect_uri') !== code.redirectUri) {
    throw new InvalidGrant('redirect_uri does not match the authorization request');
  }
}

function checkPkce(ctx: GrantContext, code: AuthorizationCode, verifier: string | undefined): void {
  if (!code.codeChallenge) {
    // The authorization endpoint never issues such a code; refused here too in case one exists.
    if (!ctx.client.confidential) throw new InvalidGrant('public clients must use PKCE');
    // A verifier for a code issued without a challenge is a downgrade attempt (RFC 9700 §2.1.1).
    if (verifier !== undefined)
      throw new InvalidGrant('code_verifier was sent but the authorization request had no code_challenge');
    return;
  }
  if (verifier === undefined) throw new InvalidGrant('code_verifier is required: the authorization request used PKCE');
  if (!CODE_VERIFIER.test(verifier)) throw new InvalidRequest('code_verifier must be 43 to 128 unreserved characters');
  const computed = createHash('sha256').update(verifier).digest('base64url');
  if (!constantTimeEqual(computed, code.codeChallenge)) throw new InvalidGrant('code_verifier does not match the code_challenge');
}

async function checkUser(ctx: GrantContext, code: AuthorizationCode): Promise<void> {
  const user = await ctx.services.state.user(code.user.id);
  if (!user || user.disabled) throw new InvalidGrant('the user of this authorization code is disabled');
}

/**
 * RFC 6749 §4.1.2: a code used twice is treated as stolen. Every token issued from it,
 * and every refresh token rotated from those, is revoked on every instance.
 */
async function replayed(ctx: GrantContext, code: AuthorizationCode): Promise<never> {
  const context = {
    reason: 'authorization_code_reuse',
    actor: { type: 'client' as const, id: ctx.client.id },
    ip: ctx.request.ip,
  };
  for (const tokenId of await tokensIssuedFromCode(ctx.em, code.id)) {
    await ctx.services.revoker.revokeAccessToken(ctx.em, tokenId, context, true);
  }
  throw new InvalidGrant('the authorization code was already used; the tokens issued from it have been revoked');
}
