import type { FilterOptions } from '@mikro-orm/core';
import type { ResourceName } from '../resources.js';
import { type RowAction, rowPermissions } from './permission-names.js';

export type { RowAction };

/** Which rows an action may touch: every row, or only the caller's own. */
export type RowScope = { all: true } | { all: false; userId: string | null };

/**
 * Reads `<resource>.<action>` (every row) and `<resource>.<action>.own` (the caller's
 * rows) from a permission set. Null when neither is held.
 */
export function rowScope(
  permissions: ReadonlySet<string>,
  resource: ResourceName,
  action: RowAction,
  userId: string | null,
): RowScope | null {
  const [every, own] = rowPermissions(resource, action);
  if (permissions.has(every)) return { all: true };
  if (permissions.has(own)) return { all: false, userId };
  return null;
}

/**
 * The MikroORM `filters` option for a scope: own-only callers get the entity's
 * `owned` filter, so the SQL itself (rows and counts alike) excludes other rows.
 */
export function ownershipFilters(scope: RowScope): FilterOptions {
  return scope.all ? {} : { owned: { userId: scope.userId } };
}
