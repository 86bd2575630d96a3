import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import {
  basicAuth,
  bearer,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';

describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
  let t: TestApp;
  let portal: TestClient;
  let other: TestClient;
  let admin: TestClient;
  let publicClient: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    portal = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    other = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    admin = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['manage_system'] });
    publicClient = await createTestClient(t, { grantTypes: ['password'], confidential: false });
    user = await createTestUser(t, { permissions: ['customers.view'] });
  });
  afterAll(() => t.close());

  const post = (path: string, client: TestClient, params: Record<string, string>) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(client.secret ? { authorization: basicAuth(client.id, client.secret) } : {}),
      },
      body: new URLSearchParams(client.secret ? params : { ...params, client_id: client.id }),
    });
  const introspect = async (client: TestClient, token: string) => {
    const response = await post('/oauth/introspect', client, { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return (await response.json()) as Record<string, unknown>;
  };
  const revoke = (client: TestClient, token: string, hint?: string) =>
    post('/oauth/revoke', client, hint ? { token, token_type_hint: hint } : { token });
  const login = () => passwordToken(t, { client: portal, username: user.email, password: user.password });
  const accepted = (tokens: TokenResponse) =>
    t.app.services.authenticator.authenticate(bearer(tokens).authorization).then(
      () => true,
      () => false,
    );

  it('introspects an active access token with its claims, and a revoked one as inactive', async () => {
    const tokens = await login();
    const before = await introspect(portal, tokens.access_token);
    expect(before).toMatchObject({
      active: true,
      token_type: 'Bearer',
      scope: '*',
      client_id: portal.id,
      sub: user.id,
      iss: t.config.issuer,
      aud: t.config.tokenAudience,
    });
    expect(before.exp).toBe((before.iat as number) + 3600);

    const response = await revoke(portal, tokens.access_token);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await introspect(portal, tokens.access_token)).toEqual({ active: false });
    expect(await accepted(tokens)).toBe(false);
  });

  it('revocation is visible immediately to the resource server', async () => {
    const tokens = await clientCredentialsToken(t, other.id, other.secret!);
    expect(await accepted(tokens)).toBe(true);
    await revoke(other, tokens.access_token, 'access_token');
    expect(await accepted(tokens)).toBe(false);
  });

  it('revoking a refresh token revokes its grant, access tokens included', async () => {
    const tokens = await login();
    expect((await revoke(portal, tokens.refresh_token!, 'refresh_token')).status).toBe(200);
    expect(await introspect(portal, tokens.refresh_token!)).toEqual({ active: false });
    expect(await accepted(tokens)).toBe(false);
  });

  it('answers 200 for unknown tokens, and a client cannot revoke or see another client’s token', async () => {
    expect((await revoke(portal, 'no-such-token')).status).toBe(200);
    expect(await introspect(portal, 'no-such-token')).toEqual({ active: false });

    const tokens = await login();
    expect((await revoke(other, tokens.access_token)).status).toBe(200);
    expect((await revoke(other, tokens.refresh_token!)).status).toBe(200);
    expect(await accepted(tokens)).toBe(true);
    expect(await introspect(other, tokens.access_token)).toEqual({ active: false });
    expect(await introspect(portal, tokens.refresh_token!)).toMatchObject({ active: true });
  });

  it('lets a manage_system client introspect every token', async () => {
    const tokens = await login();
    expect(await introspect(admin, tokens.access_token)).toMatchObject({ active: true, client_id: portal.id });
    expect(await introspect(admin, tokens.refresh_token!)).toMatchObject({ active: true, token_type: 'refresh_token' });
  });

  it('lets a public client revoke its own tokens but not introspect', async () => {
    const tokens = await passwordToken(t, { client: publicClient, username: user.email, password: user.password });
    expect((await revoke(publicClient, tokens.refresh_token!)).status).toBe(200);
    expect(await accepted(tokens)).toBe(false);
    await expectOAuthError(await post('/oauth/introspect', publicClient, { token: tokens.access_token }), {
      status: 401,
      error: 'invalid_client',
    });
  });

  it('requires client authentication and the token parameter', async () => {
    const anonymous = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=abc',
    });
    await expectOAuthError(anonymous, { status: 401, error: 'invalid_client', wwwAuthenticate: /^Basic / });
    await expectOAuthError(await post('/oauth/revoke', portal, {}), {
      status: 400,
      error: 'invalid_request',
      description: /token/,
    });
    await expectOAuthError(await post('/oauth/introspect', portal, {}), {
      status: 400,
      error: 'invalid_request',
      description: /token/,
    });
    await expectOAuthError(await post('/oauth/introspect', { id: portal.id, secret: 'wrong' }, { token: 'x' }), {
      status: 401,
      error: 'invalid_client',
    });
  });
});
