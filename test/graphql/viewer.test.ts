import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/modules/access/catalogue.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type Callers, createCallers, INTEGRATION_PERMISSIONS, PORTAL_PERMISSIONS } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const VIEWER = `{
  viewer {
    type scopes permissions
    user { id email }
    client { id name description firstParty }
  }
  me { id email }
}`;

/** `viewer` is always allowed and tells each caller who it is and what this request may do. */
describe('viewer and me', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
  });
  afterAll(() => t.close());

  it('an integration sees its client, no user, and its own permissions', async () => {
    const data = dataOf(await gql(t, callers.integration.token, VIEWER));
    expect(data).toEqual({
      viewer: {
        type: 'CLIENT',
        scopes: [...INTEGRATION_PERMISSIONS].sort(),
        permissions: [...INTEGRATION_PERMISSIONS].sort(),
        user: null,
        client: { id: callers.integration.client.id, name: 'Warehouse sync', description: '', firstParty: false },
      },
      me: null,
    });
  });

  it('an admin user sees every permission of the catalogue through scope *', async () => {
    const data = dataOf(await gql(t, callers.admin.token, VIEWER));
    expect(data.viewer.type).toBe('USER');
    expect(data.viewer.scopes).toEqual(['*']);
    expect(data.viewer.permissions).toContain('manage_system');
    expect(data.viewer.permissions).toContain('users.delete');
    expect([...data.viewer.permissions].sort()).toEqual(PERMISSIONS.map((permission) => permission.name).sort());
    expect(data.viewer.user).toEqual({ id: callers.admin.user.id, email: 'admin@example.test' });
    expect(data.viewer.client).toEqual({ id: callers.admin.client.id, name: 'Admin console', description: '', firstParty: true });
    expect(data.me).toEqual({ id: callers.admin.user.id, email: 'admin@example.test' });
  });

  it('a portal user sees the granted scopes and the portal app', async () => {
    const data = dataOf(await gql(t, callers.portal.token, VIEWER));
    expect(data).toEqual({
      viewer: {
        type: 'USER',
        scopes: PORTAL_PERMISSIONS,
        permissions: [...PORTAL_PERMISSIONS].sort(),
        user: { id: callers.portal.userId, email: 'pat@example.test' },
        client: {
          id: callers.portal.client.id,
          name: 'Acme Customer Portal',
          description: 'See your orders and invoices from Acme.',
          firstParty: false,
        },
      },
      me: { id: callers.portal.userId, email: 'pat@example.test' },
    });
  });

  it('the calling client’s own settings are visible to it, its roles only with manage_system (partial result)', async () => {
    const response = await gql(t, callers.portal.token, '{ viewer { client { name grantTypes allowedScopes roles { name } } } }');
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      viewer: {
        client: {
          name: 'Acme Customer Portal',
          grantTypes: ['AUTHORIZATION_CODE'],
          allowedScopes: PORTAL_PERMISSIONS,
          roles: null,
        },
      },
    });
    expect(errorCodes(response)).toEqual([{ code: 'FORBIDDEN', path: 'viewer.client.roles' }]);
  });

  it('me of a user shows roles to the user itself', async () => {
    const data = dataOf(await gql(t, callers.admin.token, '{ me { roles { name } permissions { name } } }'));
    expect(data).toEqual({ me: { roles: [{ name: 'admin' }], permissions: [] } });
  });
});
