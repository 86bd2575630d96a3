import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { findPlainPage, type Page, type PageArgs } from '../../db/pagination.js';
import { plainQuery, plainRows, propertyOf } from '../../db/plain-rows.js';
import type { RowShape } from '../../db/raw-row.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { ownershipFilters, type RowScope } from '../access/ownership.js';
import type { ResourceDeclaration, ResourceRow } from './resource.js';

/**
 * The queries of every resource: each applies the caller's row scope in SQL. Reads
 * return plain rows (the declaration's `row`, see db/plain-rows.ts); only
 * {@link findEntity} loads an entity, for a change.
 */

type Resource<Entity extends ResourceRow, Row extends ResourceRow> = ResourceDeclaration<string, Entity, Row>;

/** A page of the rows `scope` may see, narrowed by `filter` (validated here: bad input names `filter.<field>`). */
export async function findRows<Entity extends ResourceRow, Row extends ResourceRow>(
  em: EntityManager,
  resource: Resource<Entity, Row>,
  scope: RowScope,
  filter: unknown,
  page: PageArgs,
): Promise<Page<Row>> {
  const where = resource.where(parseInput(resource.input.filter, filter ?? {}, 'filter'));
  return findPlainPage(em, resource.entity, shapeOf(resource), where, page, ownershipFilters(scope)) as Promise<Page<Row>>;
}

/** One row, or null when it does not exist or is not the caller's to see. */
export async function findRow<Entity extends ResourceRow, Row extends ResourceRow>(
  em: EntityManager,
  resource: Resource<Entity, Row>,
  scope: RowScope,
  id: string,
): Promise<Row | null> {
  if (!isUuid(id)) return null;
  const [row] = await selectRows(em, resource, scope, { id } as FilterQuery<Entity>);
  return row ?? null;
}

/** The entity of a row the scope may see, into the unit of work: what a change starts from. */
export async function findEntity<Entity extends ResourceRow>(
  em: EntityManager,
  resource: Resource<Entity, ResourceRow>,
  scope: RowScope,
  id: string,
): Promise<Entity | null> {
  if (!isUuid(id)) return null;
  return em.findOne(resource.entity, { id } as FilterQuery<Entity>, { filters: ownershipFilters(scope) });
}

/** Rows by id in one query (a request's batch loader); invisible ones are left out. */
export async function findRowsByIds<Entity extends ResourceRow, Row extends ResourceRow>(
  em: EntityManager,
  resource: Resource<Entity, Row>,
  scope: RowScope,
  ids: readonly string[],
): Promise<Row[]> {
  return findRowsWhere(em, resource, scope, 'id', ids);
}

/**
 * The visible rows whose `field` (an id column of the row: `orderId`) is one of
 * `values`, in one query, oldest first: the children of a page of parents (`Order.invoices`).
 */
export async function findRowsWhere<Entity extends ResourceRow, Row extends ResourceRow>(
  em: EntityManager,
  resource: Resource<Entity, Row>,
  scope: RowScope,
  field: keyof Row & string,
  values: readonly string[],
): Promise<Row[]> {
  const valid = values.filter(isUuid);
  if (valid.length === 0) return [];
  const property = propertyOf(em, resource.entity, shapeOf(resource), field);
  return selectRows(em, resource, scope, { [property]: { $in: valid } } as FilterQuery<Entity>);
}

async function selectRows<Entity extends ResourceRow, Row extends ResourceRow>(
  em: EntityManager,
  resource: Resource<Entity, Row>,
  scope: RowScope,
  where: FilterQuery<Entity>,
): Promise<Row[]> {
  const qb = await plainQuery(em, resource.entity, shapeOf(resource), where, ownershipFilters(scope));
  qb.orderBy({ createdAt: 'asc', id: 'asc' } as never);
  return (await plainRows(qb, shapeOf(resource))) as unknown as Row[];
}

const shapeOf = (resource: { row: object }) => resource.row as RowShape;
