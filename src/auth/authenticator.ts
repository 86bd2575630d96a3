import type { Config } from '../config.js';
import { ALL_SCOPE } from '../modules/access/catalogue.js';
import { isIdentityScope } from '../modules/access/identity-scopes.js';
import type { AuthState } from './auth-state.js';
import { effectivePermissions } from './effective-permissions.js';
import type { AccessTokenClaims, SigningKeys } from './jwt.js';
import { AuthenticationError, type Principal } from './principal.js';
import { VerifiedTokens } from './verified-tokens.js';

/**
 * Turns a Bearer token into the request's {@link Principal}, or throws an
 * {@link AuthenticationError} with the precise reason. Signature and claims are
 * checked in memory; token, client, user and permission state come from
 * {@link AuthState}, so a warm instance makes no database round trip; a token seen
 * before skips the signature check ({@link VerifiedTokens}).
 */
export class Authenticator {
  readonly #verified = new VerifiedTokens();
  /** The audiences that aim a token at this server's GraphQL resource (RFC 8707). */
  readonly #ownAudiences: ReadonlySet<string>;

  constructor(
    private readonly keys: SigningKeys,
    private readonly state: AuthState,
    config: Pick<Config, 'tokenAudience' | 'resources'>,
  ) {
    this.#ownAudiences = new Set([config.tokenAudience, config.resources[0]]);
  }

  /** `authorization` is the raw `Authorization` header value. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = readBearer(authorization);
    return this.authenticateToken(token);
  }

  /**
   * Same checks for a token that did not come in a header (logout, introspection).
   * `anyResource`: accept a token aimed at another configured resource (introspection
   * answers for every API); otherwise it must be aimed at this one.
   */
  async authenticateToken(token: string, options: { anyResource?: boolean } = {}): Promise<Principal> {
    const claims = await this.#verified.claims(token, (text) => this.keys.verify(text));
    if (!options.anyResource && !this.#ownAudiences.has(claims.audience ?? '')) {
      throw new AuthenticationError('invalid_claims', 'the token is aimed at another resource');
    }
    return this.principalFor(claims);
  }

  private async principalFor(claims: AccessTokenClaims): Promise<Principal> {
    const record = await this.state.token(claims.jti);
    if (!record || record.revoked) throw new AuthenticationError('revoked', 'token revoked');
    if (record.clientId !== claims.clientId)
      throw new AuthenticationError('invalid_claims', 'client_id does not match the token');

    const client = await this.state.client(record.clientId);
    if (!client || client.deleted) throw new AuthenticationError('client_deleted', 'the client of this token was deleted');

    if (record.userId) {
      const user = await this.state.user(record.userId);
      if (!user || user.disabled) throw new AuthenticationError('user_disabled', 'the user of this token is disabled');
    }

    const subject = record.userId ? { type: 'user' as const, id: record.userId } : { type: 'client' as const, id: client.id };
    const own = await this.state.subjectPermissions(subject);
    // A token issued without a scope stands for all of the subject's permissions as they are now.
    const scopes = record.defaultScope ? [ALL_SCOPE] : claims.scopes;
    const permissions = effectivePermissions(own, scopes, record.userId ? client.allowedScopes : null);
    return {
      type: subject.type,
      tokenId: claims.jti,
      clientId: client.id,
      userId: record.userId,
      scopes: record.defaultScope ? liveScopes(claims.scopes, permissions) : claims.scopes,
      defaultScope: record.defaultScope,
      permissions,
    };
  }
}

/**
 * What a default-scope token's scopes are now: its identity scopes (which stand for no
 * permission) and the permissions it acts with — or `*` as issued (first-party clients).
 */
function liveScopes(issued: readonly string[], permissions: ReadonlySet<string>): readonly string[] {
  if (issued.includes(ALL_SCOPE)) return issued;
  return [...issued.filter(isIdentityScope), ...[...permissions].sort()];
}

/** RFC 6750 §2.1: `Bearer <b64token>`, the scheme case-insensitive. */
function readBearer(authorization: string | undefined): string {
  if (!authorization || authorization.trim() === '') throw new AuthenticationError('missing_token', 'no bearer token');
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match) throw new AuthenticationError('malformed_token', 'Authorization header must be "Bearer <token>"');
  return match[1];
}
