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
  | 'user_disabled';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(
    readonly reason: AuthFailureReason,
    message: string = reason.replace(/_/g, ' '),
  ) {
    super(message);
  }
}
