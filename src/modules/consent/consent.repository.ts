import type { EntityManager } from '@mikro-orm/core';
import { Consent } from './consent.entity.js';

/** The consent a user gave a client, if any. */
export function findConsent(em: EntityManager, userId: string, clientId: string): Promise<Consent | null> {
  return em.findOne(Consent, { user: userId, client: clientId });
}

/** A user's consents, newest change first, with their (non-deleted) clients loaded. */
export function listConsents(em: EntityManager, userId: string): Promise<Consent[]> {
  return em.find(
    Consent,
    { user: userId, client: { deletedAt: null } },
    { populate: ['client'], orderBy: { updatedAt: 'desc' } },
  );
}

/** Forgets a user's consent for a client; the next authorization asks again. Returns whether one existed. */
export async function deleteConsent(em: EntityManager, userId: string, clientId: string): Promise<boolean> {
  return (await em.nativeDelete(Consent, { user: userId, client: clientId })) > 0;
}
