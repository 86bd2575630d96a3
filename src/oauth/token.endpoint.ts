import type { TokenResponse } from '../auth/token-issuer.js';
import { authenticateClient, type ClientRequestOrigin, checkWebOrigin } from './client-auth.js';
import type { EndpointContext } from './context.js';
import { checkTokenProof } from './dpop.js';
import { UnauthorizedClient, UnsupportedGrantType } from './errors.js';
import { type Grant, grants } from './grants/index.js';
import type { RequestParams } from './params.js';

/**
 * `POST /oauth/token` (RFC 6749 §3.2) as its steps: selectGrant,
 * authenticateClient, checkWebOrigin, checkGrantAllowed, checkTokenProof (RFC 9449),
 * dispatchGrant. The HTTP route
 * adds `Cache-Control: no-store` and turns errors into RFC 6749 §5.2 responses.
 */
export async function tokenEndpoint(
  ctx: EndpointContext,
  params: RequestParams,
  from: ClientRequestOrigin = { authorization: ctx.request.headers.authorization, checkOrigin: true },
): Promise<TokenResponse> {
  const grant = selectGrant(params);
  const { client, method } = await authenticateClient(ctx, params, {
    allowPublic: grant.publicClients,
    authorization: from.authorization,
  });
  if (from.checkOrigin) checkWebOrigin(ctx, client);
  checkGrantAllowed(grant, client);
  const dpop = await checkTokenProof(ctx, client);
  // Assigned, not spread: a spread would read `ctx.em` and fork an entity manager the grant may not need.
  return grant.handle(Object.assign(ctx, { params, client, authMethod: method, dpop }));
}

function selectGrant(params: RequestParams): Grant {
  const grantType = params.require('grant_type');
  const grant = grants.get(grantType);
  if (!grant) throw new UnsupportedGrantType(`the grant type "${grantType.slice(0, 100)}" is not supported`);
  return grant;
}

function checkGrantAllowed(grant: Grant, client: Parameters<Grant['allowedFor']>[0]): void {
  if (!grant.allowedFor(client)) {
    throw new UnauthorizedClient(`this client may not use the ${grant.grantType} grant`);
  }
}
