import { LRUCache } from 'lru-cache';
import type { AccessTokenClaims } from './jwt.js';
import { AuthenticationError } from './principal.js';

/** Long enough for a busy client's token to be verified once per few minutes, never past the token's own expiry. */
const MAX_TTL_MS = 5 * 60_000;

/**
 * Tokens whose signature and claims were verified, keyed by the exact token text, so
 * a warm client pays the RS256 verification once instead of on every request. Only
 * what the signature proves is kept here; whether the token is still live (revoked,
 * client deleted, user disabled) is asked of {@link AuthState} on every request, and
 * expiry is checked against the clock on every hit.
 */
export class VerifiedTokens {
  // Keys are whole tokens (~1 kB): the bound keeps the cache near 10 MB.
  readonly #entries = new LRUCache<string, AccessTokenClaims>({ max: 10_000, ttl: MAX_TTL_MS, ttlAutopurge: false });

  /** The cached claims if the token is cached and not expired, else undefined; changes nothing. */
  fresh(token: string): AccessTokenClaims | undefined {
    const hit = this.#entries.get(token);
    return hit && hit.expiresAt > Math.floor(Date.now() / 1000) ? hit : undefined;
  }

  /** The cached claims without verifying: undefined when the token is not cached; an `expired` error once it has expired. */
  cached(token: string): AccessTokenClaims | undefined {
    const hit = this.#entries.get(token);
    if (hit && hit.expiresAt <= Math.floor(Date.now() / 1000)) {
      this.#entries.delete(token);
      throw new AuthenticationError('expired', 'token expired');
    }
    return hit;
  }

  /** The cached claims, or `verify(token)`'s, remembered until the token expires (at most 5 minutes). */
  async claims(token: string, verify: (token: string) => Promise<AccessTokenClaims>): Promise<AccessTokenClaims> {
    const hit = this.#entries.get(token);
    if (hit) {
      if (hit.expiresAt <= Math.floor(Date.now() / 1000)) {
        this.#entries.delete(token);
        throw new AuthenticationError('expired', 'token expired');
      }
      return hit;
    }
    const claims = await verify(token);
    const left = claims.expiresAt * 1000 - Date.now();
    if (left > 0) this.#entries.set(token, claims, { ttl: Math.min(MAX_TTL_MS, left) });
    return claims;
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
