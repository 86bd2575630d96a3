/**
 * The permission catalogue: the one place where permissions are registered.
 * A business resource adds one `resource(...)` line; `permissions:sync` and the
 * start-up sync keep the database in step with this list.
 */
export interface PermissionDefinition {
  name: string;
  description: string;
}

const ACTIONS = [
  ['view', 'See'],
  ['create', 'Create'],
  ['update', 'Change'],
  ['delete', 'Delete'],
] as const;

/** `<name>.view|create|update|delete`, and with `owned` also `<name>.<action>.own`. */
function resource(name: string, noun: string, owned: boolean): PermissionDefinition[] {
  const all = ACTIONS.map(([action, verb]) => ({ name: `${name}.${action}`, description: `${verb} all ${noun}` }));
  if (!owned) return all;
  const own = ACTIONS.map(([action, verb]) => ({ name: `${name}.${action}.own`, description: `${verb} your own ${noun}` }));
  return [...all, ...own];
}

export const PERMISSIONS: readonly PermissionDefinition[] = [
  { name: 'manage_system', description: 'Manage app clients, their roles and permissions, and read the audit log' },
  { name: 'roles.manage', description: "Manage roles and users' roles and permissions" },
  ...resource('users', 'user accounts', false),
  ...resource('customers', 'customers', true),
  ...resource('orders', 'orders', true),
];

export const PERMISSION_NAMES: ReadonlySet<string> = new Set(PERMISSIONS.map((permission) => permission.name));

/** The built-in role that holds every permission (`user:create --admin`). */
export const ADMIN_ROLE = 'admin';

/** Scope that stands for "all of the subject's permissions"; first-party clients only. */
export const ALL_SCOPE = '*';
