import { proofRequest } from '../auth/authenticator.js';
import { resourceChallenges } from '../auth/challenge.js';
import { AuthenticationError, type Principal } from '../auth/principal.js';
import { offerDpopNonce } from '../http/dpop-nonce.js';
import type { EndpointContext } from './context.js';
import { resourceError } from './errors.js';

/**
 * The request's token, Bearer or DPoP with its proof (the same checks as `/graphql`), as
 * its {@link Principal}; a refusal is the RFC 6750 / RFC 9449 §7.1 error with its
 * `WWW-Authenticate` challenges (and a fresh `DPoP-Nonce` while nonces are required).
 */
export async function authenticateResource(ctx: EndpointContext, options: { resourceMetadata: boolean }): Promise<Principal> {
  const { request, services } = ctx;
  offerDpopNonce(ctx.reply, services.dpopNonces, request.headers.dpop !== undefined);
  try {
    return await services.authenticator.authenticate(
      request.headers.authorization,
      proofRequest(request, services.config.issuer),
    );
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw resourceError(error, resourceChallenges(services.config, error, options), services.dpopNonces?.current());
    }
    throw error;
  }
}
