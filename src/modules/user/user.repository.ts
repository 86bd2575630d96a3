import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { findPage, type Page, type PageArgs } from '../../db/pagination.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { escapeLike } from '../resource/where.js';
import { User } from './user.entity.js';

export const userFilterSchema = z.object({
  emailContains: z.string().max(254, 'must be at most 254 characters').nullish(),
  disabled: z.boolean().nullish(),
});

export type UserFilter = z.input<typeof userFilterSchema>;

/** A page of users, narrowed by `filter`. */
export async function findUsers(em: EntityManager, filter: UserFilter | null | undefined, page: PageArgs): Promise<Page<User>> {
  const valid = parseInput(userFilterSchema, filter ?? {}, 'filter');
  const where: FilterQuery<User> & Record<string, unknown> = {};
  if (valid.emailContains) where.email = { $ilike: `%${escapeLike(valid.emailContains)}%` };
  if (typeof valid.disabled === 'boolean') where.disabled = valid.disabled;
  return findPage(em, User, where, page);
}

export async function findUser(em: EntityManager, id: string): Promise<User | null> {
  return isUuid(id) ? em.findOne(User, { id }) : null;
}

/** Users by id in one query (the request's batch loader). */
export async function findUsersByIds(em: EntityManager, ids: readonly string[]): Promise<User[]> {
  const valid = ids.filter(isUuid);
  return valid.length ? em.find(User, { id: { $in: valid } }) : [];
}
