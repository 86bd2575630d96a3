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

/**
 * Ends sign-in sessions (logout); returns those that were still on. Unknown ids are
 * ignored; with `userId`, only that user's sessions end.
 */
export async function endSignInSessions(
  em: EntityManager,
  ids: readonly string[],
  userId?: string,
): Promise<{ id: string; userId: string }[]> {
  const unique = [...new Set(ids)].filter((id) => id.length > 0 && id.length <= 64);
  if (unique.length === 0) return [];
  const live = await em.find(
    SignInSession,
    { id: { $in: unique }, endedAt: null, ...(userId ? { user: userId } : {}) },
    { fields: ['id', 'user'] },
  );
  if (live.length === 0) return [];
  await em.nativeUpdate(
    SignInSession,
    { id: { $in: live.map((session) => session.id) }, endedAt: null },
    { endedAt: new Date() },
  );
  return live.map((session) => ({ id: session.id, userId: session.user.id }));
}
