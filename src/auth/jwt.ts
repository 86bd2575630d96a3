import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportJWK,
  importSPKI,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import type { Config } from '../config.js';
import { AuthenticationError } from './principal.js';

/** The only file that imports jose: signing and verification of RFC 9068 access tokens, OIDC ID tokens and RFC 7523 client assertions. */

const ALGORITHM = 'RS256';
/** Algorithm allow-list for verification: never `none`, never HMAC with a public key. */
const ALLOWED_ALGORITHMS = [ALGORITHM];
const ACCESS_TOKEN_TYPE = 'at+jwt';
/** ID tokens carry the plain JWT type, so neither kind of token can pass for the other. */
const ID_TOKEN_TYPE = 'JWT';

/** What an access token says, before the server-side checks (revocation, client, user). */
export interface AccessTokenClaims {
  jti: string;
  sub: string;
  clientId: string;
  scopes: string[];
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  /** `aud`: an RFC 8707 resource, or the configured token audience when the request named none. */
  audience?: string;
}

/** OpenID Connect Core 1.0 §2: what an ID token asserts about one authentication. */
export interface IdTokenClaims {
  sub: string;
  /** The client: `aud` and `azp`. */
  clientId: string;
  /** Seconds since the epoch. */
  authTime: number;
  expiresAt: number;
  nonce?: string | null;
  /** The sign-in session (`sid`). */
  sessionId?: string | null;
  /** The access token issued beside it, for `at_hash` (§3.1.3.6). */
  accessToken?: string;
}

/** An ID token this server issued, presented back as `id_token_hint` (its signature and issuer checked, expiry not). */
export interface IdTokenHint {
  sub: string;
  clientId: string;
  sessionId: string | null;
}

export interface PublicJwk extends JWK {
  kid: string;
  use: 'sig';
  alg: string;
}

/** The server's signing key plus the public keys it accepts (current and previous). */
export interface SigningKeys {
  /** RFC 7638 thumbprint of the current key. */
  readonly kid: string;
  /** JWKS document: the current key first, then previous keys still accepted. */
  readonly jwks: { keys: PublicJwk[] };
  sign(claims: Omit<AccessTokenClaims, 'issuedAt'> & { issuedAt?: number }): Promise<string>;
  /** Verifies signature, `typ`, `iss`, `aud`, `exp`/`nbf`; throws {@link AuthenticationError}. */
  verify(token: string): Promise<AccessTokenClaims>;
  signIdToken(claims: IdTokenClaims): Promise<string>;
  /**
   * Reads an `id_token_hint`: signed by one of our keys, our `iss`, the ID token `typ`.
   * An expired one is still a good hint (OIDC Core §3.1.2.1); null for anything else.
   */
  readIdTokenHint(token: string): Promise<IdTokenHint | null>;
}

export class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

/** Imports the configured keys once; PKCS#1 PEMs are converted, a mismatched pair is refused. */
export async function loadSigningKeys(
  config: Pick<Config, 'keys' | 'issuer' | 'tokenAudience' | 'resources'>,
): Promise<SigningKeys> {
  if (!config.keys) throw new KeyConfigError('PASSPORT_PRIVATE_KEY / PASSPORT_PUBLIC_KEY are not set (run the keys command)');
  const privatePem = toPkcs8(config.keys.privateKey);
  const publicPem = toSpki(config.keys.publicKey);
  if (toSpki(privatePem) !== publicPem) throw new KeyConfigError('PASSPORT_PUBLIC_KEY does not belong to PASSPORT_PRIVATE_KEY');

  // Imported once: parsing a PEM per token would cost more than the signature.
  const privateKey = createPrivateKey(privatePem);
  const publicKeys = new Map<string, CryptoKey>();
  const jwks: PublicJwk[] = [];
  for (const pem of [publicPem, ...config.keys.previousPublicKeys.map(toSpki)]) {
    const key = await importSPKI(pem, ALGORITHM, { extractable: true });
    const jwk = await exportJWK(key);
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    if (publicKeys.has(kid)) continue;
    publicKeys.set(kid, key);
    jwks.push({ ...jwk, kid, use: 'sig', alg: ALGORITHM });
  }
  const kid = jwks[0].kid;
  return {
    kid,
    jwks: { keys: jwks },
    sign: (claims) => signAccessToken(privateKey, kid, config, claims),
    verify: (token) => verifyAccessToken(token, publicKeys, config),
    signIdToken: (claims) => signIdToken(privateKey, kid, config, claims),
    readIdTokenHint: (token) => readIdTokenHint(token, publicKeys, config),
  };
}

function toPkcs8(pem: string): string {
  try {
    return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new KeyConfigError('PASSPORT_PRIVATE_KEY: not a readable PEM private key');
  }
}

function toSpki(pem: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new KeyConfigError('a configured public key is not a readable PEM public key');
  }
}

/**
 * RS256 compact JWS (RFC 7515 §7.1) signed by node:crypto with the imported KeyObject:
 * OpenSSL on the libuv thread pool, ~0.7 ms per token here against ~0.87 ms through
 * WebCrypto (jose), and the event loop stays free meanwhile. Verification stays with jose.
 */
async function signAccessToken(
  key: KeyObject,
  kid: string,
  config: Pick<Config, 'issuer' | 'tokenAudience'>,
  claims: Omit<AccessTokenClaims, 'issuedAt'> & { issuedAt?: number },
): Promise<string> {
  return signJws(
    key,
    { alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid },
    {
      client_id: claims.clientId,
      scope: claims.scopes.join(' '),
      iss: config.issuer,
      sub: claims.sub,
      aud: claims.audience ?? config.tokenAudience,
      iat: claims.issuedAt ?? Math.floor(Date.now() / 1000),
      exp: claims.expiresAt,
      jti: claims.jti,
    },
  );
}

/** OIDC Core §2 and §3.1.3.6; `aud` is the client alone, so `azp` repeats it (as certified servers do). */
function signIdToken(key: KeyObject, kid: string, config: Pick<Config, 'issuer'>, claims: IdTokenClaims): Promise<string> {
  const payload: Record<string, unknown> = {
    iss: config.issuer,
    sub: claims.sub,
    aud: claims.clientId,
    exp: claims.expiresAt,
    iat: Math.floor(Date.now() / 1000),
    auth_time: claims.authTime,
    azp: claims.clientId,
  };
  if (claims.nonce) payload.nonce = claims.nonce;
  if (claims.accessToken) payload.at_hash = accessTokenHash(claims.accessToken);
  if (claims.sessionId) payload.sid = claims.sessionId;
  return signJws(key, { alg: ALGORITHM, typ: ID_TOKEN_TYPE, kid }, payload);
}

/** `at_hash`: the left half of the SHA-256 of the access token's ASCII, base64url (RS256 → SHA-256). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

async function signJws(key: KeyObject, header: Record<string, string>, payload: Record<string, unknown>): Promise<string> {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

async function verifyAccessToken(
  token: string,
  keys: Map<string, CryptoKey>,
  config: Pick<Config, 'issuer' | 'tokenAudience' | 'resources'>,
): Promise<AccessTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, (header) => findKey(keys, header.kid), {
      algorithms: ALLOWED_ALGORITHMS,
      typ: ACCESS_TOKEN_TYPE,
      issuer: config.issuer,
      // Any audience this server issues; whether the token is aimed at this resource is the authenticator's call.
      audience: [config.tokenAudience, ...config.resources],
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    }));
  } catch (error) {
    throw toAuthenticationError(error);
  }
  return readClaims(payload);
}

async function readIdTokenHint(
  token: string,
  keys: Map<string, CryptoKey>,
  config: Pick<Config, 'issuer'>,
): Promise<IdTokenHint | null> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== ID_TOKEN_TYPE || header.alg !== ALGORITHM) return null;
    // The signature only: jwtVerify would refuse an expired hint, which is still a good one.
    const { payload } = await compactVerify(token, (protectedHeader) => findKey(keys, protectedHeader.kid), {
      algorithms: ALLOWED_ALGORITHMS,
    });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const { iss, sub, aud, azp, sid } = claims;
    if (iss !== config.issuer || typeof sub !== 'string' || typeof aud !== 'string' || azp !== aud) return null;
    return { sub, clientId: aud, sessionId: typeof sid === 'string' ? sid : null };
  } catch {
    return null;
  }
}

function findKey(keys: Map<string, CryptoKey>, kid: string | undefined): CryptoKey {
  const key = kid ? keys.get(kid) : undefined;
  if (!key) throw new AuthenticationError('invalid_signature', 'unknown signing key');
  return key;
}

function readClaims(payload: JWTPayload): AccessTokenClaims {
  const { jti, sub, client_id: clientId, scope, iat, exp, aud } = payload;
  if (typeof jti !== 'string' || typeof sub !== 'string' || typeof clientId !== 'string') {
    throw new AuthenticationError('invalid_claims', 'jti, sub and client_id must be strings');
  }
  if (scope !== undefined && typeof scope !== 'string') throw new AuthenticationError('invalid_claims', 'scope must be a string');
  return {
    jti,
    sub,
    clientId,
    scopes: scope ? scope.split(' ').filter(Boolean) : [],
    issuedAt: iat as number,
    expiresAt: exp as number,
    audience: typeof aud === 'string' ? aud : Array.isArray(aud) ? aud[0] : undefined,
  };
}

/** RFC 7523 §3 / OIDC Core §9: asymmetric algorithms only (never `none`, never HMAC). */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** What a checked `private_key_jwt` assertion says. */
export interface ClientAssertionClaims {
  jti: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** Why an assertion was refused (for the log and the audit event, never the response). */
export class ClientAssertionError extends Error {
  override name = 'ClientAssertionError';
}

const localKeySets = new WeakMap<object, ReturnType<typeof createLocalJWKSet>>();

/**
 * Verifies a client assertion against the client's registered JWKS: signature by one
 * of its keys with an allowed algorithm, `iss` = `sub` = the client id, `aud` one of
 * `audiences`, `exp` present and at most `maxLifetime` seconds ahead, `jti` present.
 * Single use is the caller's (it needs the database). The key set is imported once
 * per client snapshot.
 */
export async function verifyClientAssertion(
  assertion: string,
  jwks: { keys: Record<string, unknown>[] },
  expected: { clientId: string; audiences: string[]; maxLifetime: number },
): Promise<ClientAssertionClaims> {
  let keySet = localKeySets.get(jwks);
  if (!keySet) {
    keySet = createLocalJWKSet(jwks as { keys: JWK[] });
    localKeySets.set(jwks, keySet);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, keySet, {
      algorithms: CLIENT_ASSERTION_ALGORITHMS,
      issuer: expected.clientId,
      subject: expected.clientId,
      audience: expected.audiences,
      requiredClaims: ['exp', 'jti'],
      clockTolerance: 5,
    }));
  } catch (error) {
    throw new ClientAssertionError(error instanceof errors.JOSEError ? `${error.code}: ${error.message}` : 'malformed assertion');
  }
  const { jti, exp } = payload as { jti: unknown; exp: number };
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200) throw new ClientAssertionError('jti must be a string');
  if (exp - Math.floor(Date.now() / 1000) > expected.maxLifetime) throw new ClientAssertionError('exp is too far ahead');
  return { jti, expiresAt: exp };
}

/** The `sub` an assertion claims, unverified: which client's keys to check it with. Null if unreadable. */
export function assertionSubject(assertion: string): string | null {
  try {
    const { sub } = decodeJwt(assertion);
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/** Turns jose's errors into the reasons of {@link AuthenticationError}. */
function toAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationError('expired', 'token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationError('invalid_claims', `invalid "${error.claim}" claim`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthenticationError('invalid_signature', 'signature verification failed');
  }
  return new AuthenticationError('malformed_token', 'malformed token');
}
