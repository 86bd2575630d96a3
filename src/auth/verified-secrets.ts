import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { verifySecret } from '../lib/secrets.js';
import type { ClientSnapshot } from './auth-state.js';

/** Long enough to spare argon2 for a busy integration, short enough to bound a leaked process's memory. */
const MAX_TTL_MS = 10 * 60_000;

/**
 * Remembers which client secrets were verified recently, so a client-credentials
 * integration pays argon2id once per few minutes instead of on every token.
 * Entries are HMACs under a per-process random key of (client, its current secret
 * hash, the secret): never the secret itself; a rotated hash or a dropped client
 * (invalidation) makes the entry useless. Concurrent verifications of the same
 * (client, hash, secret) share one argon2id run: 32 connections of an integration
 * starting at once cost one verification, not 32 (each holding 19 MB meanwhile).
 */
export class VerifiedSecrets {
  readonly #key = randomBytes(32);
  readonly #entries: LRUCache<string, Buffer>;
  /** argon2id runs in flight, by the base64 of their MAC. */
  readonly #pending = new Map<string, Promise<boolean>>();

  /** `accessTokenTtlSeconds`: an entry never outlives the tokens it lets a client obtain. */
  constructor(accessTokenTtlSeconds = Number.POSITIVE_INFINITY) {
    this.#entries = new LRUCache({ max: 5_000, ttl: Math.min(MAX_TTL_MS, accessTokenTtlSeconds * 1000) });
  }

  async verify(client: ClientSnapshot, secret: string): Promise<boolean> {
    if (!client.secretHash) return false;
    const mac = this.mac(client, secret);
    const known = this.#entries.get(client.id);
    if (known && timingSafeEqual(known, mac)) return true;
    const key = mac.toString('base64');
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = verifySecret(client.secretHash, secret).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const valid = await pending;
    if (valid) this.#entries.set(client.id, mac);
    return valid;
  }

  /** Drops a client's entry (rotation, deletion); `*` drops all. */
  forget(clientId: string): void {
    if (clientId === '*') this.#entries.clear();
    else this.#entries.delete(clientId);
  }

  private mac(client: ClientSnapshot, secret: string): Buffer {
    return createHmac('sha256', this.#key).update(`${client.id}\0${client.secretHash}\0${secret}`).digest();
  }
}
