import type { Collection, EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Principal } from '../auth/principal.js';
import { rowScope } from '../modules/access/ownership.js';
import type { Permission } from '../modules/access/permission.entity.js';
import { Role } from '../modules/access/role.entity.js';
import { AppClient } from '../modules/client/app-client.entity.js';
import { findClientsByIds } from '../modules/client/client.repository.js';
import type { ResourceDeclaration, ResourceRow } from '../modules/resource/resource.js';
import { findRowsByIds, findRowsWhere } from '../modules/resource/resource.repository.js';
import type { ResourceName } from '../modules/resources.js';
import { User } from '../modules/user/user.entity.js';
import { findUsersByIds } from '../modules/user/user.repository.js';

type Resource<Entity extends ResourceRow, Row extends ResourceRow> = ResourceDeclaration<ResourceName, Entity, Row>;

/**
 * Per-request batch loaders: every `customer`, `owner`, `user` or `client` field of
 * one response is loaded with one query per kind, not one per row. The loaders of
 * business resources apply the caller's `<name>.view` scope, so a row the caller may
 * not see comes back as null (or is missing from a list).
 */
export interface Loaders {
  user: DataLoader<string, User | null>;
  client: DataLoader<string, AppClient | null>;
  /** Visible rows of a resource by id. */
  row<Entity extends ResourceRow, Row extends ResourceRow>(resource: Resource<Entity, Row>): DataLoader<string, Row | null>;
  /** Visible rows of a resource by the id in `field` (a to-one relation's id, `orderId`): the children of each parent. */
  rowsBy<Entity extends ResourceRow, Row extends ResourceRow>(
    resource: Resource<Entity, Row>,
    field: keyof Row & string,
  ): DataLoader<string, Row[]>;
}

export function createLoaders(em: EntityManager, principal: Principal): Loaders {
  const byResource = new Map<string, DataLoader<string, unknown>>();
  const viewScope = (resource: { name: ResourceName }) =>
    rowScope(principal.permissions, resource.name, 'view', principal.userId);
  /** One loader per resource (and field) and request. */
  function once<V>(key: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let found = byResource.get(key) as DataLoader<string, V> | undefined;
    if (!found) {
      found = new DataLoader(batch);
      byResource.set(key, found as DataLoader<string, unknown>);
    }
    return found;
  }
  return {
    user: new DataLoader((ids) => inOrder(ids, findUsersByIds(em, ids))),
    client: new DataLoader((ids) => inOrder(ids, findClientsByIds(em, ids))),
    row: (resource) =>
      once(resource.name, (ids) => {
        const scope = viewScope(resource);
        return inOrder(ids, scope ? findRowsByIds(em, resource, scope, ids) : Promise.resolve([]));
      }),
    rowsBy: (resource, field) =>
      once(`${resource.name}.${field}`, async (ids) => {
        const scope = viewScope(resource);
        const rows = scope ? await findRowsWhere(em, resource, scope, field, ids) : [];
        return ids.map((id) => rows.filter((row) => row[field] === id));
      }),
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
 * collections of every row of a list load in one query, not one per row. A row this
 * request deleted (`deleteUser { roles }`) has no collections left, and holds nothing.
 */
export async function rolesOf(em: EntityManager, kind: 'user' | 'client', id: string): Promise<Role[]> {
  const roles = (holder(em, kind, id) as User | AppClient).roles as Collection<Role> | undefined;
  return roles ? byName(await roles.loadItems({ dataloader: true })) : [];
}

/** The direct permissions of a user or client, or the permissions of a role; batched like {@link rolesOf}. */
export async function permissionsOf(em: EntityManager, kind: 'user' | 'client' | 'role', id: string): Promise<Permission[]> {
  const permissions = holder(em, kind, id).permissions as Collection<Permission> | undefined;
  return permissions ? byName(await permissions.loadItems({ dataloader: true })) : [];
}

/** Pivot tables keep no order: lists go out sorted by name. */
const byName = <T extends { name: string }>(items: T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));
