import type { EntityManager } from '@mikro-orm/core';
import { AuditEvent } from './audit-event.entity.js';

/** The security events the token side records; other modules use their own `<thing>.<what happened>` names. */
export const AUDIT_ACTIONS = {
  tokenIssued: 'token.issued',
  tokenRevoked: 'token.revoked',
  refreshReuse: 'refresh_token.reuse_detected',
  clientAuthFailed: 'client.authentication_failed',
  loginFailed: 'login.failed',
} as const;

/**
 * A security event. `action` is `<thing>.<what happened>` (`client.created`,
 * `client.secret_rotated`, `token.revoked`, `login.failed`, …). Details must never
 * hold a secret, a token or a password.
 */
export interface AuditEntry {
  action: string;
  actor?: { type: string; id: string | null } | null;
  target?: { type: string; id: string | null } | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Columns are 64 characters: ids from untrusted input (a garbage client_id) are cut, never rejected. */
const clip = (value: string | null | undefined) => (value ? value.slice(0, 64) : null);

/** The columns of an event as stored (ids clipped), for writers that insert it themselves. */
export function auditColumns(entry: AuditEntry) {
  return {
    action: entry.action,
    actorType: entry.actor?.type ?? null,
    actorId: clip(entry.actor?.id),
    targetType: entry.target?.type ?? null,
    targetId: clip(entry.target?.id),
    ip: clip(entry.ip),
    details: entry.details ?? {},
  };
}

/**
 * Adds an audit event to the unit of work, so it commits in the same transaction as
 * the change it describes (or not at all). The caller flushes.
 */
export function recordAuditEvent(em: EntityManager, entry: AuditEntry): AuditEvent {
  return em.create(AuditEvent, auditColumns(entry));
}

/** Writes an event that goes with no other change (a failed login, a detected reuse). */
export async function writeAuditEvent(em: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
  const event = recordAuditEvent(em, entry);
  await em.flush();
  return event;
}

/** How many events with these actions match a target or an IP since a moment (brute-force counting). */
export async function countRecentEvents(
  em: EntityManager,
  filter: { actions: readonly string[]; targetId?: string; ip?: string; since: Date },
): Promise<number> {
  return em.count(AuditEvent, {
    action: { $in: [...filter.actions] },
    createdAt: { $gt: filter.since },
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.ip ? { ip: filter.ip } : {}),
  });
}
