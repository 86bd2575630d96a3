import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { findPage, type Page, type PageArgs } from '../../db/pagination.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { ownershipFilters, type RowScope } from '../access/ownership.js';
import { Order } from './order.entity.js';
import { type OrderFilter, orderFilterSchema } from './order.validation.js';

/** A page of the orders `scope` may see, narrowed by `filter`. */
export async function findOrders(
  em: EntityManager,
  scope: RowScope,
  filter: OrderFilter | null | undefined,
  page: PageArgs,
): Promise<Page<Order>> {
  const valid = parseInput(orderFilterSchema, filter ?? {}, 'filter');
  const where: FilterQuery<Order> & Record<string, unknown> = {};
  // An id that cannot exist matches nothing rather than reaching SQL malformed.
  if (valid.customerId) where.customer = isUuid(valid.customerId) ? valid.customerId : { $in: [] };
  if (valid.status) where.status = valid.status;
  return findPage(em, Order, where, page, { filters: ownershipFilters(scope) });
}

/** One order, or null when it does not exist or is not the caller's to see. */
export async function findOrder(em: EntityManager, scope: RowScope, id: string): Promise<Order | null> {
  if (!isUuid(id)) return null;
  return em.findOne(Order, { id }, { filters: ownershipFilters(scope) });
}
