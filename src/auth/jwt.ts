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

/** The algorithms an access token may be signed with (`ACCESS_TOKEN_ALG`). */
export const ACCESS_TOKEN_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
export type AccessTokenAlgorithm = (typeof ACCESS_TOKEN_ALGORITHMS)[number];

/**
 * ID tokens are RS256 whatever signs access tokens: OpenID Connect Discovery requires
 * RS256 among `id_token_signing_alg_values_supported`, and relying parties expect it when
 * a client registered no `id_token_signed_response_alg`. They are one per sign-in, not
 * one per API call, so the cheaper curve buys little there.
 */
export const ID_TOKEN_ALGORITHM = 'RS256';
const ACCESS_TOKEN_TYPE = 'at+jwt';
/** ID tokens carry the plain JWT type, so neither kind of token can pass for the other. */
const ID_TOKEN_TYPE = 'JWT';

/** What node:crypto needs per algorithm (RFC 7518 §3.3/§3.4, RFC 8037 §3.1), and which keys fit it. */
const ALGORITHM_SPECS: Record<AccessTokenAlgorithm, { digest: string | null; p1363: boolean; fits(key: KeyObject): boolean }> = {
  RS256: { digest: 'sha256', p1363: false, fits: (key) => key.asymmetricKeyType === 'rsa' },
  // JWS wants ECDSA signatures as r || s (IEEE P1363), not node's default DER.
  ES256: {
    digest: 'sha256',
    p1363: true,
    fits: (key) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1',
  },
  EdDSA: { digest: null, p1363: false, fits: (key) => key.asymmetricKeyType === 'ed25519' },
};

/** The algorithm a key is for: RSA → RS256, P-256 → ES256, Ed25519 → EdDSA; null for any other key. */
export function algorithmOfKey(key: KeyObject): AccessTokenAlgorithm | null {
  return ACCESS_TOKEN_ALGORITHMS.find((alg) => ALGORITHM_SPECS[alg].fits(key)) ?? null;
}

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
  /** RFC 9449 §6.1 `cnf.jkt`: the thumbprint of the DPoP key the token is bound to. */
  jkt?: string;
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
  /** RFC 7638 thumbprint of the key that signs access tokens. */
  readonly kid: string;
  /** `ACCESS_TOKEN_ALG`: what access tokens are signed with. ID tokens are always {@link ID_TOKEN_ALGORITHM}. */
  readonly accessTokenAlgorithm: AccessTokenAlgorithm;
  /** JWKS document: the access-token key first, the ID-token key if it is another, then previous keys still accepted. */
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

/** A private key imported once, with what it signs as. */
interface Signer {
  key: KeyObject;
  alg: AccessTokenAlgorithm;
  kid: string;
}

/** A public key this server accepts, bound to its one algorithm (never another's, never `none`). */
interface Verifier {
  key: CryptoKey;
  alg: AccessTokenAlgorithm;
}

/**
 * Imports the configured keys once. PASSPORT_PRIVATE_KEY (RSA) signs ID tokens, and access
 * tokens too unless `ACCESS_TOKEN_ALG` names another algorithm, whose key pair is then
 * `keys.accessToken`. Previous public keys of any of the algorithms stay verifiable.
 * PKCS#1 PEMs are converted; a mismatched pair or a key of the wrong type is refused.
 */
export async function loadSigningKeys(
  config: Pick<Config, 'keys' | 'issuer' | 'tokenAudience' | 'resources'> & { accessTokenAlgorithm?: AccessTokenAlgorithm },
): Promise<SigningKeys> {
  if (!config.keys) throw new KeyConfigError('PASSPORT_PRIVATE_KEY / PASSPORT_PUBLIC_KEY are not set (run the keys command)');
  const algorithm = config.accessTokenAlgorithm ?? 'RS256';
  const rsa = importPair(config.keys, 'PASSPORT', 'RS256');
  let accessPair = rsa;
  if (algorithm !== 'RS256') {
    if (!config.keys.accessToken) {
      throw new KeyConfigError(
        `ACCESS_TOKEN_PRIVATE_KEY / ACCESS_TOKEN_PUBLIC_KEY are not set for ACCESS_TOKEN_ALG=${algorithm} (run keys --alg ${algorithm})`,
      );
    }
    accessPair = importPair(config.keys.accessToken, 'ACCESS_TOKEN', algorithm);
  }
  const verifiers = new Map<string, Verifier>();
  const jwks: PublicJwk[] = [];
  for (const pem of [accessPair.publicPem, rsa.publicPem, ...config.keys.previousPublicKeys.map(toSpki)]) {
    const alg = algorithmOfKey(createPublicKey(pem));
    if (!alg) throw new KeyConfigError('PASSPORT_PREVIOUS_PUBLIC_KEYS: only RSA, P-256 and Ed25519 public keys are supported');
    const key = await importSPKI(pem, alg, { extractable: true });
    const jwk = await exportJWK(key);
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    if (verifiers.has(kid)) continue;
    verifiers.set(kid, { key, alg });
    jwks.push({ ...jwk, kid, use: 'sig', alg });
  }
  const accessSigner: Signer = { key: accessPair.privateKey, alg: algorithm, kid: jwks[0].kid };
  const idSigner: Signer = { key: rsa.privateKey, alg: ID_TOKEN_ALGORITHM, kid: jwks.find((k) => k.alg === 'RS256')?.kid ?? '' };
  return {
    kid: accessSigner.kid,
    accessTokenAlgorithm: algorithm,
    jwks: { keys: jwks },
    sign: (claims) => signAccessToken(accessSigner, config, claims),
    verify: (token) => verifyAccessToken(token, verifiers, config),
    signIdToken: (claims) => signIdToken(idSigner, config, claims),
    readIdTokenHint: (token) => readIdTokenHint(token, verifiers, config),
  };
}

/** A configured pair, checked: readable, of the algorithm's key type, and the public key the private key's. */
function importPair(
  pair: { privateKey: string; publicKey: string },
  prefix: 'PASSPORT' | 'ACCESS_TOKEN',
  alg: AccessTokenAlgorithm,
): { privateKey: KeyObject; publicPem: string } {
  const privatePem = toPkcs8(pair.privateKey, `${prefix}_PRIVATE_KEY`);
  const publicPem = toSpki(pair.publicKey);
  if (toSpki(privatePem) !== publicPem) throw new KeyConfigError(`${prefix}_PUBLIC_KEY does not belong to ${prefix}_PRIVATE_KEY`);
  // Imported once: parsing a PEM per token would cost more than the signature.
  const privateKey = createPrivateKey(privatePem);
  if (!ALGORITHM_SPECS[alg].fits(privateKey)) {
    const wanted = { RS256: 'an RSA key', ES256: 'a P-256 (prime256v1) EC key', EdDSA: 'an Ed25519 key' }[alg];
    throw new KeyConfigError(`${prefix}_PRIVATE_KEY: ${alg} needs ${wanted}`);
  }
  return { privateKey, publicPem };
}

function toPkcs8(pem: string, variable: string): string {
  try {
    return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new KeyConfigError(`${variable}: not a readable PEM private key`);
  }
}

function toSpki(pem: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new KeyConfigError('a configured public key is not a readable PEM public key');
  }
}

/** RFC 9068 access token: compact JWS (RFC 7515 §7.1) with the access-token key. */
function signAccessToken(
  signer: Signer,
  config: Pick<Config, 'issuer' | 'tokenAudience'>,
  claims: Omit<AccessTokenClaims, 'issuedAt'> & { issuedAt?: number },
): Promise<string> {
  return Promise.resolve(
    signJws(signer, ACCESS_TOKEN_TYPE, {
      client_id: claims.clientId,
      scope: claims.scopes.join(' '),
      iss: config.issuer,
      sub: claims.sub,
      aud: claims.audience ?? config.tokenAudience,
      iat: claims.issuedAt ?? Math.floor(Date.now() / 1000),
      exp: claims.expiresAt,
      jti: claims.jti,
      ...(claims.jkt ? { cnf: { jkt: claims.jkt } } : {}),
    }),
  );
}

/** OIDC Core §2 and §3.1.3.6; `aud` is the client alone, so `azp` repeats it (as certified servers do). */
function signIdToken(signer: Signer, config: Pick<Config, 'issuer'>, claims: IdTokenClaims): Promise<string> {
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
  return Promise.resolve(signJws(signer, ID_TOKEN_TYPE, payload));
}

/** `at_hash`: the left half of the SHA-256 of the access token's ASCII, base64url (RS256 → SHA-256). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

/**
 * Signed by node:crypto with the KeyObject imported once, on the event loop: RS256 costs
 * ~0.26 ms here, ES256 and EdDSA ~0.02–0.03 ms, and handing the work to the libuv thread
 * pool (as this did) added ~0.02 ms of CPU per token in thread wake-ups — 8 % of an RSA
 * signature, most of an EC one. Verification stays with jose.
 */
function signJws(signer: Signer, typ: string, payload: Record<string, unknown>): string {
  const header = { alg: signer.alg, typ, kid: signer.kid };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const spec = ALGORITHM_SPECS[signer.alg];
  const key = spec.p1363 ? { key: signer.key, dsaEncoding: 'ieee-p1363' as const } : signer.key;
  return `${signingInput}.${sign(spec.digest, Buffer.from(signingInput), key).toString('base64url')}`;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

async function verifyAccessToken(
  token: string,
  keys: Map<string, Verifier>,
  config: Pick<Config, 'issuer' | 'tokenAudience' | 'resources'>,
): Promise<AccessTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, (header) => findKey(keys, header), {
      algorithms: [...ACCESS_TOKEN_ALGORITHMS],
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
  keys: Map<string, Verifier>,
  config: Pick<Config, 'issuer'>,
): Promise<IdTokenHint | null> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== ID_TOKEN_TYPE || header.alg !== ID_TOKEN_ALGORITHM) return null;
    // The signature only: jwtVerify would refuse an expired hint, which is still a good one.
    const { payload } = await compactVerify(token, (protectedHeader) => findKey(keys, protectedHeader), {
      algorithms: [ID_TOKEN_ALGORITHM],
    });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const { iss, sub, aud, azp, sid } = claims;
    if (iss !== config.issuer || typeof sub !== 'string' || typeof aud !== 'string' || azp !== aud) return null;
    return { sub, clientId: aud, sessionId: typeof sid === 'string' ? sid : null };
  } catch {
    return null;
  }
}

/** The key named by `kid`, and only for the algorithm it is for: a token cannot pick another. */
function findKey(keys: Map<string, Verifier>, header: { kid?: string; alg?: string }): CryptoKey {
  const verifier = header.kid ? keys.get(header.kid) : undefined;
  if (!verifier) throw new AuthenticationError('invalid_signature', 'unknown signing key');
  if (verifier.alg !== header.alg) throw new AuthenticationError('invalid_signature', 'the key is not for this algorithm');
  return verifier.key;
}

function readClaims(payload: JWTPayload): AccessTokenClaims {
  const { jti, sub, client_id: clientId, scope, iat, exp, aud, cnf } = payload;
  if (typeof jti !== 'string' || typeof sub !== 'string' || typeof clientId !== 'string') {
    throw new AuthenticationError('invalid_claims', 'jti, sub and client_id must be strings');
  }
  if (scope !== undefined && typeof scope !== 'string') throw new AuthenticationError('invalid_claims', 'scope must be a string');
  const jkt = (cnf as { jkt?: unknown } | undefined)?.jkt;
  if (cnf !== undefined && typeof jkt !== 'string') throw new AuthenticationError('invalid_claims', 'cnf must carry a jkt');
  return {
    jti,
    sub,
    clientId,
    scopes: scope ? scope.split(' ').filter(Boolean) : [],
    issuedAt: iat as number,
    expiresAt: exp as number,
    audience: typeof aud === 'string' ? aud : Array.isArray(aud) ? aud[0] : undefined,
    ...(typeof jkt === 'string' ? { jkt } : {}),
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
