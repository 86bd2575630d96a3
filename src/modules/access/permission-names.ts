/**
 * How business-resource permissions are named; a leaf module (types and two helpers),
 * so the catalogue, the row scopes and the shield rules share one rule without a cycle.
 */
export const ROW_ACTIONS = ['view', 'create', 'update', 'delete'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

/** `<name>.view|create|update|delete`: every row. */
export type RowPermission<Name extends string> = `${Name}.${RowAction}`;
/** `<name>.<action>.own`: the caller's own rows only. */
export type OwnRowPermission<Name extends string> = `${Name}.${RowAction}.own`;

/** The two permissions that let `action` reach a resource's rows: every row, and the caller's. */
export function rowPermissions<Name extends string>(
  name: Name,
  action: RowAction,
): [RowPermission<Name>, OwnRowPermission<Name>] {
  return [`${name}.${action}`, `${name}.${action}.own`];
}
