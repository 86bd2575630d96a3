import type { EntityManager } from '@mikro-orm/core';
import type { Invalidation } from '../db/invalidation.js';
import type { SubjectType } from './access/subject.js';

/** Who performs a change, as recorded in the audit log. */
export interface Actor {
  type: SubjectType;
  id: string;
  ip: string | null;
}

/**
 * What every state-changing service call needs: the request's entity manager, the
 * actor for the audit event, and a way to tell every instance's caches what the
 * committed change made stale.
 */
export interface Operation {
  em: EntityManager;
  actor: Actor;
  publish(event: Invalidation): Promise<void>;
}
