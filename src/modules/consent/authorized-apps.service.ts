import type { EntityManager } from '@mikro-orm/core';
import { NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { Operation } from '../operation.js';
import { revokeTokensOf } from '../token/token.repository.js';
import type { Consent } from './consent.entity.js';
import { deleteConsent, listConsents } from './consent.repository.js';

/** The apps a user has authorized (their consents), most recently changed first. */
export function listAuthorizedApps(em: EntityManager, userId: string): Promise<Consent[]> {
  return listConsents(em, userId);
}

export interface RevokedAuthorization {
  clientId: string;
  revokedTokens: number;
}

/**
 * Withdraws a user's authorization of a client: forgets the consent (the next
 * authorization asks again) and revokes every token the client holds for the user,
 * in one transaction, then tells every instance.
 */
export async function revokeAuthorizedApp(op: Operation, userId: string, clientId: string): Promise<RevokedAuthorization> {
  if (!isUuid(clientId)) throw new NotFoundError('authorization', clientId);
  const revoked = await op.em.transactional(async (em) => {
    const hadConsent = await deleteConsent(em, userId, clientId);
    const ids = await revokeTokensOf(em, { clientId, userId });
    if (!hadConsent && ids.length === 0) throw new NotFoundError('authorization', clientId);
    recordAuditEvent(em, {
      action: 'consent.revoked',
      actor: op.actor,
      ip: op.actor.ip,
      target: { type: 'client', id: clientId },
      details: { userId, revokedTokens: ids.length },
    });
    return ids;
  });
  if (revoked.length > 0) await op.publish({ kind: 'tokens', ids: revoked });
  return { clientId, revokedTokens: revoked.length };
}
