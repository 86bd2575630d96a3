import type { EntityManager } from '@mikro-orm/core';
import { ALL_SCOPE } from '../access/catalogue.js';
import { IDENTITY_SCOPES, isIdentityScope } from '../access/identity-scopes.js';
import { Permission } from '../access/permission.entity.js';

/** A scope as the consent screen shows it: the permission's name and its plain-words description. */
export interface ScopeDescription {
  name: string;
  description: string;
}

const ALL_SCOPE_DESCRIPTION = 'Everything your account is allowed to do';

/**
 * Describes scopes from the Permission table (kept in step with the catalogue, and
 * holding permissions created at run time too) and the identity scopes in words. Names with no permission are returned
 * in `unknown` so the caller can refuse them.
 */
export async function describeScopes(
  em: EntityManager,
  names: readonly string[],
): Promise<{ described: ScopeDescription[]; unknown: string[] }> {
  const permissionNames = names.filter((name) => name !== ALL_SCOPE && !isIdentityScope(name));
  const found = permissionNames.length ? await em.find(Permission, { name: { $in: permissionNames } }) : [];
  const byName = new Map(found.map((permission) => [permission.name, permission.description || permission.name]));
  const described: ScopeDescription[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const description = describeSpecial(name) ?? byName.get(name);
    if (description === undefined) unknown.push(name);
    else described.push({ name, description });
  }
  return { described, unknown };
}

function describeSpecial(name: string): string | undefined {
  if (name === ALL_SCOPE) return ALL_SCOPE_DESCRIPTION;
  return isIdentityScope(name) ? IDENTITY_SCOPES[name].description : undefined;
}
