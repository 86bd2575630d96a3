import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { dataOf, gql } from '../graphql/graphql-client.js';
import type { TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import {
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  refreshRequest,
  startAppWithProxyClients,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';

const PORTAL = 'https://portal.example.test';
const OTHER_PORTAL = 'https://other-portal.example.test';
const STRANGER = 'https://stranger.example.test';
const WEB_APP = 'https://app.example.test';

/**
 * PRODUCT §8 as a browser sees it, header by header: preflights and actual requests per
 * endpoint, for the client concerned; nothing where CORS has no business. The same rules
 * in a real browser: test/cors/portal-spa.test.ts.
 */
describe('CORS by client web origins', () => {
  let t: TestApp;
  let portal: TestClient;
  let user: TestUser;
  let admin: string;
  beforeAll(async () => {
    t = await startAppWithProxyClients(['web'], { CLIENT_WEB_ORIGINS: WEB_APP });
    portal = await createTestClient(t, {
      grantTypes: ['password'],
      confidential: false,
      webOrigins: [PORTAL],
      allowedScopes: ['customers.view', 'customers.create', 'orders.view'],
    });
    await createTestClient(t, { grantTypes: ['client_credentials'], webOrigins: [OTHER_PORTAL] });
    user = await createTestUser(t, { permissions: ['customers.view', 'customers.create', 'orders.view'] });
    const adminClient = await createTestClient(t, {
      grantTypes: ['client_credentials'],
      permissions: ['manage_system', 'customers.view'],
    });
    admin = (await clientCredentialsToken(t, adminClient.id, adminClient.secret!)).access_token;
  });
  afterAll(() => t.close());

  const preflight = (path: string, origin: string, headers = 'authorization, content-type') =>
    fetch(`${t.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
    });
  const login = (origin?: string) =>
    fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
      body: new URLSearchParams({ grant_type: 'password', client_id: portal.id, username: user.email, password: user.password }),
    });
  const corsOf = (response: Response) => ({
    origin: response.headers.get('access-control-allow-origin'),
    exposed: response.headers.get('access-control-expose-headers'),
    credentials: response.headers.get('access-control-allow-credentials'),
  });

  describe('preflights', () => {
    it.each(['/oauth/token', '/oauth/revoke', '/graphql'])('%s: answered for a live client’s web origin', async (path) => {
      const response = await preflight(path, PORTAL, 'authorization, content-type, dpop');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(/, */)).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'dpop']),
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('vary')).toMatch(/origin/i);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it.each(['/oauth/token', '/graphql'])('%s: refused for an origin no client has', async (path) => {
      const response = await preflight(path, STRANGER);
      expect(response.status).toBe(404);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it.each(['/oauth/authorize', '/oauth/introspect', '/logout', '/healthz', '/nowhere'])(
      '%s: no CORS at all, whatever the origin',
      async (path) => {
        const response = await preflight(path, PORTAL);
        expect(response.status).toBe(404);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      },
    );
  });

  describe('the token endpoint', () => {
    it('answers the client’s own origin, exposing the challenge and back-off headers', async () => {
      const response = await login(PORTAL);
      expect(response.status).toBe(200);
      expect(corsOf(response)).toEqual({
        origin: PORTAL,
        exposed: 'WWW-Authenticate, Retry-After, DPoP-Nonce',
        credentials: null,
      });
    });

    it('refuses another client’s origin before doing anything: a refresh token is not rotated', async () => {
      const tokens = (await (await login()).json()) as TokenResponse;
      const foreign = await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: OTHER_PORTAL },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: portal.id, refresh_token: tokens.refresh_token! }),
      });
      await expectOAuthError(foreign, { status: 400, error: 'invalid_request', description: /origin/ });
      // The refusal is readable by that (registered) origin, so its developer sees why.
      expect(corsOf(foreign).origin).toBe(OTHER_PORTAL);
      // The token was not spent: strict reuse detection would otherwise revoke the family now.
      const again = await refreshRequest(t, portal, tokens.refresh_token!);
      expect(again.status).toBe(200);
    });

    it('gives an origin no client has nothing to read, and does not act on it', async () => {
      const response = await login(STRANGER);
      expect(response.status).toBe(400);
      expect(corsOf(response).origin).toBeNull();
    });

    it('has no CORS for server-side callers (no Origin) and for the server’s own pages', async () => {
      expect(corsOf(await login()).origin).toBeNull();
      const own = await login(new URL(t.url).origin);
      expect(own.status).toBe(200);
      expect(corsOf(own).origin).toBeNull();
    });
  });

  describe('/graphql', () => {
    it('answers the token’s client’s origin', async () => {
      const { access_token } = (await (await login(PORTAL)).json()) as TokenResponse;
      const response = await gql(t, access_token, '{ viewer { type } }', {}, { origin: PORTAL });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(response.headers.get('vary')).toMatch(/origin/i);
    });

    it('refuses a token used from another client’s origin with 403, before executing anything', async () => {
      const { access_token } = (await (await login()).json()) as TokenResponse;
      const before = await customerCount();
      // The same mutation from the client's own origin is executed: the refusal below is the origin's alone.
      dataOf(await gql(t, access_token, 'mutation { createCustomer(input: { name: "Fine" }) { id } }', {}, { origin: PORTAL }));
      expect(await customerCount()).toBe(before + 1);
      const response = await gql(
        t,
        access_token,
        'mutation { createCustomer(input: { name: "Sneaky" }) { id } }',
        {},
        { origin: OTHER_PORTAL },
      );
      expect(response.status).toBe(403);
      expect(response.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'origin' });
      expect(await customerCount()).toBe(before + 1);
    });

    it('lets a portal read a 401 and its challenge', async () => {
      const response = await gql(t, 'not-a-token', '{ viewer { type } }', {}, { origin: PORTAL });
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(response.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    });

    const customerCount = async () => dataOf(await gql(t, admin, '{ customers { totalCount } }')).customers.totalCount as number;
  });

  it('userinfo: the token’s client’s origin, its challenge readable; another client’s origin refused', async () => {
    const { access_token } = (await (await login()).json()) as TokenResponse;
    const userinfo = (origin: string) =>
      fetch(`${t.url}/oauth/userinfo`, { headers: { origin, authorization: `Bearer ${access_token}` } });
    const own = await userinfo(PORTAL);
    // No openid in this token: RFC 6750 insufficient_scope, which the portal can read.
    expect(own.status).toBe(403);
    expect(corsOf(own)).toMatchObject({ origin: PORTAL, exposed: expect.stringContaining('WWW-Authenticate') });
    expect(own.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
    const foreign = await userinfo(OTHER_PORTAL);
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: string }).error).toBe('invalid_request');
    const preflighted = await preflight('/oauth/userinfo', PORTAL, 'authorization');
    expect(preflighted.status).toBe(204);
    expect(preflighted.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('revocation: the authenticating client’s origin only', async () => {
    const tokens = (await (await login()).json()) as TokenResponse;
    const revoke = (origin: string) =>
      fetch(`${t.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ client_id: portal.id, token: tokens.refresh_token!, token_type_hint: 'refresh_token' }),
      });
    await expectOAuthError(await revoke(OTHER_PORTAL), { status: 400, error: 'invalid_request' });
    const ok = await revoke(PORTAL);
    expect(ok.status).toBe(200);
    expect(corsOf(ok).origin).toBe(PORTAL);
    await expectOAuthError(await refreshRequest(t, portal, tokens.refresh_token!), { status: 400, error: 'invalid_grant' });
  });

  it('discovery documents and keys: readable from any origin', async () => {
    for (const path of [
      '/.well-known/oauth-authorization-server',
      '/.well-known/jwks.json',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(`${t.url}${path}`, { headers: { origin: STRANGER } });
      expect(response.status).toBe(200);
      expect(corsOf(response).origin).toBe('*');
    }
  });

  it('introspection and the authorization endpoint: never CORS', async () => {
    const introspect = await fetch(`${t.url}/oauth/introspect`, { method: 'POST', headers: { origin: PORTAL } });
    expect(corsOf(introspect).origin).toBeNull();
    const authorize = await fetch(`${t.url}/oauth/authorize?client_id=${portal.id}`, { headers: { origin: PORTAL } });
    expect(corsOf(authorize).origin).toBeNull();
  });

  it('the first-party proxy: credentials for its configured origins only', async () => {
    const ok = await preflight('/clients/web/login', WEB_APP, 'content-type, dpop');
    expect(ok.status).toBe(204);
    expect(corsOf(ok)).toMatchObject({ origin: WEB_APP, credentials: 'true' });
    // A browser app may send a DPoP proof to the proxy and read the nonce it is answered.
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase().split(/, */)).toEqual(['content-type', 'dpop']);
    expect(corsOf(ok).exposed).toContain('DPoP-Nonce');
    const portalTries = await preflight('/clients/web/login', PORTAL, 'content-type');
    expect(corsOf(portalTries).origin).toBeNull();

    const proxied = (origin: string) =>
      fetch(`${t.url}/clients/web/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: user.email, password: user.password }),
      });
    const answered = await proxied(WEB_APP);
    expect(answered.status).toBe(200);
    expect(corsOf(answered)).toMatchObject({ origin: WEB_APP, credentials: 'true' });
    await expectOAuthError(await proxied(PORTAL), { status: 400, error: 'invalid_request', description: /origin/ });
  });

  describe('web origins of a client (GraphQL)', () => {
    const CREATE = `mutation ($input: CreateAppClientInput!) { createAppClient(input: $input) { appClient { id webOrigins } } }`;
    const UPDATE = `mutation ($id: ID!, $input: UpdateAppClientInput!) { updateAppClient(id: $id, input: $input) { webOrigins } }`;
    const create = async (input: Record<string, unknown>) =>
      dataOf(
        await gql(t, admin, CREATE, {
          input: { name: 'SPA', grantTypes: ['AUTHORIZATION_CODE'], confidential: false, ...input },
        }),
      ).createAppClient.appClient as { id: string; webOrigins: string[] };
    const update = async (id: string, input: Record<string, unknown>) =>
      dataOf(await gql(t, admin, UPDATE, { id, input })).updateAppClient.webOrigins as string[];

    it('default to the origins of the redirect URIs, and follow them while left at the default', async () => {
      const spa = await create({
        redirectUris: ['https://a.example.test/cb', 'https://a.example.test/silent', 'com.example.app:/cb'],
      });
      expect(spa.webOrigins).toEqual(['https://a.example.test']);
      expect(await update(spa.id, { redirectUris: ['https://b.example.test/cb'] })).toEqual(['https://b.example.test']);
      expect(corsOf(await preflight('/oauth/token', 'https://b.example.test')).origin).toBe('https://b.example.test');
      expect(corsOf(await preflight('/oauth/token', 'https://a.example.test')).origin).toBeNull();
    });

    it('once set, stay as set', async () => {
      const spa = await create({ redirectUris: ['https://c.example.test/cb'], webOrigins: ['https://c-app.example.test'] });
      expect(spa.webOrigins).toEqual(['https://c-app.example.test']);
      expect(await update(spa.id, { redirectUris: ['https://d.example.test/cb'] })).toEqual(['https://c-app.example.test']);
      expect(await update(spa.id, { webOrigins: [] })).toEqual([]);
    });

    it('stop answering when the client is deleted', async () => {
      const spa = await create({ redirectUris: ['https://gone.example.test/cb'] });
      expect(corsOf(await preflight('/graphql', 'https://gone.example.test')).origin).toBe('https://gone.example.test');
      dataOf(await gql(t, admin, 'mutation ($id: ID!) { deleteAppClient(id: $id) { id } }', { id: spa.id }));
      expect(corsOf(await preflight('/graphql', 'https://gone.example.test')).origin).toBeNull();
    });
  });
});
