import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { recordAuditEvent } from '../audit/audit.service.js';
import { Consent } from './consent.entity.js';
import { findConsent } from './consent.repository.js';

/** True when the user already allowed this client every one of `scopes`. */
export async function consentCovers(
  em: EntityManager,
  userId: string,
  clientId: string,
  scopes: readonly string[],
): Promise<boolean> {
  const consent = await findConsent(em, userId, clientId);
  if (!consent) return false;
  const granted = new Set(consent.scopes);
  return scopes.every((scope) => granted.has(scope));
}

export interface ConsentGrant {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  ip: string | null;
}

/**
 * Remembers that the user allowed these scopes: one record per user and client whose
 * scopes only grow (a later request for fewer scopes is still covered). A concurrent
 * first grant (a double-clicked Allow) loses the unique-key race and merges instead.
 */
export async function grantConsent(em: EntityManager, grant: ConsentGrant): Promise<void> {
  try {
    await mergeConsent(em, grant);
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    em.clear();
    await mergeConsent(em, grant);
  }
}

async function mergeConsent(em: EntityManager, grant: ConsentGrant): Promise<void> {
  const existing = await findConsent(em, grant.userId, grant.clientId);
  const scopes = [...new Set([...(existing?.scopes ?? []), ...grant.scopes])].sort();
  if (existing) existing.scopes = scopes;
  else em.create(Consent, { user: grant.userId, client: grant.clientId, scopes });
  recordAuditEvent(em, {
    action: 'consent.granted',
    actor: { type: 'user', id: grant.userId },
    target: { type: 'client', id: grant.clientId },
    ip: grant.ip,
    details: { scopes: [...grant.scopes] },
  });
  await em.flush();
}
