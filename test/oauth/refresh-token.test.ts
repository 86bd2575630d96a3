import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import {
  bearer,
  createTestClient,
  createTestUser,
  passwordToken,
  pastRefreshGrace,
  refreshRequest,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';

describe('refresh_token grant', () => {
  let t: TestApp;
  let client: TestClient;
  let publicClient: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    publicClient = await createTestClient(t, {
      grantTypes: ['password'],
      confidential: false,
      allowedScopes: ['customers.view', 'users.view'],
    });
    user = await createTestUser(t, { permissions: ['customers.view', 'users.view'] });
  });
  afterAll(() => t.close());

  const login = (as: TestClient = client, scope?: string) =>
    passwordToken(t, { client: as, username: user.email, password: user.password, scope });
  const refresh = async (token: string, as: TestClient = client, scope?: string): Promise<TokenResponse> => {
    const response = await refreshRequest(t, as, token, scope);
    expect(response.status).toBe(200);
    return (await response.json()) as TokenResponse;
  };
  const isActive = (tokens: TokenResponse) =>
    t.app.services.authenticator.authenticate(bearer(tokens).authorization).then(
      () => true,
      () => false,
    );

  it('rotates on every use: a new refresh token, a new access token, the same scopes', async () => {
    const first = await login();
    const second = await refresh(first.refresh_token!);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe('*');
    const third = await refresh(second.refresh_token!);
    expect(await isActive(third)).toBe(true);
  });

  it('may narrow the scopes but never widen them', async () => {
    const narrow = await login(client, 'customers.view users.view');
    const narrower = await refresh(narrow.refresh_token!, client, 'customers.view');
    expect(narrower.scope).toBe('customers.view');
    await expectOAuthError(await refreshRequest(t, client, narrower.refresh_token!, 'customers.view users.view'), {
      status: 400,
      error: 'invalid_scope',
    });
  });

  it('works for a public client (authentication method none)', async () => {
    const first = await login(publicClient);
    expect(first.scope).toBe('customers.view users.view');
    const second = await refresh(first.refresh_token!, publicClient);
    expect(await isActive(second)).toBe(true);
  });

  it('treats reuse of a used refresh token past the retry grace as theft: the whole family is revoked', async () => {
    const first = await login();
    const second = await refresh(first.refresh_token!);
    const third = await refresh(second.refresh_token!);
    await pastRefreshGrace(t);

    await expectOAuthError(await refreshRequest(t, client, first.refresh_token!), {
      status: 400,
      error: 'invalid_grant',
      description: /already used/,
    });
    expect(await isActive(third)).toBe(false);
    expect(await isActive(second)).toBe(false);
    await expectOAuthError(await refreshRequest(t, client, third.refresh_token!), {
      status: 400,
      error: 'invalid_grant',
      description: /revoked/,
    });

    const other = await login();
    expect(await isActive(other)).toBe(true);
  });

  it('refuses a refresh token of another client, an unknown one and a client without a refreshing grant', async () => {
    const tokens = await login();
    const other = await createTestClient(t, { grantTypes: ['password'] });
    await expectOAuthError(await refreshRequest(t, other, tokens.refresh_token!), { status: 400, error: 'invalid_grant' });
    await expectOAuthError(await refreshRequest(t, client, 'not-a-refresh-token'), { status: 400, error: 'invalid_grant' });
    const machine = await createTestClient(t, { grantTypes: ['client_credentials'] });
    await expectOAuthError(await refreshRequest(t, machine, tokens.refresh_token!), {
      status: 400,
      error: 'unauthorized_client',
    });
    // The refused attempts did not consume it.
    expect(await isActive(await refresh(tokens.refresh_token!))).toBe(true);
  });

  it('refuses an expired refresh token', async () => {
    const tokens = await login();
    await t.orm.em.fork().getConnection().execute("update refresh_token set expires_at = now() - interval '1 second'");
    await expectOAuthError(await refreshRequest(t, client, tokens.refresh_token!), {
      status: 400,
      error: 'invalid_grant',
      description: /expired/,
    });
  });
});
