import type { Config } from '../config.js';
import { ALL_SCOPE } from '../modules/access/catalogue.js';
import { isIdentityScope } from '../modules/access/identity-scopes.js';
import type { SpentJtiInput } from '../modules/client/spent-jti.repository.js';
import type { AuthState, StateRead } from './auth-state.js';
import { DpopProofError, type DpopProofs, type VerifiedProof } from './dpop-proof.js';
import { effectivePermissions } from './effective-permissions.js';
import type { AccessTokenClaims, SigningKeys } from './jwt.js';
import { AuthenticationError, type Principal } from './principal.js';
import { VerifiedTokens } from './verified-tokens.js';

/** What a DPoP proof is checked against: the request it came with (RFC 9449 §4.3). */
export interface ProofRequest {
  /** The raw `DPoP` header. */
  dpop: string | string[] | undefined;
  method: string;
  /** The URL the client addressed: the issuer's origin and the request's path. */
  url: string;
}

/** Records a proof's `jti` on every instance; false when it was seen before. */
export type SpendJti = (input: SpentJtiInput) => Promise<boolean>;

/** A Fastify-like request as a {@link ProofRequest}: the public URL is the issuer's, whatever proxy is in front. */
export function proofRequest(
  request: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
  issuer: string,
): ProofRequest {
  return { dpop: request.headers.dpop, method: request.method, url: `${issuer}${request.url.split('?')[0]}` };
}

/**
 * Turns a Bearer token into the request's {@link Principal}, or throws an
 * {@link AuthenticationError} with the precise reason. Signature and claims are
 * checked in memory; token, client, user and permission state come from
 * {@link AuthState}, so a warm instance makes no database round trip; a token seen
 * before skips the signature check ({@link VerifiedTokens}). A DPoP-bound token
 * (`cnf.jkt`) is accepted only with the DPoP scheme and a proof by its key for this
 * request (RFC 9449 §7); the proof's `jti` is then spent — the one round trip DPoP adds.
 */
export class Authenticator {
  readonly #verified = new VerifiedTokens();
  /**
   * The principal last made from a verified token's claims, with the state it was made
   * from: while {@link AuthState.unchanged} says that state is still what is cached, the
   * same principal is the answer (it is a pure function of the claims and that state).
   */
  readonly #principals = new WeakMap<AccessTokenClaims, { read: StateRead; principal: Principal }>();
  /** The audiences that aim a token at this server's GraphQL resource (RFC 8707). */
  readonly #ownAudiences: ReadonlySet<string>;

  constructor(
    private readonly keys: SigningKeys,
    private readonly state: AuthState,
    config: Pick<Config, 'tokenAudience' | 'resources'>,
    private readonly proofs: DpopProofs,
    private readonly spendJti: SpendJti,
  ) {
    this.#ownAudiences = new Set([config.tokenAudience, config.resources[0]]);
  }

  /**
   * `authorization` is the raw `Authorization` header value; `request` is what a DPoP
   * proof must match (without it, only Bearer tokens that are not DPoP-bound pass).
   */
  async authenticate(authorization: string | undefined, request?: ProofRequest): Promise<Principal> {
    const { scheme, token } = readAuthorization(authorization);
    if (scheme === 'DPoP') return this.authenticateDpop(token, request);
    const principal = await this.authenticateToken(token);
    if (principal.jkt) {
      throw new AuthenticationError(
        'dpop_binding',
        'this token is DPoP-bound: present it with the DPoP scheme and a proof',
        'DPoP',
      );
    }
    return principal;
  }

  /**
   * The principal of a Bearer token (not DPoP-bound) that was verified before and whose
   * state is unchanged since, answered without awaiting anything; undefined whenever
   * anything more is needed — a DPoP scheme, a token not cached or expired, any refusal —
   * and {@link authenticate} then answers, with its errors. The same answer it would give.
   */
  cachedPrincipal(authorization: string | undefined): Principal | undefined {
    const match = AUTHORIZATION.exec(authorization ?? '');
    if (match?.[1].toLowerCase() !== 'bearer') return undefined;
    const claims = this.#verified.fresh(match[2]);
    if (!claims || !this.#ownAudiences.has(claims.audience ?? '')) return undefined;
    const made = this.#principals.get(claims);
    if (!made || made.principal.jkt || !this.state.unchanged(made.read)) return undefined;
    return made.principal;
  }

  /** Steps: checkProof (in memory), verify the token, checkBinding (`cnf.jkt` = the proof's key), then spend the `jti`. */
  private async authenticateDpop(token: string, request: ProofRequest | undefined): Promise<Principal> {
    const proof = this.checkProof(token, request);
    let principal: Principal;
    try {
      principal = await this.authenticateToken(token);
    } catch (error) {
      throw error instanceof AuthenticationError ? error.inScheme('DPoP') : error;
    }
    if (!principal.jkt)
      throw new AuthenticationError('dpop_binding', 'this token is not DPoP-bound: use the Bearer scheme', 'DPoP');
    if (principal.jkt !== proof.jkt) {
      throw new AuthenticationError('invalid_dpop_proof', 'the proof is not signed by the key the token is bound to', 'DPoP');
    }
    const fresh = await this.spendJti({
      clientId: principal.clientId,
      purpose: 'dpop_proof',
      jti: `${proof.jkt}.${proof.jti}`,
      expiresAt: new Date(proof.acceptableUntil),
    });
    if (!fresh) throw new AuthenticationError('invalid_dpop_proof', 'the proof was already used (jti)', 'DPoP');
    return principal;
  }

  private checkProof(token: string, request: ProofRequest | undefined): VerifiedProof {
    if (!request) throw new AuthenticationError('invalid_dpop_proof', 'DPoP tokens are not accepted here', 'DPoP');
    try {
      return this.proofs.verify(request.dpop, { method: request.method, url: request.url, accessToken: token });
    } catch (error) {
      if (error instanceof DpopProofError) throw new AuthenticationError(error.error, error.message, 'DPoP');
      throw error;
    }
  }

  /**
   * Same checks for a token that did not come in a header (logout, introspection).
   * `anyResource`: accept a token aimed at another configured resource (introspection
   * answers for every API); otherwise it must be aimed at this one.
   */
  async authenticateToken(token: string, options: { anyResource?: boolean } = {}): Promise<Principal> {
    const claims = this.#verified.cached(token) ?? (await this.#verified.claims(token, (text) => this.keys.verify(text)));
    if (!options.anyResource && !this.#ownAudiences.has(claims.audience ?? '')) {
      throw new AuthenticationError('invalid_claims', 'the token is aimed at another resource');
    }
    const made = this.#principals.get(claims);
    if (made && this.state.unchanged(made.read)) return made.principal;
    return this.principalFor(claims);
  }

  private async principalFor(claims: AccessTokenClaims): Promise<Principal> {
    const record = await this.state.token(claims.jti);
    if (!record || record.revoked) throw new AuthenticationError('revoked', 'token revoked');
    if (record.clientId !== claims.clientId)
      throw new AuthenticationError('invalid_claims', 'client_id does not match the token');

    const client = await this.state.client(record.clientId);
    if (!client || client.deleted) throw new AuthenticationError('client_deleted', 'the client of this token was deleted');

    const user = record.userId ? await this.state.user(record.userId) : null;
    if (record.userId) {
      if (!user || user.disabled) throw new AuthenticationError('user_disabled', 'the user of this token is disabled');
    }

    const subject = record.userId ? { type: 'user' as const, id: record.userId } : { type: 'client' as const, id: client.id };
    const own = await this.state.subjectPermissions(subject);
    // A token issued without a scope stands for all of the subject's permissions as they are now.
    const scopes = record.defaultScope ? [ALL_SCOPE] : claims.scopes;
    const permissions = effectivePermissions(own, scopes, record.userId ? client.allowedScopes : null);
    const principal: Principal = {
      type: subject.type,
      tokenId: claims.jti,
      clientId: client.id,
      userId: record.userId,
      scopes: record.defaultScope ? liveScopes(claims.scopes, permissions) : claims.scopes,
      defaultScope: record.defaultScope,
      permissions,
      ...(claims.jkt ? { jkt: claims.jkt } : {}),
    };
    const read = { tokenId: claims.jti, token: record, client, user: user ?? null, subject, permissions: own };
    this.#principals.set(claims, { read, principal });
    return principal;
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

const AUTHORIZATION = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** RFC 6750 §2.1 `Bearer <b64token>` or RFC 9449 §7.1 `DPoP <b64token>`, the scheme case-insensitive. */
function readAuthorization(authorization: string | undefined): { scheme: 'Bearer' | 'DPoP'; token: string } {
  if (!authorization || authorization.trim() === '') throw new AuthenticationError('missing_token', 'no bearer token');
  const match = AUTHORIZATION.exec(authorization);
  if (!match) throw new AuthenticationError('malformed_token', 'Authorization header must be "Bearer <token>" or "DPoP <token>"');
  return { scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2] };
}
