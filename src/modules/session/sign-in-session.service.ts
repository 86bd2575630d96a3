import type { EntityManager } from '@mikro-orm/core';
import { SignInSession } from './sign-in-session.entity.js';

export interface SignInRecord {
  id: string;
  userId: string;
  authTime: Date;
  expiresAt: Date;
}

/** Records a sign-in at the authorization pages; its id is the session cookie's and the ID tokens' `sid`. */
export async function startSignInSession(em: EntityManager, record: SignInRecord): Promise<void> {
  em.create(SignInSession, { id: record.id, user: record.userId, authTime: record.authTime, expiresAt: record.expiresAt });
  await em.flush();
}

/** Whether the session is still on: not ended by a logout, not expired, and the same user's. */
export async function isSignInSessionLive(em: EntityManager, id: string, userId: string, now = new Date()): Promise<boolean> {
  const count = await em.count(SignInSession, { id, user: userId, endedAt: null, expiresAt: { $gt: now } });
  return count > 0;
}

/** Ends sign-in sessions (logout); returns how many were still on. Unknown ids are ignored. */
export async function endSignInSessions(em: EntityManager, ids: readonly string[]): Promise<number> {
  const unique = [...new Set(ids)].filter((id) => id.length > 0 && id.length <= 64);
  if (unique.length === 0) return 0;
  return em.nativeUpdate(SignInSession, { id: { $in: unique }, endedAt: null }, { endedAt: new Date() });
}
