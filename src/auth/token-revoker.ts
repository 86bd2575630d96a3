import type { EntityManager } from '@mikro-orm/core';
import type { InvalidationBus } from '../db/invalidation.js';
import { AUDIT_ACTIONS, type AuditEntry, writeAuditEvent } from '../modules/audit/audit.service.js';
import {
  familiesOfAccessToken,
  familiesOfSignInSessions,
  revokeAccessTokenRow,
  revokeFamily,
  revokeTokensOf,
} from '../modules/token/token.repository.js';

export interface RevocationContext {
  actor?: AuditEntry['actor'];
  ip?: string | null;
  reason: string;
}

/**
 * Every revocation goes through here: the rows are updated (each statement commits
 * on its own), then the change is published so every instance drops the token at
 * once, then the audit event is written. Call it outside a transaction, or the
 * notification could outrun the commit.
 */
export class TokenRevoker {
  constructor(private readonly bus: InvalidationBus) {}

  /** Revokes one access token and, with `withRefresh`, the refresh families issued with it. */
  async revokeAccessToken(em: EntityManager, id: string, context: RevocationContext, withRefresh = false): Promise<string[]> {
    const revoked = (await revokeAccessTokenRow(em, id)) ? [id] : [];
    if (withRefresh) {
      for (const family of await familiesOfAccessToken(em, id)) revoked.push(...(await revokeFamily(em, family)));
    }
    return this.announce(em, revoked, context, { accessTokenId: id });
  }

  /** Revokes a refresh family and every access token issued in it. */
  async revokeFamily(em: EntityManager, family: string, context: RevocationContext): Promise<string[]> {
    const revoked = await revokeFamily(em, family);
    return this.announce(em, revoked, context, { family });
  }

  /** Every token issued from sign-ins in these sessions (OpenID Connect logout), refresh families and all. */
  async revokeSignInSessions(em: EntityManager, sessionIds: readonly string[], context: RevocationContext): Promise<string[]> {
    const revoked: string[] = [];
    for (const family of await familiesOfSignInSessions(em, sessionIds)) revoked.push(...(await revokeFamily(em, family)));
    if (revoked.length === 0) return [];
    return this.announce(em, revoked, context, { sessions: sessionIds.length });
  }

  /** All tokens of a client (deletion), or of one user at one client (revoking an authorization). */
  async revokeTokensOf(
    em: EntityManager,
    filter: { clientId?: string; userId?: string },
    context: RevocationContext,
  ): Promise<string[]> {
    const revoked = await revokeTokensOf(em, filter);
    return this.announce(em, revoked, context, filter);
  }

  private async announce(
    em: EntityManager,
    ids: string[],
    context: RevocationContext,
    target: Record<string, unknown>,
  ): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length > 0) await this.bus.publish({ kind: 'tokens', ids: unique });
    await writeAuditEvent(em, {
      action: context.reason === 'refresh_token_reuse' ? AUDIT_ACTIONS.refreshReuse : AUDIT_ACTIONS.tokenRevoked,
      actor: context.actor,
      target: { type: 'access_token', id: unique.length === 1 ? unique[0] : null },
      ip: context.ip,
      details: { reason: context.reason, count: unique.length, ...target },
    });
    return unique;
  }
}
