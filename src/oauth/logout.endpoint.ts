import type { EndpointContext } from './context.js';
import { clearRefreshCookie } from './proxy.routes.js';
import { authenticateResource } from './resource-auth.js';

/**
 * `POST /logout` with `Authorization: Bearer …`: steps authenticate, revoke (the
 * access token and every refresh family issued with it, seen by all instances at
 * once), clearCookie (the first-party proxy's cookie of the token's client).
 */
export async function logoutEndpoint(ctx: EndpointContext): Promise<void> {
  const principal = await authenticateResource(ctx, { resourceMetadata: true });
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
