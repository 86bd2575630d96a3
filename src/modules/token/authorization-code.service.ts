import type { EntityManager } from '@mikro-orm/core';
import { generateSecret, sha256 } from '../../lib/secrets.js';
import { AccessToken } from './access-token.entity.js';
import { AuthorizationCode } from './authorization-code.entity.js';

/** RFC 6749 §4.1.2 recommends at most ten minutes; a browser redirect needs seconds. */
export const AUTHORIZATION_CODE_SECONDS = 60;

export interface CodeBinding {
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: readonly string[];
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
  /** OpenID Connect: the request's nonce and the sign-in it was authorized in. */
  nonce: string | null;
  sessionId: string | null;
  authTime: Date | null;
  /** RFC 8707: the resource the request named, if any. */
  resource: string | null;
  /** RFC 9449 §10: the DPoP key the code is bound to, if the request named one. */
  dpopJkt?: string | null;
}

/**
 * Issues a 256-bit authorization code bound to the client, user, redirect URI, scopes
 * and PKCE challenge. Only its SHA-256 is stored; the value exists in the return alone.
 */
export async function issueAuthorizationCode(em: EntityManager, binding: CodeBinding): Promise<string> {
  const code = generateSecret();
  em.create(AuthorizationCode, {
    codeHash: sha256(code),
    client: binding.clientId,
    user: binding.userId,
    redirectUri: binding.redirectUri,
    scopes: [...binding.scopes],
    codeChallenge: binding.codeChallenge,
    codeChallengeMethod: binding.codeChallengeMethod,
    nonce: binding.nonce,
    sessionId: binding.sessionId,
    authTime: binding.authTime,
    resource: binding.resource,
    dpopJkt: binding.dpopJkt ?? null,
    expiresAt: new Date(Date.now() + AUTHORIZATION_CODE_SECONDS * 1000),
  });
  await em.flush();
  return code;
}

/** The stored code for a presented value, used or not; null when there is none. */
export function findAuthorizationCode(em: EntityManager, code: string): Promise<AuthorizationCode | null> {
  return em.findOne(AuthorizationCode, { codeHash: sha256(code) });
}

/**
 * Marks the code used if, and only if, nobody did before: a conditional update decided
 * by the database, so of two concurrent exchanges exactly one wins.
 */
export async function claimAuthorizationCode(em: EntityManager, id: string): Promise<boolean> {
  return (await em.nativeUpdate(AuthorizationCode, { id, used: false }, { used: true })) === 1;
}

export function isExpired(code: AuthorizationCode, now = Date.now()): boolean {
  return code.expiresAt.getTime() <= now;
}

/** The access tokens issued from a code: a replayed code revokes them and their refresh families. */
export async function tokensIssuedFromCode(em: EntityManager, codeId: string): Promise<string[]> {
  const tokens = await em.find(AccessToken, { authorizationCodeId: codeId }, { fields: ['id'] });
  return tokens.map((token) => token.id);
}
