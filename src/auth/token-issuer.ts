import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config.js';
import { generateSecret, sha256 } from '../lib/secrets.js';
import { AUDIT_ACTIONS, auditColumns } from '../modules/audit/audit.service.js';
import { AppClient } from '../modules/client/app-client.entity.js';
import type { IssuedTokenWriter } from '../modules/token/issued-token.writer.js';
import type { SignInBinding } from '../modules/token/token.repository.js';
import type { ClientSnapshot } from './auth-state.js';
import type { SigningKeys } from './jwt.js';

/** RFC 6749 §5.1 successful token response, as sent. */
export interface TokenResponse {
  /** RFC 9449 §5: `DPoP` when the access token is bound to a DPoP key. */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  access_token: string;
  refresh_token?: string;
  scope: string;
  /** OpenID Connect, when `openid` was granted. */
  id_token?: string;
}

export interface IssueRequest {
  client: Pick<ClientSnapshot, 'id'>;
  userId: string | null;
  scopes: readonly string[];
  /** No scope was asked for: the token follows its subject's permissions (see defaultScopes). */
  defaultScope?: boolean;
  grantType: string;
  /**
   * Add a refresh token; `family` continues a rotation, otherwise a new family starts.
   * `signIn` travels with the family, so a refreshed ID token keeps `auth_time` and `sid`.
   */
  refresh?: { family?: string; signIn?: SignInBinding | null; dpopJkt?: string | null };
  /** RFC 9449: the thumbprint of the DPoP key the access token is bound to (`cnf.jkt`). */
  dpopJkt?: string | null;
  authorizationCodeId?: string;
  /** RFC 8707: the resource the token is aimed at (its `aud`); the refresh token keeps it. */
  resource?: string | null;
  /** Personal access tokens carry a name and may live longer than grant tokens. */
  name?: string;
  ttlSeconds?: number;
  ip?: string | null;
}

export interface IssuedTokens {
  response: TokenResponse;
  accessTokenId: string;
  expiresAt: Date;
}

/** How often a client's `lastUsedAt` is written at most, per instance. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Issues access tokens (signed RFC 9068 JWTs) and refresh tokens (opaque, stored as
 * SHA-256). Every token is recorded with its audit event in one statement, shared with
 * the tokens issued concurrently (group commit, see IssuedTokenWriter).
 */
export class TokenIssuer {
  readonly #lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly config: Pick<Config, 'accessTokenTtl' | 'refreshTokenTtl'>,
    private readonly writer: IssuedTokenWriter,
    /** Told of every token recorded (the metrics). */
    private readonly onIssued: (grantType: string) => void = () => undefined,
  ) {}

  /**
   * `em`: the caller's entity manager (its transaction, if any, records the token), or
   * null when the caller is in none: the token joins the group commit and nothing is forked.
   */
  async issue(em: EntityManager | null, request: IssueRequest): Promise<IssuedTokens> {
    const id = randomUUID();
    const now = Date.now();
    const issuedAt = Math.floor(now / 1000);
    const ttl = request.ttlSeconds ?? this.config.accessTokenTtl;
    const expiresAt = new Date((issuedAt + ttl) * 1000);
    const scopes = [...request.scopes];
    const signing = this.keys.sign({
      jti: id,
      sub: request.userId ?? request.client.id,
      clientId: request.client.id,
      scopes,
      issuedAt,
      expiresAt: issuedAt + ttl,
      audience: request.resource ?? undefined,
      jkt: request.dpopJkt ?? undefined,
    });
    const refreshToken = request.refresh ? generateSecret() : undefined;
    // The row is written while the signature is computed off the event loop; either failing fails the request
    // (a row whose token was never signed can never be presented).
    const [accessToken] = await Promise.all([
      signing,
      this.writer.write(em, {
        id,
        clientId: request.client.id,
        userId: request.userId,
        scopes,
        defaultScope: request.defaultScope ?? false,
        name: request.name ?? null,
        grantType: request.grantType,
        authorizationCodeId: request.authorizationCodeId ?? null,
        createdAt: new Date(now),
        expiresAt,
        refresh: refreshToken
          ? {
              ...this.refreshRecord(refreshToken, request.refresh?.family, now),
              signIn: request.refresh?.signIn ?? null,
              resource: request.resource ?? null,
              dpopJkt: request.refresh?.dpopJkt ?? null,
            }
          : undefined,
        audit: { id: randomUUID(), ...this.auditEntry(request, id, scopes) },
      }),
    ]);
    this.onIssued(request.grantType);
    await this.touchClient(em, request.client.id);
    const tokenType = request.dpopJkt ? 'DPoP' : 'Bearer';
    const response: TokenResponse = {
      token_type: tokenType,
      expires_in: ttl,
      access_token: accessToken,
      scope: scopes.join(' '),
    };
    if (refreshToken) response.refresh_token = refreshToken;
    return { response, accessTokenId: id, expiresAt };
  }

  private refreshRecord(value: string, family: string = randomUUID(), now: number) {
    return { id: randomUUID(), tokenHash: sha256(value), family, expiresAt: new Date(now + this.config.refreshTokenTtl * 1000) };
  }

  private auditEntry(request: IssueRequest, id: string, scopes: string[]) {
    const { action, actorType, actorId, ip, details } = auditColumns({
      action: AUDIT_ACTIONS.tokenIssued,
      actor: request.userId ? { type: 'user', id: request.userId } : { type: 'client', id: request.client.id },
      target: { type: 'access_token', id },
      ip: request.ip,
      details: { clientId: request.client.id, userId: request.userId, grantType: request.grantType, scopes },
    });
    return { action, actorType, actorId, ip, details };
  }

  /** `lastUsedAt` at minute resolution: a busy integration must not write its client row on every token. */
  private async touchClient(em: EntityManager | null, clientId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.#lastUsedWrites.get(clientId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.#lastUsedWrites.set(clientId, now);
    await (em ?? this.writer.fork()).nativeUpdate(AppClient, { id: clientId }, { lastUsedAt: new Date(now) }, { filters: false });
  }
}
