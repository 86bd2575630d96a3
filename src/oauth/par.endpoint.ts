import type { VerifiedProof } from '../auth/dpop-proof.js';
import { pushRequest } from '../modules/token/pushed-request.service.js';
import { AuthorizePageError, AuthorizeRedirectError } from './authorize/authorize-errors.js';
import { type RawParams, requestParams, validateAuthorizationRequest } from './authorize/authorize-request.js';
import { authenticateClient } from './client-auth.js';
import type { EndpointContext } from './context.js';
import { checkTokenProof } from './dpop.js';
import {
  InvalidDpopProof,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  type OAuthError,
  UnauthorizedClient,
  UnsupportedResponseType,
} from './errors.js';
import type { RequestParams } from './params.js';

/** RFC 9126 §2.3: what the pushed authorization request endpoint answers (201). */
export interface PushedAuthorizationResponse {
  request_uri: string;
  expires_in: number;
}

/**
 * `POST /oauth/par` (RFC 9126) as its steps: authenticateClient (as at the token
 * endpoint), checkClientId, validateRequest (every check of the authorization endpoint,
 * answered as JSON instead of a redirect), storeRequest. A DPoP proof with the push binds
 * the code to its key, as `dpop_jkt` would (RFC 9449 §10.1).
 */
export async function parEndpoint(ctx: EndpointContext, params: RequestParams): Promise<PushedAuthorizationResponse> {
  const { client } = await authenticateClient(ctx, params, {
    allowPublic: true,
    authorization: ctx.request.headers.authorization,
  });
  const fields = bindToProof(checkClientId(ctx.request.body, client.id), await checkTokenProof(ctx, client, false));
  const request = await validateRequest(ctx, fields);
  const { requestUri, expiresIn } = await pushRequest(ctx.em, client.id, Object.fromEntries(requestParams(request)));
  return { request_uri: requestUri, expires_in: expiresIn };
}

/** §2.1: `client_id` is the authenticated client's (it is always stored with the request). */
function checkClientId(body: unknown, clientId: string): RawParams {
  const fields = { ...(body as RawParams) };
  if (fields.client_id !== undefined && fields.client_id !== clientId) {
    throw new InvalidRequest('client_id does not match the authenticated client');
  }
  // Credentials are not part of the authorization request.
  delete fields.client_secret;
  delete fields.client_assertion;
  delete fields.client_assertion_type;
  return { ...fields, client_id: clientId };
}

function bindToProof(fields: RawParams, proof: VerifiedProof | null): RawParams {
  if (!proof) return fields;
  if (fields.dpop_jkt !== undefined && fields.dpop_jkt !== proof.jkt) {
    throw new InvalidDpopProof('dpop_jkt does not match the key of the DPoP proof');
  }
  return { ...fields, dpop_jkt: proof.jkt };
}

async function validateRequest(ctx: EndpointContext, fields: RawParams) {
  try {
    return await validateAuthorizationRequest(ctx.em, ctx.services.keys, fields, ctx.services.config.resources, 'push');
  } catch (error) {
    if (error instanceof AuthorizeRedirectError) throw asOAuthError(error);
    if (error instanceof AuthorizePageError) throw new InvalidRequest(`${error.title}: ${error.description}`);
    throw error;
  }
}

function asOAuthError(error: AuthorizeRedirectError): OAuthError {
  switch (error.code) {
    case 'unauthorized_client':
      return new UnauthorizedClient(error.description);
    case 'unsupported_response_type':
      return new UnsupportedResponseType(error.description);
    case 'invalid_scope':
      return new InvalidScope(error.description);
    case 'invalid_target':
      return new InvalidTarget(error.description);
    default:
      return new InvalidRequest(error.description);
  }
}
