import 'reflect-metadata';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import {
  bearer,
  createTestClient,
  createTestUser,
  passwordToken,
  type TestClient,
  type TestUser,
  tokenRequest,
} from '../helpers/tokens.js';

describe('password grant', () => {
  let t: TestApp;
  let firstParty: TestClient;
  let thirdParty: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTRIBUTES: 'email,phone' });
    firstParty = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    thirdParty = await createTestClient(t, { grantTypes: ['password'], allowedScopes: ['customers.view', 'orders.view'] });
    user = await createTestUser(t, { phone: '+46701234567', permissions: ['customers.view', 'users.view'] });
  });
  afterAll(() => t.close());

  it('issues an access and a refresh token to a first-party client, with "*" by default', async () => {
    const tokens = await passwordToken(t, { client: firstParty, username: user.email, password: user.password });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: '*' });
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: user.id, client_id: firstParty.id, scope: '*' });
    const principal = await t.app.services.authenticator.authenticate(bearer(tokens).authorization);
    expect(principal).toMatchObject({ type: 'user', userId: user.id, clientId: firstParty.id });
    expect([...principal.permissions].sort()).toEqual(['customers.view', 'users.view']);
  });

  it('accepts the phone number (E.164) as username when configured, and the email case-insensitively', async () => {
    await passwordToken(t, { client: firstParty, username: '+46701234567', password: user.password });
    await passwordToken(t, { client: firstParty, username: user.email.toUpperCase(), password: user.password });
  });

  it('narrows a third-party client’s user token to its allowed scopes', async () => {
    const tokens = await passwordToken(t, { client: thirdParty, username: user.email, password: user.password });
    expect(tokens.scope).toBe('customers.view orders.view');
    const principal = await t.app.services.authenticator.authenticate(bearer(tokens).authorization);
    expect([...principal.permissions]).toEqual(['customers.view']);
    await expectOAuthError(
      await tokenRequest(t, {
        grant_type: 'password',
        client_id: thirdParty.id,
        client_secret: thirdParty.secret!,
        username: user.email,
        password: user.password,
        scope: 'users.view',
      }),
      { status: 400, error: 'invalid_scope' },
    );
  });

  it('gives the same invalid_grant for an unknown user and a wrong password, in about the same time', async () => {
    const attempt = async (username: string, password: string) => {
      const started = performance.now();
      const response = await tokenRequest(t, {
        grant_type: 'password',
        client_id: firstParty.id,
        client_secret: firstParty.secret!,
        username,
        password,
      });
      const elapsed = performance.now() - started;
      return { body: await expectOAuthError(response, { status: 400, error: 'invalid_grant' }), elapsed };
    };
    const unknown = await attempt('nobody@example.test', 'whatever password');
    const wrong = await attempt(user.email, 'wrong password');
    expect(unknown.body).toEqual(wrong.body);
    // Both paths pay one argon2id verification (≈35–40 ms); without the dummy hash the unknown user would take ~1 ms.
    expect(unknown.elapsed).toBeGreaterThan(wrong.elapsed / 3);
  });

  it('requires username and password', async () => {
    await expectOAuthError(
      await tokenRequest(t, {
        grant_type: 'password',
        client_id: firstParty.id,
        client_secret: firstParty.secret!,
        username: user.email,
      }),
      { status: 400, error: 'invalid_request', description: /password/ },
    );
  });
});
