import { Cursor, type EntityManager, type EntityName, type FilterOptions, type FilterQuery, QueryOrder } from '@mikro-orm/core';
import { z } from 'zod';
import { InputError } from '../lib/errors.js';
import { plainCount, plainQuery, plainRows } from './plain-rows.js';
import type { RowOf, RowShape } from './raw-row.js';

/** Page size bounds of every list: Relay `first`, at most {@link MAX_PAGE_SIZE}. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** The opaque cursor of `items[index]`, made when asked for (most pages are read without cursors). */
  cursor(index: number): string;
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Entities listed page by page carry these two columns; together they order rows totally. */
interface Listable {
  id: string;
  createdAt: Date;
}

const cursorShape = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

/**
 * One page of a keyset-paginated list ordered by `createdAt` then `id`, with the
 * total count of the same filtered query. `filters` carries row-ownership filters,
 * so lists and their counts show only the rows the caller may see.
 */
export async function findPage<T extends Listable>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: { filters?: FilterOptions; newestFirst?: boolean } = {},
): Promise<Page<T>> {
  const first = pageSize(args.first);
  const direction = options.newestFirst ? QueryOrder.DESC : QueryOrder.ASC;
  const cursor = await em.findByCursor(entity, {
    where,
    first,
    after: args.after ? checkedCursor(args.after) : undefined,
    orderBy: { createdAt: direction, id: direction } as never,
    filters: options.filters,
  });
  const items = [...cursor.items] as T[];
  return {
    items,
    cursor: (index) => cursor.from(items[index] as never),
    totalCount: cursor.totalCount,
    hasNextPage: cursor.hasNextPage,
    endCursor: cursor.endCursor,
  };
}

/**
 * {@link findPage} returning plain rows of `shape` (see plain-rows.ts), oldest first: one
 * statement for the page and one for the count, run side by side. Cursors are the same
 * as findPage's, so a client's cursor does not depend on how the page was read.
 */
export async function findPlainPage<T extends Listable, S extends RowShape>(
  em: EntityManager,
  entity: EntityName<T>,
  shape: S,
  where: FilterQuery<T>,
  args: PageArgs,
  filters: FilterOptions,
): Promise<Page<RowOf<S> & Listable>> {
  const first = pageSize(args.first);
  const after = args.after ? afterCondition(checkedCursor(args.after)) : undefined;
  const page = await plainQuery(em, entity, shape, after ? ({ $and: [where, after] } as FilterQuery<T>) : where, filters);
  page.orderBy({ createdAt: QueryOrder.ASC, id: QueryOrder.ASC } as never).limit(first + 1);
  const [rows, totalCount] = await Promise.all([plainRows(page, shape), plainCount(em, entity, where, filters)]);
  const items = rows.slice(0, first) as (RowOf<S> & Listable)[];
  const cursor = (index: number) => Cursor.encode([items[index].createdAt, items[index].id]);
  const endCursor = items.length > 0 ? cursor(items.length - 1) : null;
  return { items, cursor, totalCount, hasNextPage: rows.length > first, endCursor };
}

/** Rows past a `[createdAt, id]` cursor, in ascending order. */
function afterCondition(after: string): FilterQuery<Listable> {
  const [createdAt, id] = Cursor.decode(after) as [string, string];
  const at = new Date(createdAt);
  return { $or: [{ createdAt: { $gt: at } }, { createdAt: at, id: { $gt: id } }] };
}

function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new InputError('first', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** A cursor is ours only if it decodes to the `[createdAt, id]` pair we issue. */
function checkedCursor(after: string): string {
  let decoded: unknown;
  try {
    decoded = Cursor.decode(after);
  } catch {
    throw new InputError('after', 'is not a cursor returned by this list');
  }
  if (!cursorShape.safeParse(decoded).success) throw new InputError('after', 'is not a cursor returned by this list');
  return after;
}
