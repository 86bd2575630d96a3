import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/modules/access/catalogue.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientCredentialsToken, createTestClient, createTestUser, passwordToken, type TestClient } from '../helpers/tokens.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const ASSIGN = `mutation ($subject: SubjectInput!, $role: String!) { assignRole(subject: $subject, role: $role) { type id roles { name } permissions { name } } }`;
const REMOVE = `mutation ($subject: SubjectInput!, $role: String!) { removeRole(subject: $subject, role: $role) { roles { name } } }`;
const GIVE = `mutation ($subject: SubjectInput!, $permission: String!) { givePermission(subject: $subject, permission: $permission) { permissions { name } } }`;
const REVOKE = `mutation ($subject: SubjectInput!, $permission: String!) { revokePermission(subject: $subject, permission: $permission) { permissions { name } } }`;

/** Roles, the permission catalogue, and assignments that apply to the next request of existing tokens. */
describe('roles and permissions', () => {
  let t: TestApp;
  let callers: Callers;
  let firstParty: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    firstParty = await createTestClient(t, {
      name: 'Back office',
      grantTypes: ['password'],
      firstParty: true,
      allowedScopes: ['*'],
    });
  });
  afterAll(() => t.close());

  const viewerPermissions = async (token: string) => dataOf(await gql(t, token, '{ viewer { permissions } }')).viewer.permissions;

  it('lists the catalogue and the roles (admin), FORBIDDEN for the others', async () => {
    const data = dataOf(
      await gql(t, callers.admin.token, '{ permissions { name description } roles { name permissions { name } } }'),
    );
    expect(data.permissions).toHaveLength(PERMISSIONS.length);
    expect(data.permissions[0]).toEqual({ name: 'customers.create', description: 'Create all customers' });
    expect(data.permissions.map((permission: { name: string }) => permission.name)).toContain('manage_system');
    expect(data.roles).toEqual([
      { name: 'admin', permissions: data.permissions.map(({ name }: { name: string }) => ({ name })) },
    ]);
    for (const token of [callers.integration.token, callers.portal.token]) {
      const response = await gql(t, token, '{ roles { name } }');
      expect(errorCodes(response)).toEqual([{ code: 'FORBIDDEN', path: 'roles' }]);
    }
  });

  it('creates, updates and deletes a role; refuses bad input naming the field', async () => {
    const created = dataOf(
      await gql(
        t,
        callers.admin.token,
        'mutation { createRole(input: { name: "support", description: "Help desk", permissions: ["users.view", "customers.view"] }) { id name description permissions { name } } }',
      ),
    ).createRole;
    expect(created).toEqual({
      id: expect.any(String),
      name: 'support',
      description: 'Help desk',
      permissions: [{ name: 'customers.view' }, { name: 'users.view' }],
    });

    for (const [mutation, field] of [
      ['createRole(input: { name: "support" }) { id }', 'input.name'],
      ['createRole(input: { name: "bad name!" }) { id }', 'input.name'],
      ['createRole(input: { name: "x", permissions: ["no.such"] }) { id }', 'input.permissions'],
    ]) {
      const response = await gql(t, callers.admin.token, `mutation { ${mutation} }`);
      expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    }

    const updated = dataOf(
      await gql(
        t,
        callers.admin.token,
        `mutation { updateRole(id: "${created.id}", input: { permissions: ["orders.view"] }) { name permissions { name } } }`,
      ),
    );
    expect(updated.updateRole).toEqual({ name: 'support', permissions: [{ name: 'orders.view' }] });

    const adminRole = dataOf(await gql(t, callers.admin.token, '{ roles { id name } }')).roles.find(
      (role: { name: string }) => role.name === 'admin',
    );
    const protectedRole = await gql(t, callers.admin.token, `mutation { deleteRole(id: "${adminRole.id}") { id } }`);
    expect(protectedRole.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'id' }]);

    // A role this request deleted holds nothing any more (selecting its permissions used to be an internal error).
    const deleted = await gql(
      t,
      callers.admin.token,
      `mutation { deleteRole(id: "${created.id}") { name permissions { name } } }`,
    );
    expect(dataOf(deleted)).toEqual({ deleteRole: { name: 'support', permissions: [] } });
    expect(dataOf(await gql(t, callers.admin.token, '{ roles { name } }')).roles).toEqual([{ name: 'admin' }]);
  });

  it('a role or permission given to a user applies to the next request of its existing token, and so does removing it', async () => {
    const user = await createTestUser(t, { email: 'clerk@example.test' });
    const token = (await passwordToken(t, { client: firstParty, username: user.email, password: user.password, scope: '*' }))
      .access_token;
    expect(await viewerPermissions(token)).toEqual([]);
    await gql(
      t,
      callers.admin.token,
      'mutation { createRole(input: { name: "clerk", permissions: ["orders.view", "customers.view"] }) { id } }',
    );

    const subject = { type: 'USER', id: user.id };
    const assigned = dataOf(await gql(t, callers.admin.token, ASSIGN, { subject, role: 'clerk' })).assignRole;
    expect(assigned).toEqual({ type: 'USER', id: user.id, roles: [{ name: 'clerk' }], permissions: [] });
    expect(await viewerPermissions(token)).toEqual(['customers.view', 'orders.view']);

    expect(dataOf(await gql(t, callers.admin.token, GIVE, { subject, permission: 'users.view' })).givePermission).toEqual({
      permissions: [{ name: 'users.view' }],
    });
    expect(await viewerPermissions(token)).toEqual(['customers.view', 'orders.view', 'users.view']);

    const roles = dataOf(await gql(t, callers.admin.token, '{ roles { id name } }')).roles;
    const clerk = roles.find((role: { name: string }) => role.name === 'clerk');
    await gql(
      t,
      callers.admin.token,
      `mutation { updateRole(id: "${clerk.id}", input: { permissions: ["orders.view"] }) { id } }`,
    );
    expect(await viewerPermissions(token)).toEqual(['orders.view', 'users.view']);

    expect(dataOf(await gql(t, callers.admin.token, REMOVE, { subject, role: 'clerk' })).removeRole).toEqual({ roles: [] });
    expect(dataOf(await gql(t, callers.admin.token, REVOKE, { subject, permission: 'users.view' })).revokePermission).toEqual({
      permissions: [],
    });
    expect(await viewerPermissions(token)).toEqual([]);
  });

  it('revoking a client’s permission narrows its live client-credentials token at once', async () => {
    const client = await createTestClient(t, {
      grantTypes: ['client_credentials'],
      permissions: ['orders.view', 'customers.view'],
    });
    const token = (await clientCredentialsToken(t, client.id, client.secret!)).access_token;
    expect(await viewerPermissions(token)).toEqual(['customers.view', 'orders.view']);
    const subject = { type: 'CLIENT', id: client.id };
    expect(dataOf(await gql(t, callers.admin.token, REVOKE, { subject, permission: 'orders.view' })).revokePermission).toEqual({
      permissions: [{ name: 'customers.view' }],
    });
    expect(await viewerPermissions(token)).toEqual(['customers.view']);
    const orders = await gql(t, token, '{ orders { totalCount } }');
    expect(errorCodes(orders)).toEqual([{ code: 'FORBIDDEN', path: 'orders' }]);
  });

  it('client subjects need manage_system, user subjects roles.manage', async () => {
    const manager = await createTestUser(t, { email: 'hr@example.test', permissions: ['roles.manage'] });
    const token = (
      await passwordToken(t, { client: firstParty, username: manager.email, password: manager.password, scope: '*' })
    ).access_token;
    const target = await createTestUser(t, { email: 'target@example.test' });
    const onUser = await gql(t, token, GIVE, { subject: { type: 'USER', id: target.id }, permission: 'orders.view' });
    expect(dataOf(onUser).givePermission).toEqual({ permissions: [{ name: 'orders.view' }] });
    const onClient = await gql(t, token, GIVE, {
      subject: { type: 'CLIENT', id: callers.integration.client.id },
      permission: 'users.delete',
    });
    expect(onClient.data).toEqual({ givePermission: null });
    expect(errorCodes(onClient)).toEqual([{ code: 'FORBIDDEN', path: 'givePermission' }]);

    const integrationTries = await gql(t, callers.integration.token, GIVE, {
      subject: { type: 'CLIENT', id: callers.integration.client.id },
      permission: 'manage_system',
    });
    expect(errorCodes(integrationTries)).toEqual([{ code: 'FORBIDDEN', path: 'givePermission' }]);
    const portalTries = await gql(t, callers.portal.token, ASSIGN, {
      subject: { type: 'USER', id: callers.portal.userId },
      role: 'admin',
    });
    expect(errorCodes(portalTries)).toEqual([{ code: 'FORBIDDEN', path: 'assignRole' }]);
  });

  it('names an unknown role, permission or subject', async () => {
    const unknownRole = await gql(t, callers.admin.token, ASSIGN, {
      subject: { type: 'USER', id: callers.portal.userId },
      role: 'ghost',
    });
    expect(unknownRole.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'role' }]);
    const unknownPermission = await gql(t, callers.admin.token, GIVE, {
      subject: { type: 'USER', id: callers.portal.userId },
      permission: 'fly',
    });
    expect(unknownPermission.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'permission' }]);
    const unknownSubject = await gql(t, callers.admin.token, ASSIGN, { subject: { type: 'CLIENT', id: 'nope' }, role: 'admin' });
    expect(errorCodes(unknownSubject)).toEqual([{ code: 'NOT_FOUND', path: 'assignRole' }]);
    const badType = await gql(t, callers.admin.token, ASSIGN, { subject: { type: 'GROUP', id: 'x' }, role: 'admin' });
    expect(badType.status).toBe(400);
    expect(badType.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
