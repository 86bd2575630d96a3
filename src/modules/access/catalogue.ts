import { RESOURCES, type ResourceName } from '../resources.js';
import { type OwnRowPermission, ROW_ACTIONS, type RowAction, type RowPermission } from './permission-names.js';

export { ROW_ACTIONS, type RowAction };

/**
 * The permission catalogue: the one place where permissions are registered. Business
 * resources add theirs by being listed in modules/resources.ts; `permissions:sync`
 * and the start-up sync keep the database in step with this list.
 */
export interface PermissionDefinition<Name extends string = PermissionName> {
  name: Name;
  description: string;
}

const VERBS: Record<RowAction, string> = { view: 'See', create: 'Create', update: 'Change', delete: 'Delete' };

const SYSTEM = ['manage_system', 'roles.manage'] as const;

/** Every permission name there is: a misspelled one is a compile error wherever a name is typed. */
export type PermissionName =
  | (typeof SYSTEM)[number]
  | RowPermission<'users'>
  | RowPermission<ResourceName>
  | OwnRowPermission<ResourceName>;

function rows<Name extends string>(name: Name, noun: string): PermissionDefinition<RowPermission<Name>>[] {
  return ROW_ACTIONS.map((action) => ({ name: `${name}.${action}` as const, description: `${VERBS[action]} all ${noun}` }));
}

function ownRows<Name extends string>(name: Name, noun: string): PermissionDefinition<OwnRowPermission<Name>>[] {
  return ROW_ACTIONS.map((action) => ({
    name: `${name}.${action}.own` as const,
    description: `${VERBS[action]} your own ${noun}`,
  }));
}

export const PERMISSIONS: readonly PermissionDefinition[] = [
  { name: 'manage_system', description: 'Manage app clients, their roles and permissions, and read the audit log' },
  { name: 'roles.manage', description: "Manage roles and users' roles and permissions" },
  ...rows('users', 'user accounts'),
  ...RESOURCES.flatMap(({ name, noun = name }) => [...rows(name, noun), ...ownRows(name, noun)]),
];

export const PERMISSION_NAMES: ReadonlySet<string> = new Set(PERMISSIONS.map((permission) => permission.name));

/** The built-in role that holds every permission (`user:create --admin`). */
export const ADMIN_ROLE = 'admin';

/** Scope that stands for "all of the subject's permissions"; first-party clients only. */
export const ALL_SCOPE = '*';
