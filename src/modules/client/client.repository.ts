import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { findPage, type Page, type PageArgs } from '../../db/pagination.js';
import { isUuid } from '../../lib/ids.js';
import { AccessToken } from '../token/access-token.entity.js';
import { AppClient } from './app-client.entity.js';

/** A page of app clients; soft-deleted ones only when asked for. */
export function findClients(em: EntityManager, includeDeleted: boolean, page: PageArgs): Promise<Page<AppClient>> {
  return findPage(em, AppClient, {}, page, { filters: includeDeleted ? { notDeleted: false } : {} });
}

/** One client by id, soft-deleted or not (an administrator restores deleted ones by id). */
export async function findClient(em: EntityManager, id: string): Promise<AppClient | null> {
  return isUuid(id) ? em.findOne(AppClient, { id }, { filters: { notDeleted: false } }) : null;
}

/**
 * A page of the access tokens issued to a client: metadata only, the tokens themselves
 * are never stored. Live ones (not revoked, not expired) unless `includeInactive`.
 */
export function findClientTokens(
  em: EntityManager,
  clientId: string,
  includeInactive: boolean,
  page: PageArgs,
): Promise<Page<AccessToken>> {
  const where: FilterQuery<AccessToken> = includeInactive
    ? { client: clientId }
    : { client: clientId, revoked: false, expiresAt: { $gt: new Date() } };
  // The client is known to the caller already: its soft-delete filter must not hide its tokens.
  return findPage(em, AccessToken, where, page, { filters: false, newestFirst: true });
}

/** Clients by id in one query (the request's batch loader), deleted ones included. */
export async function findClientsByIds(em: EntityManager, ids: readonly string[]): Promise<AppClient[]> {
  const valid = ids.filter(isUuid);
  return valid.length ? em.find(AppClient, { id: { $in: valid } }, { filters: { notDeleted: false } }) : [];
}
