import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { sha256 } from '../../src/lib/secrets.js';
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

/**
 * The refresh retry grace (PRODUCT §3, `REFRESH_TOKEN_REUSE_GRACE`, 10 s by default): a
 * lost response or several tabs refreshing at once must not sign the user out, while a
 * reuse after the grace still revokes the whole family, every branch.
 */
async function fixture(env: Record<string, string> = {}) {
  const t = await startTestApp(env);
  const client = await createTestClient(t, { grantTypes: ['password'], confidential: false, allowedScopes: ['orders.view'] });
  const user = await createTestUser(t, { permissions: ['orders.view'] });
  return { t, client, user };
}

function helpers(t: TestApp, client: TestClient, user: TestUser) {
  return {
    login: () => passwordToken(t, { client, username: user.email, password: user.password }),
    refresh: async (token: string): Promise<TokenResponse> => {
      const response = await refreshRequest(t, client, token);
      expect(response.status).toBe(200);
      return (await response.json()) as TokenResponse;
    },
    isActive: (tokens: TokenResponse) =>
      t.app.services.authenticator.authenticate(bearer(tokens).authorization).then(
        () => true,
        () => false,
      ),
    familyOf: async (tokens: TokenResponse[]) => {
      const rows: { family: string }[] = await t.orm.em
        .fork()
        .getConnection()
        .execute(`select distinct family from refresh_token where token_hash in (${tokens.map(() => '?').join(', ')})`, [
          ...tokens.map((token) => sha256(token.refresh_token!)),
        ]);
      return rows.map((row) => row.family);
    },
  };
}

describe('refresh retry grace (default 10 s)', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  let client: TestClient;
  beforeAll(async () => {
    const f = await fixture();
    t = f.t;
    client = f.client;
    h = helpers(t, f.client, f.user);
  });
  afterAll(() => t.close());

  it('gives the same client presenting a just-rotated token again a new pair in the same family', async () => {
    const first = await h.login();
    const lost = await h.refresh(first.refresh_token!);
    const retried = await h.refresh(first.refresh_token!);
    expect(retried.refresh_token).not.toBe(lost.refresh_token);
    expect(retried.access_token).not.toBe(lost.access_token);
    expect(await h.familyOf([first, lost, retried])).toHaveLength(1);
    // Both branches live on: each tab keeps working.
    expect([await h.isActive(lost), await h.isActive(retried)]).toEqual([true, true]);
    expect(await h.isActive(await h.refresh(lost.refresh_token!))).toBe(true);
    expect(await h.isActive(await h.refresh(retried.refresh_token!))).toBe(true);
  });

  it('lets 8 concurrent refreshes of one token all succeed, each with its own new pair', async () => {
    const tokens = await h.login();
    const responses = await Promise.all(Array.from({ length: 8 }, () => refreshRequest(t, client, tokens.refresh_token!)));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const pairs = (await Promise.all(responses.map((response) => response.json()))) as TokenResponse[];
    expect(new Set(pairs.map((pair) => pair.refresh_token)).size).toBe(8);
    expect(await h.familyOf([tokens, ...pairs])).toHaveLength(1);
    for (const pair of pairs) expect(await h.isActive(pair)).toBe(true);
  });

  it('after the grace, a reuse revokes the whole family, every branch', async () => {
    const first = await h.login();
    const a = await h.refresh(first.refresh_token!);
    const b = await h.refresh(first.refresh_token!);
    const a2 = await h.refresh(a.refresh_token!);
    await pastRefreshGrace(t);
    await expectOAuthError(await refreshRequest(t, client, first.refresh_token!), {
      status: 400,
      error: 'invalid_grant',
      description: /already used/,
    });
    expect([await h.isActive(a), await h.isActive(b), await h.isActive(a2)]).toEqual([false, false, false]);
    for (const branch of [a2, b]) {
      await expectOAuthError(await refreshRequest(t, client, branch.refresh_token!), { status: 400, error: 'invalid_grant' });
    }
  });

  it('is only for the same client: another client presenting the token gets invalid_grant and revokes nothing', async () => {
    const first = await h.login();
    const next = await h.refresh(first.refresh_token!);
    const other = await createTestClient(t, { grantTypes: ['password'], confidential: false });
    await expectOAuthError(await refreshRequest(t, other, first.refresh_token!), { status: 400, error: 'invalid_grant' });
    expect(await h.isActive(next)).toBe(true);
  });

  it('does not revive a revoked family', async () => {
    const first = await h.login();
    const next = await h.refresh(first.refresh_token!);
    const revoke = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: client.id, token: next.refresh_token!, token_type_hint: 'refresh_token' }),
    });
    expect(revoke.status).toBe(200);
    await expectOAuthError(await refreshRequest(t, client, first.refresh_token!), { status: 400, error: 'invalid_grant' });
  });
});

describe('refresh retry grace off (REFRESH_TOKEN_REUSE_GRACE=0)', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  let client: TestClient;
  beforeAll(async () => {
    const f = await fixture({ REFRESH_TOKEN_REUSE_GRACE: '0' });
    t = f.t;
    client = f.client;
    h = helpers(t, f.client, f.user);
  });
  afterAll(() => t.close());

  it('treats an immediate second use as reuse and revokes the family', async () => {
    const first = await h.login();
    const next = await h.refresh(first.refresh_token!);
    await expectOAuthError(await refreshRequest(t, client, first.refresh_token!), { status: 400, error: 'invalid_grant' });
    expect(await h.isActive(next)).toBe(false);
  });

  it('lets exactly one of 8 concurrent refreshes of the same token succeed', async () => {
    const tokens = await h.login();
    const responses = await Promise.all(Array.from({ length: 8 }, () => refreshRequest(t, client, tokens.refresh_token!)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(7);
    for (const response of responses.filter((candidate) => candidate.status === 400)) {
      expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
    }
  });
});
