import { Cursor, type EntityManager, type EntityName, type FilterOptions, type FilterQuery, QueryOrder } from '@mikro-orm/core';
import { z } from 'zod';
import { InputError } from '../lib/errors.js';

/** Page size bounds of every list: Relay `first`, at most {@link MAX_PAGE_SIZE}. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor of each item, same order as `items`. */
  cursors: string[];
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
    cursors: items.map((item) => cursor.from(item as never)),
    totalCount: cursor.totalCount,
    hasNextPage: cursor.hasNextPage,
    endCursor: cursor.endCursor,
  };
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
