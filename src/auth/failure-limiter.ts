import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import { AUDIT_ACTIONS, type AuditEntry, countRecentEvents, recordAuditEvent } from '../modules/audit/audit.service.js';

/** What failed attempts are counted against. */
export type LimitKey = { kind: 'client'; id: string } | { kind: 'username'; username: string } | { kind: 'ip'; ip: string };

export class TooManyAttempts extends Error {
  override name = 'TooManyAttempts';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed attempts; retry after ${retryAfterSeconds} seconds`);
  }
}

/** The stored form of a username key: normalised, within the audit column. */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

/**
 * Brute-force limits on failed client authentication and failed logins, per client
 * id, per username and per IP. Failures are the audit events themselves, so every
 * instance counts the same failures; the "blocked until" verdict is kept in process,
 * so successful requests cost nothing. Another instance learns of a block on its own
 * next failure for that key, which bounds the overshoot to one attempt per instance.
 */
export class FailureLimiter {
  readonly #blockedUntil = new LRUCache<string, number>({ max: 100_000 });

  constructor(
    private readonly orm: Orm,
    private readonly limits: Config['rateLimit'],
    /** Told of every refusal and recorded failure (the metrics). */
    private readonly observe: (event: 'blocked' | 'client' | 'login') => void = () => undefined,
  ) {}

  /** Throws {@link TooManyAttempts} if any key is blocked now. */
  check(keys: readonly LimitKey[]): void {
    const now = Date.now();
    let until = 0;
    for (const key of keys) until = Math.max(until, this.#blockedUntil.get(cacheKey(key)) ?? 0);
    if (until > now) {
      this.observe('blocked');
      throw new TooManyAttempts(Math.max(1, Math.ceil((until - now) / 1000)));
    }
  }

  /** Records the failure (as its audit event) and blocks each key that reached the limit. */
  async recordFailure(keys: readonly LimitKey[], entry: AuditEntry): Promise<void> {
    this.observe(entry.action === AUDIT_ACTIONS.clientAuthFailed ? 'client' : 'login');
    const em = this.orm.em.fork();
    recordAuditEvent(em, entry);
    await em.flush();
    const now = Date.now();
    const since = new Date(now - this.limits.windowSeconds * 1000);
    for (const key of keys) {
      const failures = await countRecentEvents(em, { ...auditFilter(key), since });
      if (failures >= this.limits.maxFailures) this.#blockedUntil.set(cacheKey(key), now + this.limits.windowSeconds * 1000);
    }
  }
}

function cacheKey(key: LimitKey): string {
  if (key.kind === 'client') return `client:${key.id}`;
  if (key.kind === 'username') return `username:${usernameKey(key.username)}`;
  return `ip:${key.ip}`;
}

function auditFilter(key: LimitKey): { actions: string[]; targetId?: string; ip?: string } {
  if (key.kind === 'client') return { actions: [AUDIT_ACTIONS.clientAuthFailed], targetId: key.id.slice(0, 64) };
  if (key.kind === 'username') return { actions: [AUDIT_ACTIONS.loginFailed], targetId: usernameKey(key.username) };
  return { actions: [AUDIT_ACTIONS.clientAuthFailed, AUDIT_ACTIONS.loginFailed], ip: key.ip.slice(0, 64) };
}
