import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Principal } from '../auth/principal.js';
import { rowScope } from '../modules/access/ownership.js';
import type { Permission } from '../modules/access/permission.entity.js';
import { Role } from '../modules/access/role.entity.js';
import { AppClient } from '../modules/client/app-client.entity.js';
import { findClientsByIds } from '../modules/client/client.repository.js';
import type { Customer } from '../modules/customer/customer.entity.js';
import { findCustomersByIds } from '../modules/customer/customer.repository.js';
import { User } from '../modules/user/user.entity.js';
import { findUsersByIds } from '../modules/user/user.repository.js';

/**
 * Per-request batch loaders: every `customer`, `owner`, `user` or `client` field of
 * one response is loaded with one query per kind, not one per row. The customer
 * loader applies the caller's row-ownership scope, so a row the caller may not see
 * comes back as null.
 */
export interface Loaders {
  user: DataLoader<string, User | null>;
  client: DataLoader<string, AppClient | null>;
  customer: DataLoader<string, Customer | null>;
}

export function createLoaders(em: EntityManager, principal: Principal): Loaders {
  const customerScope = rowScope(principal.permissions, 'customers', 'view', principal.userId);
  return {
    user: new DataLoader((ids) => inOrder(ids, findUsersByIds(em, ids))),
    client: new DataLoader((ids) => inOrder(ids, findClientsByIds(em, ids))),
    customer: new DataLoader((ids) =>
      inOrder(ids, customerScope ? findCustomersByIds(em, customerScope, ids) : Promise.resolve([])),
    ),
  };
}

/** DataLoader wants one answer per key, in key order. */
async function inOrder<T extends { id: string }>(ids: readonly string[], rows: Promise<T[]>): Promise<(T | null)[]> {
  const byId = new Map((await rows).map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Who holds roles and direct permissions, or (a role) just permissions. */
function holder(em: EntityManager, kind: 'user' | 'client' | 'role', id: string): User | AppClient | Role {
  if (kind === 'user') return em.getReference(User, id);
  if (kind === 'client') return em.getReference(AppClient, id);
  return em.getReference(Role, id);
}

/**
 * The roles of a user or client. Through the entity manager's dataloader, the
 * collections of every row of a list load in one query, not one per row.
 */
export async function rolesOf(em: EntityManager, kind: 'user' | 'client', id: string): Promise<Role[]> {
  return byName(await (holder(em, kind, id) as User | AppClient).roles.loadItems({ dataloader: true }));
}

/** The direct permissions of a user or client, or the permissions of a role; batched like {@link rolesOf}. */
export async function permissionsOf(em: EntityManager, kind: 'user' | 'client' | 'role', id: string): Promise<Permission[]> {
  return byName(await holder(em, kind, id).permissions.loadItems({ dataloader: true }));
}

/** Pivot tables keep no order: lists go out sorted by name. */
const byName = <T extends { name: string }>(items: T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));
