import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { User } from '../../src/modules/user/user.entity.js';
import type { TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { bearer, createTestUser, startAppWithProxyClients, type TestClient, type TestUser } from '../helpers/tokens.js';

describe('first-party proxy (/clients/:name/*) and /logout', () => {
  let t: TestApp & { proxyClients: Record<string, TestClient> };
  let user: TestUser;
  beforeAll(async () => {
    t = await startAppWithProxyClients(['web', 'mobile']);
    user = await createTestUser(t, { permissions: ['customers.view'] });
  });
  afterAll(() => t.close());

  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const login = (name = 'web') => post(`/clients/${name}/login`, { username: user.email, password: user.password });
  const cookieOf = (response: Response) => response.headers.getSetCookie().find((cookie) => cookie.startsWith('refresh_token='));
  const accepted = (tokens: TokenResponse) =>
    t.app.services.authenticator.authenticate(bearer(tokens).authorization).then(
      () => true,
      () => false,
    );

  it('logs in with only username and password, returning the token JSON and an HttpOnly, Secure, SameSite=Strict cookie', async () => {
    const response = await login();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = (await response.json()) as TokenResponse;
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: '*' });
    const cookie = cookieOf(response)!;
    expect(cookie).toBe(
      `refresh_token=${tokens.refresh_token}; Max-Age=${30 * 86400}; Path=/clients/web; HttpOnly; Secure; SameSite=Strict`,
    );
    const principal = await t.app.services.authenticator.authenticate(bearer(tokens).authorization);
    expect(principal.clientId).toBe(t.proxyClients.web.id);
  });

  it('accepts a form-encoded login too, and the mobile client has its own cookie path', async () => {
    const response = await fetch(`${t.url}/clients/mobile/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: user.email, password: user.password }),
    });
    expect(response.status).toBe(200);
    expect(cookieOf(response)).toContain('Path=/clients/mobile;');
  });

  it('refreshes from the cookie or from the body, rotating the cookie', async () => {
    const first = (await (await login()).json()) as TokenResponse;
    const viaCookie = await post('/clients/web/refresh', undefined, { cookie: `refresh_token=${first.refresh_token}` });
    expect(viaCookie.status).toBe(200);
    const second = (await viaCookie.json()) as TokenResponse;
    expect(cookieOf(viaCookie)).toContain(`refresh_token=${second.refresh_token};`);
    const viaBody = await post('/clients/web/refresh', { refresh_token: second.refresh_token });
    expect(viaBody.status).toBe(200);
  });

  it('clears the cookie when the refresh token is refused, and asks for one when there is none', async () => {
    const refused = await post('/clients/web/refresh', undefined, { cookie: 'refresh_token=stolen-or-stale' });
    await expectOAuthError(refused.clone(), { status: 400, error: 'invalid_grant' });
    expect(cookieOf(refused)).toMatch(/^refresh_token=; Max-Age=0; Path=\/clients\/web; .*HttpOnly; Secure; SameSite=Strict/);
    await expectOAuthError(await post('/clients/web/refresh', {}), {
      status: 400,
      error: 'invalid_request',
      description: /refresh token/,
    });
  });

  it('gives the password grant’s errors for wrong credentials and missing fields', async () => {
    await expectOAuthError(await post('/clients/web/login', { username: user.email, password: 'wrong password' }), {
      status: 400,
      error: 'invalid_grant',
    });
    await expectOAuthError(await post('/clients/web/login', { username: user.email }), { status: 400, error: 'invalid_request' });
  });

  it('answers 404 for a client name that is not configured', async () => {
    await expectOAuthError(await post('/clients/desktop/login', { username: user.email, password: user.password }), {
      status: 404,
      error: 'not_found',
    });
    await expectOAuthError(await post('/clients/desktop/refresh', {}), { status: 404, error: 'not_found' });
  });

  it('logout revokes the access token and its refresh family and clears the cookie', async () => {
    const first = (await (await login()).json()) as TokenResponse;
    const second = (await (await post('/clients/web/refresh', { refresh_token: first.refresh_token })).json()) as TokenResponse;
    const other = (await (await login()).json()) as TokenResponse;

    const response = await post('/logout', undefined, bearer(second));
    expect(response.status).toBe(204);
    expect(cookieOf(response)).toMatch(/^refresh_token=; Max-Age=0; Path=\/clients\/web;/);
    expect(await accepted(second)).toBe(false);
    await expectOAuthError(await post('/clients/web/refresh', { refresh_token: second.refresh_token }), {
      status: 400,
      error: 'invalid_grant',
    });
    expect(await accepted(other)).toBe(true);
  });

  it('logout without a valid Bearer token is a 401 with an RFC 6750 challenge', async () => {
    await expectOAuthError(await post('/logout'), {
      status: 401,
      error: 'invalid_token',
      wwwAuthenticate:
        /^Bearer realm="core-api", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource", DPoP algs="ES256 [^"]+"$/,
    });
    await expectOAuthError(await post('/logout', undefined, { authorization: 'Bearer not.a.jwt' }), {
      status: 401,
      error: 'invalid_token',
      wwwAuthenticate: /^Bearer realm="core-api", error="invalid_token", error_description="[^"]+", resource_metadata=/,
    });
    const tokens = (await (await login()).json()) as TokenResponse;
    expect((await post('/logout', undefined, bearer(tokens))).status).toBe(204);
    await expectOAuthError(await post('/logout', undefined, bearer(tokens)), {
      status: 401,
      error: 'invalid_token',
      description: /revoked/,
    });
  });

  it('logout with the token of a user disabled since is a 401 whose challenge stays a valid header', async () => {
    const victim = await createTestUser(t);
    const tokens = (await (
      await post('/clients/web/login', { username: victim.email, password: victim.password })
    ).json()) as TokenResponse;
    await t.orm.em.fork().nativeUpdate(User, { id: victim.id }, { disabled: true });
    await t.app.services.invalidation.publish({ kind: 'user', id: victim.id });
    await expectOAuthError(await post('/logout', undefined, bearer(tokens)), {
      status: 401,
      error: 'invalid_token',
      description: /disabled/,
      wwwAuthenticate:
        /^Bearer realm="core-api", error="invalid_token", error_description="[\x20-\x7E]*disabled", resource_metadata=/,
    });
  });
});
