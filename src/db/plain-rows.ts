import {
  type EntityManager,
  type EntityMetadata,
  type EntityName,
  type FilterOptions,
  type FilterQuery,
  ReferenceKind,
  raw,
} from '@mikro-orm/core';
import type { QueryBuilder, EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { type RowOf, type RowShape, readRow, selectList } from './raw-row.js';

/**
 * Reads that return plain typed rows instead of managed entities: MikroORM's query
 * builder turns the entity's conditions and filters (row ownership) into SQL, and the
 * rows come back as the driver returns them, read through a raw-row shape. Nothing is
 * hydrated, put in the identity map or snapshotted for change tracking — a read never
 * changes a row. Entities and the unit of work stay for writes.
 */

/** The alias of the entity's table in every plain query (auto-joins for filters get their own). */
const TABLE = 'r';

/** What a shape is over an entity: its select list, and the entity property behind each row property. */
interface Plan {
  select: string;
  /** Row property → entity property (`customerId` → `customer`); `key`: the primary key of a to-one relation's target. */
  properties: Record<string, EntityColumn>;
}

interface EntityColumn {
  name: string;
  key: string | null;
}

/** Plans depend only on the entity's definition, which every ORM instance of the process shares. */
const plans = new WeakMap<RowShape, Plan>();

function planOf(meta: EntityMetadata, shape: RowShape): Plan {
  let plan = plans.get(shape);
  if (!plan) {
    plan = { select: selectList(shape, TABLE), properties: propertiesOf(meta, shape) };
    plans.set(shape, plan);
  }
  return plan;
}

/** Every column of the shape must be a column of the entity (a scalar, or a to-one relation's key). */
function propertiesOf(meta: EntityMetadata, shape: RowShape): Plan['properties'] {
  const byColumn = new Map<string, EntityColumn>();
  for (const prop of meta.props) {
    const toOne = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
    if ((prop.kind === ReferenceKind.SCALAR || toOne) && prop.fieldNames?.length === 1)
      byColumn.set(prop.fieldNames[0], { name: prop.name, key: toOne ? (prop.targetMeta?.primaryKeys[0] ?? null) : null });
  }
  return Object.fromEntries(
    Object.entries(shape).map(([property, column]) => {
      const found = byColumn.get(column.sql);
      if (!found) throw new Error(`${meta.className} has no column ${column.sql} (row property ${property})`);
      return [property, found];
    }),
  );
}

const sqlOf = (em: EntityManager) => em as unknown as SqlEntityManager;

/** A select of the shape's columns where `where` and the filters hold (not yet executed: add order, limit, conditions). */
export async function plainQuery<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  shape: RowShape,
  where: FilterQuery<T>,
  filters: FilterOptions,
): Promise<QueryBuilder<T>> {
  const qb = await filteredQuery(em, entity, where, filters);
  return qb.select(raw(planOf(em.getMetadata().get(entity), shape).select)) as unknown as QueryBuilder<T>;
}

/** How many rows `where` and the filters let through. */
export async function plainCount<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  filters: FilterOptions,
): Promise<number> {
  return (await filteredQuery(em, entity, where, filters)).getCount();
}

async function filteredQuery<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  filters: FilterOptions,
): Promise<QueryBuilder<T>> {
  const qb = sqlOf(em)
    .createQueryBuilder(entity, TABLE)
    .where(where as never);
  await qb.applyFilters(filters);
  return qb as unknown as QueryBuilder<T>;
}

/** Runs a {@link plainQuery} and reads its rows. */
export async function plainRows<T extends object, S extends RowShape>(qb: QueryBuilder<T>, shape: S): Promise<RowOf<S>[]> {
  const rows = await qb.execute<Record<string, unknown>[]>('all', false);
  return rows.map((row) => readRow(shape, row));
}

/** The entity property (for conditions) behind a row property: `customerId` → `customer`. */
export function propertyOf(em: EntityManager, entity: EntityName<object>, shape: RowShape, property: string): string {
  const found = planOf(em.getMetadata().get(entity), shape).properties[property];
  if (!found) throw new Error(`no row property ${property}`);
  return found.name;
}

/** The plain row of an entity the unit of work holds (what a mutation returns), as a read would give it. */
export function plainOf<S extends RowShape>(em: EntityManager, entity: object, shape: S): RowOf<S> {
  const { properties } = planOf(em.getMetadata().get(entity.constructor as EntityName<object>), shape);
  const values = entity as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const [property, { name, key }] of Object.entries(properties)) {
    const value = values[name];
    row[property] = key === null ? value : ((value as Record<string, unknown> | null | undefined)?.[key] ?? null);
  }
  return readRow(shape, row);
}
