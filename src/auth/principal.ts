import type { SubjectType } from '../modules/access/subject.js';

/**
 * Who is calling, resolved from a verified Bearer token. `permissions` is the
 * request's effective permission set: the subject's (direct ∪ via roles) ∩ the
 * token's scopes (∩ the client's allowed scopes for user tokens).
 */
export interface Principal {
  type: SubjectType;
  /** The access token's `jti`. */
  tokenId: string;
  clientId: string;
  /** Set for user tokens. */
  userId: string | null;
  /**
   * Scopes granted to the token, as issued (`*` kept as is); for a token issued without a
   * scope (`defaultScope`), the subject's live permissions it acts with.
   */
  scopes: readonly string[];
  /** Issued without a scope: follows the subject's permissions. */
  defaultScope: boolean;
  permissions: ReadonlySet<string>;
  /** RFC 9449: the thumbprint of the DPoP key the token is bound to (`cnf.jkt`). */
  jkt?: string;
}

/** Why a Bearer token was refused (RFC 6750 `invalid_token` with this as the description). */
export type AuthFailureReason =
  | 'missing_token'
  | 'malformed_token'
  | 'invalid_signature'
  | 'invalid_claims'
  | 'expired'
  | 'revoked'
  | 'client_deleted'
  | 'user_disabled'
  /** RFC 9449: a DPoP-bound token presented as Bearer, or a Bearer token with the DPoP scheme. */
  | 'dpop_binding'
  /** RFC 9449 §7.1 `invalid_dpop_proof`: the proof is missing, malformed, for another request or key, or replayed. */
  | 'invalid_dpop_proof'
  /** RFC 9449 §9 `use_dpop_nonce`: the proof lacks the current server nonce. */
  | 'use_dpop_nonce';

/** The authentication scheme a refusal is answered in (RFC 6750 `Bearer`, RFC 9449 `DPoP`). */
export type AuthScheme = 'Bearer' | 'DPoP';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(
    readonly reason: AuthFailureReason,
    message: string = reason.replace(/_/g, ' '),
    readonly scheme: AuthScheme = 'Bearer',
  ) {
    super(message);
  }

  /** The same refusal, answered in another scheme (a token check failing for a DPoP request). */
  inScheme(scheme: AuthScheme): AuthenticationError {
    return scheme === this.scheme ? this : new AuthenticationError(this.reason, this.message, scheme);
  }
}
