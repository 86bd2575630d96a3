import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { findPage, type Page, type PageArgs } from '../../db/pagination.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { ownershipFilters, type RowScope } from '../access/ownership.js';
import { Customer } from './customer.entity.js';
import { type CustomerFilter, customerFilterSchema } from './customer.validation.js';

/** A page of the customers `scope` may see, narrowed by `filter`. */
export async function findCustomers(
  em: EntityManager,
  scope: RowScope,
  filter: CustomerFilter | null | undefined,
  page: PageArgs,
): Promise<Page<Customer>> {
  const where = customerWhere(parseInput(customerFilterSchema, filter ?? {}, 'filter'));
  return findPage(em, Customer, where, page, { filters: ownershipFilters(scope) });
}

/** One customer, or null when it does not exist or is not the caller's to see. */
export async function findCustomer(em: EntityManager, scope: RowScope, id: string): Promise<Customer | null> {
  if (!isUuid(id)) return null;
  return em.findOne(Customer, { id }, { filters: ownershipFilters(scope) });
}

/** Customers by id in one query (the request's batch loader), invisible ones left out. */
export async function findCustomersByIds(em: EntityManager, scope: RowScope, ids: readonly string[]): Promise<Customer[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return em.find(Customer, { id: { $in: valid } }, { filters: ownershipFilters(scope) });
}

function customerWhere(filter: ReturnType<typeof customerFilterSchema.parse>): FilterQuery<Customer> {
  const where: FilterQuery<Customer> & Record<string, unknown> = {};
  if (filter.nameContains) where.name = { $ilike: `%${escapeLike(filter.nameContains)}%` };
  if (filter.email) where.email = filter.email.toLowerCase();
  // An id that cannot exist matches nothing rather than reaching SQL malformed.
  if (filter.ownerId) where.owner = isUuid(filter.ownerId) ? filter.ownerId : { $in: [] };
  return where;
}

/** `%`, `_` and `\` in a search term are literal characters, not patterns. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
