import { bearerChallenge, insufficientScopeChallenge } from '../auth/challenge.js';
import { AuthenticationError, type Principal } from '../auth/principal.js';
import { OPENID_SCOPE } from '../modules/access/identity-scopes.js';
import { User } from '../modules/user/user.entity.js';
import { type UserClaims, userClaims } from '../modules/user/user-claims.js';
import { checkWebOrigin } from './client-auth.js';
import type { EndpointContext } from './context.js';
import { InsufficientScope, InvalidToken } from './errors.js';
import { authenticateResource } from './resource-auth.js';

/**
 * `GET|POST /oauth/userinfo` (OIDC Core §5.3) with `Authorization: Bearer …` (or `DPoP …` with its proof). Steps:
 * authenticate (the same checks as GraphQL: signature, revocation, client, user),
 * checkOrigin (a browser script only from the token's client's web origins), requireOpenid (a user token granted `openid`), loadUser, releaseClaims (per granted
 * identity scope). Errors are RFC 6750's, with their `WWW-Authenticate` challenge.
 */
export async function userinfoEndpoint(ctx: EndpointContext): Promise<UserClaims> {
  const principal = await authenticateResource(ctx, { resourceMetadata: false });
  await checkOrigin(ctx, principal);
  const userId = requireOpenid(principal);
  const user = await ctx.em.findOne(User, { id: userId });
  // The authenticator saw the user a moment ago; deleted since, the token is as good as revoked.
  if (!user) throw new InvalidToken('the user of this token no longer exists', challenge(ctx, 'the user no longer exists'));
  return userClaims(user, principal.scopes);
}

async function checkOrigin(ctx: EndpointContext, principal: Principal): Promise<void> {
  if (ctx.request.headers.origin === undefined) return;
  const client = await ctx.services.state.client(principal.clientId);
  if (client) checkWebOrigin(ctx, client);
}

function requireOpenid(principal: Principal): string {
  if (!principal.userId || !principal.scopes.includes(OPENID_SCOPE)) {
    const description = 'userinfo needs a user token granted the openid scope';
    throw new InsufficientScope(description, insufficientScopeChallenge(OPENID_SCOPE, description));
  }
  return principal.userId;
}

function challenge(ctx: EndpointContext, message: string): string {
  return bearerChallenge(ctx.services.config, new AuthenticationError('revoked', message), { resourceMetadata: false });
}
