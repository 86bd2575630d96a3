import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/lib/secrets.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import {
  createTestClient,
  createTestUser,
  passwordToken,
  refreshRequest,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';

/**
 * Refresh-token rotation under attack (RFC 9700 §4.14.2), with the retry grace off
 * (`REFRESH_TOKEN_REUSE_GRACE=0`, the strict setting): a stolen token raced against its
 * owner must leave the family dead, the winner's new token included; and a refused
 * refresh must not burn the owner's token. The grace itself: test/oauth/refresh-grace.test.ts.
 */
describe('refresh-token reuse detection (no retry grace)', () => {
  let t: TestApp;
  let client: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ REFRESH_TOKEN_REUSE_GRACE: '0' });
    client = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    user = await createTestUser(t, { permissions: ['orders.view'] });
  });
  afterAll(() => t.close());

  const liveInFamilyOf = async (token: string) => {
    const [row]: { n: string | number }[] = await t.orm.em.getConnection().execute(
      `select count(*) as n from refresh_token
          where not used and not revoked and family = (select family from refresh_token where token_hash = ?)`,
      [sha256(token)],
    );
    return Number(row.n);
  };

  it('a token refreshed twice at once: one wins, and the loser’s reuse revokes the winner’s new tokens too', async () => {
    for (let round = 0; round < 5; round++) {
      const tokens = await passwordToken(t, { client, username: user.email, password: user.password });
      const [first, second] = await Promise.all([
        refreshRequest(t, client, tokens.refresh_token!),
        refreshRequest(t, client, tokens.refresh_token!),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 400]);
      const winner = (await (first.status === 200 ? first : second).json()) as { refresh_token: string; access_token: string };
      expect(await liveInFamilyOf(tokens.refresh_token!)).toBe(0);
      await expectOAuthError(await refreshRequest(t, client, winner.refresh_token), { status: 400, error: 'invalid_grant' });
      const viewer = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${winner.access_token}` },
        body: JSON.stringify({ query: '{ viewer { type } }' }),
      });
      expect(viewer.status).toBe(401);
    }
  });

  it('a refresh refused for a wider scope leaves the token usable', async () => {
    const tokens = await passwordToken(t, { client, username: user.email, password: user.password, scope: 'orders.view' });
    await expectOAuthError(await refreshRequest(t, client, tokens.refresh_token!, 'orders.view users.delete'), {
      status: 400,
      error: 'invalid_scope',
    });
    expect(await liveInFamilyOf(tokens.refresh_token!)).toBe(1);
    expect((await refreshRequest(t, client, tokens.refresh_token!)).status).toBe(200);
  });
});
