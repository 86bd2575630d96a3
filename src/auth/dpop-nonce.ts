import { createHmac, hkdfSync } from 'node:crypto';
import { DpopProofError } from './dpop-proof.js';

/** A nonce is issued for this many seconds, and accepted for one more window after that. */
export const NONCE_WINDOW_SECONDS = 120;

/**
 * Server-provided DPoP nonces (RFC 9449 §8 and §9) without shared state: the nonce of a
 * time window is an HMAC of the window's number under a key derived from the signing
 * key, which every instance holds. So every instance issues and accepts the same
 * nonces with no database round trip, and they rotate each window; the previous
 * window's nonce stays good, so a client's proof made just before a rotation passes.
 */
export class DpopNonces {
  readonly #key: Buffer;
  #window = -1;
  #current = '';
  #previous = '';

  /** `secret`: the server's private signing key (PEM); the nonce key is derived from it by HKDF. */
  constructor(secret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, '', 'core-api DPoP nonce', 32));
  }

  /** The nonce to send in `DPoP-Nonce` now. */
  current(): string {
    this.rotate();
    return this.#current;
  }

  /** Throws `use_dpop_nonce` unless `nonce` is this window's or the previous one's. */
  check(nonce: unknown): void {
    this.rotate();
    if (nonce === undefined) throw new DpopProofError('use_dpop_nonce', 'a DPoP nonce is required (see the DPoP-Nonce header)');
    if (nonce !== this.#current && nonce !== this.#previous) {
      throw new DpopProofError('use_dpop_nonce', 'the DPoP nonce is not current (see the DPoP-Nonce header)');
    }
  }

  private rotate(): void {
    const window = Math.floor(Date.now() / 1000 / NONCE_WINDOW_SECONDS);
    if (window === this.#window) return;
    this.#window = window;
    this.#current = this.nonceOf(window);
    this.#previous = this.nonceOf(window - 1);
  }

  private nonceOf(window: number): string {
    return createHmac('sha256', this.#key).update(String(window)).digest().subarray(0, 16).toString('base64url');
  }
}
