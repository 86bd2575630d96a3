import type { FastifyReply } from 'fastify';
import type { AuthorizeRedirectError } from './authorize-errors.js';
import { afterSignIn } from './authorize-oidc.js';
import { type AuthorizationRequest, requestParams } from './authorize-request.js';

/**
 * Sends the browser back to the client's verified redirect URI with `params` added to
 * its query (existing query parameters kept, RFC 6749 §3.1.2). 303 so that a POSTed
 * consent form is followed by a GET. `iss` (RFC 9207) lets the client detect mix-up
 * attacks between authorization servers.
 */
export function redirectToClient(
  reply: FastifyReply,
  redirectUri: string,
  issuer: string,
  params: Record<string, string | null>,
): FastifyReply {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null) target.searchParams.append(name, value);
  }
  target.searchParams.append('iss', issuer);
  return reply.code(303).header('cache-control', 'no-store').header('location', target.href).send();
}

/** RFC 6749 §4.1.2.1: `error`, `error_description` and the client's `state`. */
export function redirectWithError(reply: FastifyReply, error: AuthorizeRedirectError, issuer: string): FastifyReply {
  return redirectToClient(reply, error.redirectUri, issuer, {
    error: error.code,
    error_description: error.description,
    state: error.state,
  });
}

/**
 * Back to `GET /oauth/authorize` with the same (validated) request, after the session
 * changed. Right after a sign-in, without what asked for one (see `afterSignIn`).
 */
export function continueAuthorization(
  reply: FastifyReply,
  request: AuthorizationRequest,
  options: { signedIn: boolean } = { signedIn: false },
): FastifyReply {
  const next = options.signedIn ? { ...request, ...afterSignIn(request) } : request;
  const query = new URLSearchParams(requestParams(next)).toString();
  return reply.code(303).header('cache-control', 'no-store').header('location', `/oauth/authorize?${query}`).send();
}
