import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEffectivePermissions } from '../../src/modules/access/access.repository.js';
import { findPermissions } from '../../src/modules/access/access.service.js';
import { PERMISSION_NAMES } from '../../src/modules/access/catalogue.js';
import { Role } from '../../src/modules/access/role.entity.js';
import { createClient } from '../../src/modules/client/client.service.js';
import { createUser } from '../../src/modules/user/user.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

async function createRole(em: EntityManager, name: string, permissions: string[]): Promise<void> {
  const role = em.create(Role, { name });
  role.permissions.set(await findPermissions(em, permissions));
  await em.flush();
}

describe('effective permissions = direct ∪ via roles', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    await createRole(em, 'support', ['users.view', 'customers.view']);
    await createRole(em, 'sales', ['orders.view', 'orders.create', 'customers.view']);
  });
  afterAll(() => db.close());

  it('unites a user’s direct permissions with those of each of their roles, without duplicates', async () => {
    const em = db.orm.em.fork();
    const user = await createUser(
      em,
      { email: 'union@example.test', password: 'correct horse' },
      { roles: ['support', 'sales'], permissions: ['users.update', 'users.view'] },
    );
    const permissions = await loadEffectivePermissions(db.orm.em.fork(), { type: 'user', id: user.id });
    expect([...permissions].sort()).toEqual(['customers.view', 'orders.create', 'orders.view', 'users.update', 'users.view']);
  });

  it('does the same for app clients, and never mixes up subjects', async () => {
    const em = db.orm.em.fork();
    const { client } = await createClient(
      em,
      { name: 'Integration', grantTypes: ['client_credentials'] },
      { roles: ['support'], permissions: ['manage_system'] },
    );
    const other = await createUser(
      em,
      { email: 'other@example.test', password: 'correct horse' },
      { permissions: ['roles.manage'] },
    );
    const forClient = await loadEffectivePermissions(db.orm.em.fork(), { type: 'client', id: client.id });
    expect([...forClient].sort()).toEqual(['customers.view', 'manage_system', 'users.view']);
    const forOther = await loadEffectivePermissions(db.orm.em.fork(), { type: 'user', id: other.id });
    expect([...forOther]).toEqual(['roles.manage']);
  });

  it('is empty for a subject with neither roles nor permissions, and for an unknown id', async () => {
    const em = db.orm.em.fork();
    const bare = await createUser(em, { email: 'bare@example.test', password: 'correct horse' });
    expect((await loadEffectivePermissions(db.orm.em.fork(), { type: 'user', id: bare.id })).size).toBe(0);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await loadEffectivePermissions(db.orm.em.fork(), { type: 'client', id: unknown })).size).toBe(0);
  });

  it('gives an admin every permission of the catalogue', async () => {
    const em = db.orm.em.fork();
    const admin = await createUser(em, { email: 'admin@example.test', password: 'correct horse' }, { admin: true });
    const permissions = await loadEffectivePermissions(db.orm.em.fork(), { type: 'user', id: admin.id });
    expect(permissions).toEqual(new Set(PERMISSION_NAMES));
  });

  it('follows role changes: a permission added to a role reaches its holders', async () => {
    const em = db.orm.em.fork();
    const user = await createUser(em, { email: 'follow@example.test', password: 'correct horse' }, { roles: ['support'] });
    const role = await em.findOneOrFail(Role, { name: 'support' }, { populate: ['permissions'] });
    role.permissions.add(await findPermissions(em, ['customers.update']));
    await em.flush();
    const permissions = await loadEffectivePermissions(db.orm.em.fork(), { type: 'user', id: user.id });
    expect(permissions.has('customers.update')).toBe(true);
  });
});
