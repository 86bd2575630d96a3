import type { EntityManager } from '@mikro-orm/core';
import { ALL_SCOPE } from '../access/catalogue.js';
import { Permission } from '../access/permission.entity.js';

/** A scope as the consent screen shows it: the permission's name and its plain-words description. */
export interface ScopeDescription {
  name: string;
  description: string;
}

const ALL_SCOPE_DESCRIPTION = 'Everything your account is allowed to do';

/**
 * Describes scopes from the Permission table (kept in step with the catalogue, and
 * holding permissions created at run time too). Names with no permission are returned
 * in `unknown` so the caller can refuse them.
 */
export async function describeScopes(
  em: EntityManager,
  names: readonly string[],
): Promise<{ described: ScopeDescription[]; unknown: string[] }> {
  const permissionNames = names.filter((name) => name !== ALL_SCOPE);
  const found = permissionNames.length ? await em.find(Permission, { name: { $in: permissionNames } }) : [];
  const byName = new Map(found.map((permission) => [permission.name, permission.description || permission.name]));
  const described: ScopeDescription[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const description = name === ALL_SCOPE ? ALL_SCOPE_DESCRIPTION : byName.get(name);
    if (description === undefined) unknown.push(name);
    else described.push({ name, description });
  }
  return { described, unknown };
}
