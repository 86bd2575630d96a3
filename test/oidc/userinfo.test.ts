import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/modules/user/user.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { bearer, clientCredentialsToken, createTestClient, passwordToken, tokenRequest } from '../helpers/tokens.js';
import { HttpBrowser, PASSWORD, type Portal, seedOidcUser, seedPortal, signIn } from './support.js';

const EMAIL = 'hedy@example.test';

/** `GET|POST /oauth/userinfo`: claims per identity scope; RFC 6750 errors with their challenges. */
describe('userinfo', () => {
  let t: TestApp;
  let portal: Portal;
  let accessToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedPortal(t);
    await seedOidcUser(t, EMAIL);
    accessToken = (await signIn(t, portal, new HttpBrowser(), EMAIL, { scope: 'openid profile' })).tokens.access_token;
  });
  afterAll(() => t.close());

  const userinfo = (headers: Record<string, string>, method = 'GET') => fetch(`${t.url}/oauth/userinfo`, { method, headers });

  it('answers GET and POST alike, no-store, with the profile scope only', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await userinfo(bearer(accessToken), method);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ sub: expect.any(String), name: 'Ada Lovelace', updated_at: expect.any(Number) });
    }
  });

  it('leaves out claims without a value, and follows a changed user at once', async () => {
    await t.orm.em.fork().nativeUpdate(User, { email: EMAIL }, { name: null });
    expect(await (await userinfo(bearer(accessToken))).json()).toEqual({
      sub: expect.any(String),
      updated_at: expect.any(Number),
    });
  });

  it('without a token, or with a bad one: 401 invalid_token with a Bearer challenge', async () => {
    await expectOAuthError(await userinfo({}), {
      status: 401,
      error: 'invalid_token',
      wwwAuthenticate: /^Bearer realm="core-api", DPoP algs="ES256 [^"]+"$/,
    });
    await expectOAuthError(await userinfo({ authorization: 'Bearer not.a.token' }), {
      status: 401,
      error: 'invalid_token',
      wwwAuthenticate: /^Bearer realm="core-api", error="invalid_token", error_description="malformed token"$/,
    });
    await expectOAuthError(await userinfo({ authorization: 'Basic abc' }), { status: 401, error: 'invalid_token' });
  });

  it('a token without openid, or of no user, is 403 insufficient_scope', async () => {
    const withoutOpenid = (await signIn(t, portal, new HttpBrowser(), EMAIL, { scope: 'orders.view.own' })).tokens;
    const integration = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const machine = await clientCredentialsToken(t, integration.id, integration.secret ?? '');
    for (const token of [withoutOpenid.access_token, machine.access_token]) {
      await expectOAuthError(await userinfo(bearer(token)), {
        status: 403,
        error: 'insufficient_scope',
        wwwAuthenticate: /^Bearer realm="core-api", error="insufficient_scope", error_description="[^"]+", scope="openid"$/,
      });
    }
  });

  it('a revoked token is refused at once', async () => {
    const { tokens } = await signIn(t, portal, new HttpBrowser(), EMAIL, { scope: 'openid email' });
    expect((await userinfo(bearer(tokens.access_token))).status).toBe(200);
    const revoke = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, client_id: portal.id }),
    });
    expect(revoke.status).toBe(200);
    await expectOAuthError(await userinfo(bearer(tokens.access_token)), {
      status: 401,
      error: 'invalid_token',
      description: /revoked/,
    });
  });

  it('identity scopes need a user: refused for client credentials, allowed to the password grant', async () => {
    const integration = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const refused = await tokenRequest(
      t,
      { grant_type: 'client_credentials', scope: 'openid orders.view' },
      { authorization: `Basic ${Buffer.from(`${integration.id}:${integration.secret}`).toString('base64')}` },
    );
    await expectOAuthError(refused, { status: 400, error: 'invalid_scope', description: /"openid" needs a user/ });

    const web = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    const tokens = await passwordToken(t, { client: web, username: EMAIL, password: PASSWORD, scope: 'openid email *' });
    expect(tokens.scope).toBe('openid email *');
    // Userinfo works; an ID token needs a sign-in at the authorization endpoint, which this grant has not.
    expect(tokens).not.toHaveProperty('id_token');
    expect(await (await userinfo(bearer(tokens.access_token))).json()).toMatchObject({ email: EMAIL, email_verified: true });
    // `*` still means every permission of the user, and only permissions.
    const viewer = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { scopes permissions } }' }),
    });
    const body = (await viewer.json()) as { data: { viewer: unknown } };
    expect(body.data.viewer).toEqual({ scopes: ['openid', 'email', '*'], permissions: ['orders.view.own'] });
  });
});
