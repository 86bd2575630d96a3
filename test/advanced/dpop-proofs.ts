import { createHash, createHmac, createPrivateKey, randomUUID, sign, webcrypto } from 'node:crypto';
import * as oauth from 'oauth4webapi';

/** A DPoP key pair usable both by oauth4webapi (WebCrypto) and by {@link forgeProof} (node:crypto). */
export interface DpopKey {
  pair: oauth.CryptoKeyPair;
  publicJwk: webcrypto.JsonWebKey;
  privateJwk: webcrypto.JsonWebKey;
}

export async function dpopKey(): Promise<DpopKey> {
  const pair = await oauth.generateKeyPair('ES256', { extractable: true });
  const full = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  const publicJwk = { kty: full.kty, crv: full.crv, x: full.x, y: full.y };
  return { pair, publicJwk, privateJwk: await webcrypto.subtle.exportKey('jwk', pair.privateKey) };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `ath`: base64url(SHA-256(access token)). */
export const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * A DPoP proof signed with node:crypto, so a test can say anything an attacker would:
 * `header` and `claims` override the honest ones; `alg: 'HS256'` signs with an HMAC
 * key, `alg: 'none'` leaves the signature empty.
 */
export function forgeProof(
  key: DpopKey,
  request: { method: string; url: string; token?: string },
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): string {
  const protectedHeader = { typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk, ...header };
  const payload = {
    jti: randomUUID(),
    htm: request.method,
    htu: request.url,
    iat: Math.floor(Date.now() / 1000),
    ...(request.token ? { ath: ath(request.token) } : {}),
    ...claims,
  };
  const input = `${b64(protectedHeader)}.${b64(payload)}`;
  if (protectedHeader.alg === 'none') return `${input}.`;
  if (protectedHeader.alg === 'HS256') return `${input}.${createHmac('sha256', 'shared').update(input).digest('base64url')}`;
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/** The claims of a JWT, unverified (the test reads what the server put in its own token). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
