import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  basicAuth,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  refreshRequest,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';

/**
 * PRODUCT §3: a token issued without a scope stands for all of its subject's permissions
 * and follows them live — a permission given later applies at the next request, as a
 * removed one stops applying — while one issued with a scope stays narrowed to it.
 */
describe('default scopes follow the subject', () => {
  let t: TestApp;
  let admin: string;
  let inspector: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    const console = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    const root = await createTestUser(t, { email: 'root@example.test', admin: true });
    admin = (await passwordToken(t, { client: console, username: root.email, password: root.password, scope: '*' })).access_token;
    inspector = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['manage_system'] });
  });
  afterAll(() => t.close());

  const graphql = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data as Record<string, { scopes: string[]; permissions: string[] }>;
  };
  const viewer = (token: string) => graphql(token, '{ viewer { scopes permissions } }').then((data) => data.viewer);
  const give = (type: 'CLIENT' | 'USER', id: string, permission: string) =>
    graphql(admin, 'mutation($s: SubjectInput!, $p: String!) { givePermission(subject: $s, permission: $p) { id } }', {
      s: { type, id },
      p: permission,
    });
  const revoke = (type: 'CLIENT' | 'USER', id: string, permission: string) =>
    graphql(admin, 'mutation($s: SubjectInput!, $p: String!) { revokePermission(subject: $s, permission: $p) { id } }', {
      s: { type, id },
      p: permission,
    });
  const introspect = async (token: string) => {
    const response = await fetch(`${t.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(inspector.id, inspector.secret!) },
      body: new URLSearchParams({ token }),
    });
    return (await response.json()) as { active: boolean; scope?: string };
  };
  const recorded = async (token: TokenResponse) => {
    const jti = JSON.parse(Buffer.from(token.access_token.split('.')[1], 'base64url').toString()).jti as string;
    const [row]: { default_scope: boolean }[] = await t.orm.em
      .fork()
      .getConnection()
      .execute('select default_scope from access_token where id = ?', [jti]);
    return row.default_scope;
  };

  it('client credentials without a scope: a permission given later applies at the next request', async () => {
    const client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const token = await clientCredentialsToken(t, client.id, client.secret!);
    expect(token.scope).toBe('orders.view');
    expect(await recorded(token)).toBe(true);

    await give('CLIENT', client.id, 'customers.view');
    expect(await viewer(token.access_token)).toEqual({
      scopes: ['customers.view', 'orders.view'],
      permissions: ['customers.view', 'orders.view'],
    });
    expect((await introspect(token.access_token)).scope).toBe('customers.view orders.view');

    await revoke('CLIENT', client.id, 'orders.view');
    expect(await viewer(token.access_token)).toEqual({ scopes: ['customers.view'], permissions: ['customers.view'] });
  });

  it('client credentials with a scope stay narrowed to it', async () => {
    const client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const token = await clientCredentialsToken(t, client.id, client.secret!, 'orders.view');
    expect(await recorded(token)).toBe(false);
    await give('CLIENT', client.id, 'customers.view');
    expect(await viewer(token.access_token)).toEqual({ scopes: ['orders.view'], permissions: ['orders.view'] });
    expect((await introspect(token.access_token)).scope).toBe('orders.view');
  });

  describe('user tokens (password grant, third-party client without allowed scopes)', () => {
    let client: TestClient;
    let user: TestUser;
    beforeAll(async () => {
      client = await createTestClient(t, { grantTypes: ['password'] });
      user = await createTestUser(t, { email: 'follower@example.test', permissions: ['orders.view'] });
    });

    it('follow the user, across refreshes, until a refresh names a scope', async () => {
      const first = await passwordToken(t, { client, username: user.email, password: user.password });
      expect(await recorded(first)).toBe(true);
      await give('USER', user.id, 'customers.view');
      expect((await viewer(first.access_token)).permissions).toEqual(['customers.view', 'orders.view']);

      const refreshed = (await (await refreshRequest(t, client, first.refresh_token!)).json()) as TokenResponse;
      expect(refreshed.scope).toBe('customers.view orders.view');
      expect(await recorded(refreshed)).toBe(true);
      await give('USER', user.id, 'users.view');
      expect((await viewer(refreshed.access_token)).permissions).toEqual(['customers.view', 'orders.view', 'users.view']);

      // Narrowed on refresh to a permission the user gained after the first token: explicit from then on.
      const narrowed = (await (await refreshRequest(t, client, refreshed.refresh_token!, 'users.view')).json()) as TokenResponse;
      expect(narrowed.scope).toBe('users.view');
      expect(await recorded(narrowed)).toBe(false);
      await give('USER', user.id, 'orders.create');
      expect((await viewer(narrowed.access_token)).permissions).toEqual(['users.view']);
    });

    it('with a scope stay narrowed to it', async () => {
      const token = await passwordToken(t, { client, username: user.email, password: user.password, scope: 'orders.view' });
      await give('USER', user.id, 'customers.create');
      expect(await viewer(token.access_token)).toEqual({ scopes: ['orders.view'], permissions: ['orders.view'] });
    });
  });

  it('still honour the client’s allowed scopes', async () => {
    const client = await createTestClient(t, { grantTypes: ['password'], allowedScopes: ['orders.view', 'customers.view'] });
    const user = await createTestUser(t, { email: 'narrow@example.test', permissions: ['orders.view'] });
    const token = await passwordToken(t, { client, username: user.email, password: user.password });
    await give('USER', user.id, 'customers.view');
    await give('USER', user.id, 'users.delete');
    expect((await viewer(token.access_token)).permissions).toEqual(['customers.view', 'orders.view']);
  });
});
