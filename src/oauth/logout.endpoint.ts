import { bearerChallenge } from '../auth/challenge.js';
import { AuthenticationError, type Principal } from '../auth/principal.js';
import type { EndpointContext } from './context.js';
import { InvalidToken } from './errors.js';
import { clearRefreshCookie } from './proxy.routes.js';

/**
 * `POST /logout` with `Authorization: Bearer …`: steps authenticate, revoke (the
 * access token and every refresh family issued with it, seen by all instances at
 * once), clearCookie (the first-party proxy's cookie of the token's client).
 */
export async function logoutEndpoint(ctx: EndpointContext): Promise<void> {
  const principal = await authenticate(ctx);
  await ctx.services.revoker.revokeAccessToken(
    ctx.em,
    principal.tokenId,
    { reason: 'logout', actor: { type: principal.type, id: principal.userId ?? principal.clientId }, ip: ctx.request.ip },
    true,
  );
  for (const client of ctx.services.config.proxyClients.values()) {
    if (client.id === principal.clientId) clearRefreshCookie(ctx.reply, ctx.services, client.name);
  }
}

async function authenticate(ctx: EndpointContext): Promise<Principal> {
  try {
    return await ctx.services.authenticator.authenticate(ctx.request.headers.authorization);
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw new InvalidToken(error.message, bearerChallenge(ctx.services.config, error));
    }
    throw error;
  }
}
