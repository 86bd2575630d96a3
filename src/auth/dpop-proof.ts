import { constants, createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { DpopNonces } from './dpop-nonce.js';

/**
 * RFC 9449 DPoP proofs, checked synchronously with node:crypto: a proof is checked on
 * every resource request, and a synchronous ECDSA check costs ~40 % less CPU than the
 * same through WebCrypto (jose), with no promise per request. The header segment of
 * a client's proofs is the same every time, so what it yields (the checked `alg`, the
 * imported key, its thumbprint) is cached by that segment's text.
 */

/** Asymmetric algorithms only: never `none`, never HMAC (RFC 9449 §4.3 point 5). */
const ALGORITHMS = {
  ES256: { kty: 'EC', crv: 'P-256', hash: 'sha256', signatureBytes: 64 },
  ES384: { kty: 'EC', crv: 'P-384', hash: 'sha384', signatureBytes: 96 },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', hash: null },
  // RFC 9864's fully-specified name for EdDSA with Ed25519 (what oauth4webapi signs with).
  Ed25519: { kty: 'OKP', crv: 'Ed25519', hash: null },
} as const satisfies Record<string, AlgorithmSpec>;

interface AlgorithmSpec {
  kty: 'EC' | 'RSA' | 'OKP';
  crv?: string;
  hash: string | null;
  pss?: boolean;
  signatureBytes?: number;
}

type Algorithm = keyof typeof ALGORITHMS;

/** The `dpop_signing_alg_values_supported` of the metadata and the `algs` of a DPoP challenge. */
export const DPOP_ALGORITHMS = Object.keys(ALGORITHMS) as Algorithm[];

/** How old (seconds) a proof's `iat` may be, and how far ahead of this server's clock. */
export const PROOF_MAX_AGE = 60;
const PROOF_MAX_AHEAD = 5;
const MAX_PROOF_LENGTH = 8192;
const MAX_JTI_LENGTH = 256;
const MIN_RSA_BITS = 2048;
/** RFC 7517 members that only a private (or symmetric) key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** RFC 7638 §3.2: the members a thumbprint is computed over, per key type, in lexicographic order. */
const THUMBPRINT_MEMBERS = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] } as const;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** What the request a proof comes with must be. */
export interface ProofExpectation {
  /** The request's method, e.g. `POST`. */
  method: string;
  /** The request's URL as the client addressed it, without query and fragment. */
  url: string;
  /** The access token the request presents (its hash is `ath`); none at the token endpoint. */
  accessToken?: string;
}

/** A checked proof: whose key signed it and its `jti` (single use is the caller's: it needs the database). */
export interface VerifiedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key. */
  jkt: string;
  jti: string;
  /** Until when the proof could be accepted (ms since the epoch): its `jti` must be remembered that long. */
  acceptableUntil: number;
}

/** Why a proof was refused: `use_dpop_nonce` when only the server's nonce is missing or stale (§8). */
export class DpopProofError extends Error {
  override name = 'DpopProofError';
  constructor(
    readonly error: 'invalid_dpop_proof' | 'use_dpop_nonce',
    message: string,
  ) {
    super(message);
  }
}

interface ProofKey {
  alg: Algorithm;
  key: KeyObject;
  jkt: string;
}

/** Checks DPoP proofs (RFC 9449 §4.3) against a request, and the server nonce when required. */
export class DpopProofs {
  /** Checked proof headers, by their base64url text: a client's proofs share one. */
  readonly #keys = new LRUCache<string, ProofKey>({ max: 10_000 });

  constructor(private readonly nonces: DpopNonces | null) {}

  /** `header` is the raw `DPoP` request header; throws {@link DpopProofError}. */
  verify(header: string | string[] | undefined, expected: ProofExpectation): VerifiedProof {
    if (typeof header !== 'string' || header.length > MAX_PROOF_LENGTH || !COMPACT_JWS.test(header)) {
      throw invalid(Array.isArray(header) ? 'send one DPoP header' : 'the DPoP header is not a compact JWS');
    }
    const [protectedHeader, payloadText, signature] = header.split('.');
    const { alg, key, jkt } = this.proofKey(protectedHeader);
    if (!verifySignature(alg, key, `${protectedHeader}.${payloadText}`, signature)) throw invalid('the signature is invalid');
    const claims = readJson(payloadText, 'payload');
    const { jti, iat } = checkClaims(claims, expected);
    if (this.nonces) this.nonces.check(claims.nonce);
    return { jkt, jti, acceptableUntil: (iat + PROOF_MAX_AGE + PROOF_MAX_AHEAD) * 1000 };
  }

  private proofKey(protectedHeader: string): ProofKey {
    const cached = this.#keys.get(protectedHeader);
    if (cached) return cached;
    const checked = readProofHeader(readJson(protectedHeader, 'header'));
    this.#keys.set(protectedHeader, checked);
    return checked;
  }
}

/** §4.3 points 4–7: `typ`, an allowed `alg`, and a public `jwk` of the algorithm's key type. */
function readProofHeader(header: Record<string, unknown>): ProofKey {
  if (header.typ !== 'dpop+jwt') throw invalid('typ must be dpop+jwt');
  const alg = header.alg;
  if (typeof alg !== 'string' || !Object.hasOwn(ALGORITHMS, alg)) {
    throw invalid(`alg must be one of ${DPOP_ALGORITHMS.join(', ')}`);
  }
  if (header.crit !== undefined) throw invalid('no crit header parameter is understood');
  const jwk = header.jwk;
  if (!isObject(jwk)) throw invalid('the jwk header parameter must be a public JWK');
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) throw invalid('the jwk header parameter must not hold a private key');
  const spec: AlgorithmSpec = ALGORITHMS[alg as Algorithm];
  if (jwk.kty !== spec.kty || (spec.crv !== undefined && jwk.crv !== spec.crv)) {
    throw invalid(`${alg} needs a ${spec.kty}${spec.crv ? ` ${spec.crv}` : ''} key`);
  }
  const members = THUMBPRINT_MEMBERS[spec.kty];
  if (members.some((member) => typeof jwk[member] !== 'string')) throw invalid('the jwk is missing a member');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Object.fromEntries(members.map((member) => [member, jwk[member]])), format: 'jwk' });
  } catch {
    throw invalid('the jwk is not a usable public key');
  }
  if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw invalid(`RSA keys must have at least ${MIN_RSA_BITS} bits`);
  }
  return { alg: alg as Algorithm, key, jkt: jwkThumbprint(jwk, members) };
}

/** RFC 7638: SHA-256 over the required members, in order, without whitespace. */
function jwkThumbprint(jwk: Record<string, unknown>, members: readonly string[]): string {
  const canonical = JSON.stringify(Object.fromEntries(members.map((member) => [member, jwk[member]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function verifySignature(alg: Algorithm, key: KeyObject, signingInput: string, signature: string): boolean {
  const spec: AlgorithmSpec = ALGORITHMS[alg];
  const bytes = Buffer.from(signature, 'base64url');
  if (spec.signatureBytes !== undefined && bytes.length !== spec.signatureBytes) return false;
  const options =
    spec.kty === 'EC'
      ? { key, dsaEncoding: 'ieee-p1363' as const }
      : spec.pss
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
        : key;
  try {
    return verify(spec.hash, Buffer.from(signingInput), options, bytes);
  } catch {
    return false;
  }
}

/** §4.3 points 8–12: `htm`, `htu` (without query and fragment), `iat` window, `jti`, `ath`. */
function checkClaims(claims: Record<string, unknown>, expected: ProofExpectation): { jti: string; iat: number } {
  const { htm, htu, iat, jti, ath } = claims;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) throw invalid('jti must be a string');
  if (htm !== expected.method) throw invalid('htm does not match the request method');
  if (typeof htu !== 'string' || !sameResource(htu, expected.url)) throw invalid('htu does not match the request URL');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalid('iat must be a number');
  const now = Date.now() / 1000;
  if (iat < now - PROOF_MAX_AGE) throw invalid('the proof is too old (iat)');
  if (iat > now + PROOF_MAX_AHEAD) throw invalid('the proof is issued in the future (iat)');
  if (expected.accessToken !== undefined && ath !== accessTokenThumbprint(expected.accessToken)) {
    throw invalid('ath does not match the access token');
  }
  return { jti, iat };
}

/** RFC 9449 §4.3: `htu` compared without query and fragment, after RFC 3986 syntax-based normalisation. */
function sameResource(htu: string, url: string): boolean {
  const given = URL.parse(htu);
  const expected = URL.parse(url);
  return given !== null && expected !== null && given.origin === expected.origin && given.pathname === expected.pathname;
}

/** `ath` (§4.2): base64url of the SHA-256 of the access token's ASCII. */
export function accessTokenThumbprint(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

function readJson(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`the proof's ${part} is not JSON`);
  }
  if (!isObject(value)) throw invalid(`the proof's ${part} is not a JSON object`);
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (message: string) => new DpopProofError('invalid_dpop_proof', message);
