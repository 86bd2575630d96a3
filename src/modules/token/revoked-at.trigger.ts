import type { TriggerDef } from '@mikro-orm/core';

/**
 * `revoked_at` is set by the database when `revoked` turns true, so no revoking
 * statement (here or in a later change) can forget it; the purge counts its
 * retention from it.
 */
export function revokedAtTrigger(): TriggerDef {
  return {
    name: 'revoked_at',
    timing: 'before',
    events: ['update'],
    forEach: 'row',
    // As PostgreSQL prints it back, so the schema diff sees no change.
    when: '(new.revoked AND (NOT old.revoked))',
    body: 'new.revoked_at := now(); return new',
  };
}
