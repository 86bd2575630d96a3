import type { IssueRequest } from '../../auth/token-issuer.js';
import { sha256 } from '../../lib/secrets.js';
import { claimRefreshToken, findRefreshToken, type RefreshTokenRecord } from '../../modules/token/token.repository.js';
import { dpopBinding } from '../dpop.js';
import { InvalidGrant } from '../errors.js';
import { withIdToken } from '../id-token.js';
import { grantedResource } from '../resource.js';
import { defaultScopes, grantScopes, narrowScopes, parseScope } from '../scopes.js';
import type { Grant, GrantContext } from './grant.js';

/**
 * RFC 6749 §6 with rotation: every use marks the token used and issues a new one in
 * the same family. Steps: findToken, checkOwner, checkUsable, checkUser, chooseScopes,
 * then claim and issue in one transaction. The claim is a conditional UPDATE that also
 * lets the same client present the token again within `REFRESH_TOKEN_REUSE_GRACE` of
 * its first use (a new pair in the same family each time), so a lost response or two
 * tabs refreshing at once do not sign the user out. Past the grace, presenting a used
 * token is treated as theft: the whole family, every branch, is revoked. A refusal
 * before the claim (a wider scope, a disabled user) leaves the token usable. A family
 * that began with an OpenID Connect sign-in gets a new ID token each time (same `sub`,
 * `auth_time` and `sid`, no `nonce`) while `openid` stays in scope.
 */
export const refreshTokenGrant: Grant = {
  grantType: 'refresh_token',
  publicClients: true,
  parameters: ['refresh_token', 'scope', 'resource'],
  allowedFor: (client) => client.grantTypes.includes('password') || client.grantTypes.includes('authorization_code'),

  async handle(ctx) {
    const record = await findRefreshToken(ctx.em, sha256(ctx.params.require('refresh_token')));
    if (!record || record.clientId !== ctx.client.id) throw new InvalidGrant('the refresh token is invalid');
    if (record.revoked) throw new InvalidGrant('the refresh token was revoked');
    const grace = ctx.services.config.refreshTokenReuseGrace;
    // Clearly past the grace: no need to prepare anything (the claim below decides the close cases).
    if (record.used && (record.usedSecondsAgo === null || record.usedSecondsAgo > grace)) return reuseDetected(ctx, record);
    if (record.expiresAt.getTime() <= Date.now()) throw new InvalidGrant('the refresh token has expired');
    const successor = await prepareSuccessor(ctx, record);
    // Only the claim and the issue run in the transaction: lookups through other connections
    // (the auth state's caches) inside it would wait forever on PGlite's single connection.
    const issued = await ctx.em.transactional(async (em) =>
      (await claimRefreshToken(em, record.id, grace)) ? ctx.services.tokens.issue(em, successor) : null,
    );
    if (!issued) return reuseDetected(ctx, record);
    if (!record.userId) return issued.response;
    const authentication = { userId: record.userId, clientId: ctx.client.id, scopes: successor.scopes, signIn: record.signIn };
    return withIdToken(ctx.services, issued.response, authentication);
  },
};

async function reuseDetected(ctx: GrantContext, record: RefreshTokenRecord): Promise<never> {
  await ctx.services.revoker.revokeFamily(ctx.em, record.family, {
    reason: 'refresh_token_reuse',
    actor: { type: 'client', id: ctx.client.id },
    ip: ctx.request.ip,
  });
  throw new InvalidGrant('the refresh token was already used; every token of this grant has been revoked');
}

/**
 * A grant with explicit scopes keeps or narrows them (RFC 6749 §6). One whose scope was
 * left to its default stands for the subject's live permissions: it may be narrowed to any
 * of them, and refreshed without a scope it stays a default grant.
 */
function chooseScopes(
  ctx: GrantContext,
  record: RefreshTokenRecord,
  requested: string[] | undefined,
  held: ReadonlySet<string>,
): { scopes: string[]; defaultScope: boolean } {
  if (!record.defaultScope) return { scopes: narrowScopes(record.scopes, requested, held), defaultScope: false };
  const userToken = record.userId !== null;
  const fallback = () => defaultScopes(ctx.client, held, userToken);
  return {
    scopes: grantScopes({ requested, held, client: ctx.client, userToken, fallback }),
    defaultScope: requested === undefined,
  };
}

/** Everything the successor needs, checked before the token is claimed. */
async function prepareSuccessor(ctx: GrantContext, record: RefreshTokenRecord): Promise<IssueRequest> {
  const { services } = ctx;
  if (record.userId) {
    const user = await services.state.user(record.userId);
    if (!user || user.disabled) throw new InvalidGrant('the user of this grant is disabled');
  }
  const subject = record.userId ? { type: 'user' as const, id: record.userId } : { type: 'client' as const, id: ctx.client.id };
  const held = await services.state.subjectPermissions(subject);
  const requested = parseScope(ctx.params.get('scope'));
  const { dpopJkt, refreshJkt } = dpopBinding(ctx.client, ctx.dpop, { jkt: record.dpopJkt, what: 'the refresh token' });
  return {
    client: ctx.client,
    userId: record.userId,
    ...chooseScopes(ctx, record, requested, held),
    grantType: 'refresh_token',
    refresh: { family: record.family, signIn: record.signIn, dpopJkt: refreshJkt },
    dpopJkt,
    resource: grantedResource(ctx.params, services.config.resources, record.resource),
    ip: ctx.request.ip,
  };
}
