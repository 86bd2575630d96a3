import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { findPage, type Page, type PageArgs } from '../../db/pagination.js';
import { parseInput } from '../../lib/zod-errors.js';
import { AuditEvent } from './audit-event.entity.js';

export const auditFilterSchema = z.object({
  action: z.string().max(64, 'must be at most 64 characters').nullish(),
  actorId: z.string().max(64, 'must be at most 64 characters').nullish(),
  targetId: z.string().max(64, 'must be at most 64 characters').nullish(),
  clientId: z.string().max(64, 'must be at most 64 characters').nullish(),
  since: z.date().nullish(),
  until: z.date().nullish(),
});

export type AuditFilter = z.input<typeof auditFilterSchema>;

/** A page of audit events, newest first, narrowed by exact action, actor, target, client and a time window. */
export async function findAuditEvents(
  em: EntityManager,
  filter: AuditFilter | null | undefined,
  page: PageArgs,
): Promise<Page<AuditEvent>> {
  const valid = parseInput(auditFilterSchema, filter ?? {}, 'filter');
  const where: FilterQuery<AuditEvent> & Record<string, unknown> = {};
  if (valid.action) where.action = valid.action;
  if (valid.actorId) where.actorId = valid.actorId;
  if (valid.targetId) where.targetId = valid.targetId;
  // By, about or for the client: it acted, it was changed, or a token event names it.
  if (valid.clientId) {
    where.$or = [{ actorId: valid.clientId }, { targetId: valid.clientId }, { details: { clientId: valid.clientId } }];
  }
  if (valid.since || valid.until) {
    where.createdAt = { ...(valid.since ? { $gte: valid.since } : {}), ...(valid.until ? { $lt: valid.until } : {}) };
  }
  return findPage(em, AuditEvent, where, page, { newestFirst: true });
}
