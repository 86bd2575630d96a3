import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { findPage, type Page, type PageArgs } from '../../db/pagination.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { ownershipFilters, type RowScope } from '../access/ownership.js';
import type { ResourceDeclaration, ResourceRow } from './resource.js';

/** The queries of every resource: each applies the caller's row scope in SQL. */

/** A page of the rows `scope` may see, narrowed by `filter` (validated here: bad input names `filter.<field>`). */
export async function findRows<Row extends ResourceRow>(
  em: EntityManager,
  resource: ResourceDeclaration<string, Row>,
  scope: RowScope,
  filter: unknown,
  page: PageArgs,
): Promise<Page<Row>> {
  const where = resource.where(parseInput(resource.input.filter, filter ?? {}, 'filter'));
  return findPage(em, resource.entity, where, page, { filters: ownershipFilters(scope) });
}

/** One row, or null when it does not exist or is not the caller's to see. */
export async function findRow<Row extends ResourceRow>(
  em: EntityManager,
  resource: ResourceDeclaration<string, Row>,
  scope: RowScope,
  id: string,
): Promise<Row | null> {
  if (!isUuid(id)) return null;
  return em.findOne(resource.entity, { id } as FilterQuery<Row>, { filters: ownershipFilters(scope) });
}

/** Rows by id in one query (a request's batch loader); invisible ones are left out. */
export async function findRowsByIds<Row extends ResourceRow>(
  em: EntityManager,
  resource: ResourceDeclaration<string, Row>,
  scope: RowScope,
  ids: readonly string[],
): Promise<Row[]> {
  return findRowsWhere(em, resource, scope, 'id', ids);
}

/**
 * The visible rows whose `field` (a column or a to-one relation) is one of `values`,
 * in one query, oldest first: the children of a page of parents (`Order.invoices`).
 */
export async function findRowsWhere<Row extends ResourceRow>(
  em: EntityManager,
  resource: ResourceDeclaration<string, Row>,
  scope: RowScope,
  field: keyof Row & string,
  values: readonly string[],
): Promise<Row[]> {
  const valid = values.filter(isUuid);
  if (valid.length === 0) return [];
  return em.find(resource.entity, { [field]: { $in: valid } } as FilterQuery<Row>, {
    filters: ownershipFilters(scope),
    orderBy: { createdAt: 'asc', id: 'asc' } as never,
  });
}
