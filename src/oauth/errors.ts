import type { AuthenticationError } from '../auth/principal.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';

export { isDatabaseUnavailable };

/** RFC 6749 §5.2 error codes, plus the ones RFC 7009 and RFC 6750 add. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'too_many_requests'
  | 'not_found'
  | 'server_error'
  | 'temporarily_unavailable';

/**
 * An error the client may see: `error` and the public `error_description` go in the
 * body; `detail` is for the log only. One subclass per code, as in node-oidc-provider.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: OAuthErrorCode;
  abstract readonly status: number;
  /** Extra response headers (WWW-Authenticate — one or more challenges —, Retry-After, DPoP-Nonce). */
  headers: Record<string, string | string[]> = {};

  constructor(
    readonly description: string,
    readonly detail?: string,
  ) {
    super(description);
  }

  get body(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = 'invalid_request';
  readonly status: number;
  constructor(description: string, status = 400) {
    super(description);
    this.status = status;
  }
}

/** Always 401 with a challenge (RFC 6749 §5.2 allows it for every method; PRODUCT §3 asks for it). */
export class InvalidClient extends OAuthError {
  readonly error = 'invalid_client';
  readonly status = 401;
  constructor(description = 'client authentication failed', detail?: string) {
    super(description, detail);
    this.headers = { 'www-authenticate': 'Basic realm="oauth", charset="UTF-8"' };
  }
}

export class InvalidGrant extends OAuthError {
  readonly error = 'invalid_grant';
  readonly status = 400;
}

export class UnauthorizedClient extends OAuthError {
  readonly error = 'unauthorized_client';
  readonly status = 400;
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = 'unsupported_grant_type';
  readonly status = 400;
}

/** RFC 6749 §4.1.2.1, answered as JSON by the pushed authorization request endpoint. */
export class UnsupportedResponseType extends OAuthError {
  readonly error = 'unsupported_response_type';
  readonly status = 400;
}

export class InvalidScope extends OAuthError {
  readonly error = 'invalid_scope';
  readonly status = 400;
}

/** RFC 8707 §2: the `resource` is unknown, malformed, or not one the grant covers. */
export class InvalidTarget extends OAuthError {
  readonly error = 'invalid_target';
  readonly status = 400;
}

export class UnsupportedTokenType extends OAuthError {
  readonly error = 'unsupported_token_type';
  readonly status = 400;
}

/** RFC 6750 §3.1, for endpoints that take a Bearer token (logout). */
export class InvalidToken extends OAuthError {
  readonly error = 'invalid_token';
  readonly status = 401;
  constructor(description: string, challenge: string | string[]) {
    super(description);
    this.headers = { 'www-authenticate': challenge };
  }
}

/** RFC 6750 §3.1: a valid token without the scope the resource needs. */
export class InsufficientScope extends OAuthError {
  readonly error = 'insufficient_scope';
  readonly status = 403;
  constructor(description: string, challenge: string) {
    super(description);
    this.headers = { 'www-authenticate': challenge };
  }
}

/**
 * RFC 9449 §4.3 / §7.1: the DPoP proof is missing, malformed, or not for this request or
 * key. 400 at the token endpoint; 401 with a `DPoP` challenge at a resource.
 */
export class InvalidDpopProof extends OAuthError {
  readonly error = 'invalid_dpop_proof';
  readonly status: number;
  constructor(description: string, challenges?: string[]) {
    super(description);
    this.status = challenges ? 401 : 400;
    if (challenges) this.headers = { 'www-authenticate': challenges };
  }
}

/** RFC 9449 §8 / §9: the proof must carry the server's current nonce (sent in `DPoP-Nonce`). */
export class UseDpopNonce extends OAuthError {
  readonly error = 'use_dpop_nonce';
  readonly status: number;
  constructor(description: string, nonce: string, challenges?: string[]) {
    super(description);
    this.status = challenges ? 401 : 400;
    this.headers = { 'dpop-nonce': nonce, ...(challenges ? { 'www-authenticate': challenges } : {}) };
  }
}

/** A refused resource request (userinfo, logout) as the OAuth error to send, with its challenges. */
export function resourceError(error: AuthenticationError, challenges: string[], nonce?: string): OAuthError {
  if (error.reason === 'invalid_dpop_proof') return new InvalidDpopProof(error.message, challenges);
  if (error.reason === 'use_dpop_nonce' && nonce) return new UseDpopNonce(error.message, nonce, challenges);
  return new InvalidToken(error.message, challenges);
}

export class TooManyRequests extends OAuthError {
  readonly error = 'too_many_requests';
  readonly status = 429;
  constructor(retryAfterSeconds: number) {
    super(`too many failed attempts; retry after ${retryAfterSeconds} seconds`);
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}

export class NotFound extends OAuthError {
  readonly error = 'not_found';
  readonly status = 404;
}

export class ServerError extends OAuthError {
  readonly error = 'server_error';
  readonly status = 500;
}

/** The database is away: the client should retry, the server keeps running. */
export class TemporarilyUnavailable extends OAuthError {
  readonly error = 'temporarily_unavailable';
  readonly status = 503;
  constructor(detail?: string) {
    super('the service is temporarily unavailable; retry shortly', detail);
    this.headers = { 'retry-after': '5' };
  }
}

/** Any error as the OAuthError to send: ours as is, a database outage as 503, anything else as 500. */
export function toOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (isDatabaseUnavailable(error)) return new TemporarilyUnavailable(error instanceof Error ? error.message : String(error));
  return new ServerError('the server could not complete the request', error instanceof Error ? error.message : String(error));
}
