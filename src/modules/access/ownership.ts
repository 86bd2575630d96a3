import type { FilterOptions } from '@mikro-orm/core';

export type RowAction = 'view' | 'create' | 'update' | 'delete';

/** Which rows an action may touch: every row, or only the caller's own. */
export type RowScope = { all: true } | { all: false; userId: string | null };

/**
 * Reads `<resource>.<action>` (every row) and `<resource>.<action>.own` (the caller's
 * rows) from a permission set. Null when neither is held.
 */
export function rowScope(
  permissions: ReadonlySet<string>,
  resource: string,
  action: RowAction,
  userId: string | null,
): RowScope | null {
  if (permissions.has(`${resource}.${action}`)) return { all: true };
  if (permissions.has(`${resource}.${action}.own`)) return { all: false, userId };
  return null;
}

/**
 * The MikroORM `filters` option for a scope: own-only callers get the entity's
 * `owned` filter, so the SQL itself (rows and counts alike) excludes other rows.
 */
export function ownershipFilters(scope: RowScope): FilterOptions {
  return scope.all ? {} : { owned: { userId: scope.userId } };
}
