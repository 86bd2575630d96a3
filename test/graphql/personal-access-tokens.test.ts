import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAL_ACCESS_CLIENT } from '../../src/cli/commands/install.js';
import { createClient } from '../../src/modules/client/client.service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, passwordToken } from '../helpers/tokens.js';
import { type Callers, createCallers, PASSWORD } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const CREATE = `mutation ($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) { token personalAccessToken { id name scopes revoked createdAt expiresAt } }
}`;

/** Personal access tokens: issued by the personal access client, shown once, listed and revoked by their user. */
describe('personal access tokens', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
  });
  afterAll(() => t.close());

  it('needs the personal access client that `install` creates', async () => {
    const response = await gql(t, callers.admin.token, CREATE, { input: { name: 'CI', scopes: ['orders.view'] } });
    expect(response.data).toEqual({ createPersonalAccessToken: null });
    expect(errorCodes(response)).toEqual([{ code: 'FAILED_PRECONDITION', path: 'createPersonalAccessToken' }]);
    expect(response.errors?.[0].message).toMatch(/cli -- install/);
    await createClient(t.orm.em.fork(), PERSONAL_ACCESS_CLIENT);
  });

  it('issues a token with the asked scopes, shown once, that works as a Bearer token', async () => {
    const created = dataOf(
      await gql(t, callers.admin.token, CREATE, {
        input: { name: 'CI', scopes: ['orders.view', 'customers.view'], expiresInDays: 30 },
      }),
    ).createPersonalAccessToken;
    expect(created.token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(created.personalAccessToken).toMatchObject({ name: 'CI', scopes: ['orders.view', 'customers.view'], revoked: false });
    const lifetime = Date.parse(created.personalAccessToken.expiresAt) - Date.parse(created.personalAccessToken.createdAt);
    expect(Math.round(lifetime / 86_400_000)).toBe(30);

    const viewer = dataOf(
      await gql(t, created.token, '{ viewer { type scopes permissions user { email } client { name firstParty } } }'),
    ).viewer;
    expect(viewer).toEqual({
      type: 'USER',
      scopes: ['orders.view', 'customers.view'],
      permissions: ['customers.view', 'orders.view'],
      user: { email: 'admin@example.test' },
      client: { name: 'Personal access client', firstParty: true },
    });

    const listed = dataOf(
      await gql(t, callers.admin.token, '{ myPersonalAccessTokens { id name scopes } }'),
    ).myPersonalAccessTokens;
    expect(listed).toEqual([{ id: created.personalAccessToken.id, name: 'CI', scopes: ['orders.view', 'customers.view'] }]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const revoked = dataOf(
      await gql(
        t,
        callers.admin.token,
        `mutation { revokePersonalAccessToken(id: "${created.personalAccessToken.id}") { name revoked } }`,
      ),
    );
    expect(revoked.revokePersonalAccessToken).toEqual({ name: 'CI', revoked: true });
    expect((await gql(t, created.token, '{ viewer { type } }')).status).toBe(401);
    expect(dataOf(await gql(t, callers.admin.token, '{ myPersonalAccessTokens { id } }')).myPersonalAccessTokens).toEqual([]);
  });

  it('never grants more than the calling token holds', async () => {
    const narrow = dataOf(await gql(t, callers.admin.token, CREATE, { input: { name: 'narrow', scopes: ['orders.view'] } }))
      .createPersonalAccessToken.token;
    const widen = await gql(t, narrow, CREATE, { input: { name: 'wider', scopes: ['users.delete'] } });
    expect(errorCodes(widen)).toEqual([{ code: 'FORBIDDEN', path: 'createPersonalAccessToken' }]);
    const star = await gql(t, narrow, CREATE, { input: { name: 'star', scopes: ['*'] } });
    expect(errorCodes(star)).toEqual([{ code: 'FORBIDDEN', path: 'createPersonalAccessToken' }]);
    const same = await gql(t, narrow, CREATE, { input: { name: 'same', scopes: ['orders.view'] } });
    expect(dataOf(same).createPersonalAccessToken.personalAccessToken.scopes).toEqual(['orders.view']);
    const all = await gql(t, callers.admin.token, CREATE, { input: { name: 'everything', scopes: ['*'] } });
    expect(dataOf(all).createPersonalAccessToken.personalAccessToken.scopes).toEqual(['*']);
  });

  it('refuses third-party and client tokens, and bad input naming the field', async () => {
    const portal = await gql(t, callers.portal.token, CREATE, { input: { name: 'x', scopes: ['orders.view.own'] } });
    expect(errorCodes(portal)).toEqual([{ code: 'FORBIDDEN', path: 'createPersonalAccessToken' }]);
    expect(portal.errors?.[0].message).toMatch(/first-party/);
    const integration = await gql(t, callers.integration.token, CREATE, { input: { name: 'x', scopes: ['orders.view'] } });
    expect(errorCodes(integration)).toEqual([{ code: 'FORBIDDEN', path: 'createPersonalAccessToken' }]);
    expect(errorCodes(await gql(t, callers.integration.token, '{ myPersonalAccessTokens { id } }'))).toEqual([
      { code: 'FORBIDDEN', path: 'myPersonalAccessTokens' },
    ]);
    for (const [input, field] of [
      [{ name: '', scopes: ['orders.view'] }, 'input.name'],
      [{ name: 'x', scopes: [] }, 'input.scopes'],
      [{ name: 'x', scopes: ['orders.view'], expiresInDays: 0 }, 'input.expiresInDays'],
    ] as const) {
      const response = await gql(t, callers.admin.token, CREATE, { input });
      expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    }
  });

  it('a user revokes only its own tokens', async () => {
    const own = dataOf(
      await gql(t, callers.admin.token, CREATE, { input: { name: 'mine', scopes: ['orders.view'] } }),
    ).createPersonalAccessToken;
    const backOffice = await createTestClient(t, { grantTypes: ['password'], firstParty: true, allowedScopes: ['*'] });
    const patsToken = (
      await passwordToken(t, { client: backOffice, username: callers.portal.email, password: PASSWORD, scope: '*' })
    ).access_token;
    const attempt = await gql(t, patsToken, `mutation { revokePersonalAccessToken(id: "${own.personalAccessToken.id}") { id } }`);
    expect(errorCodes(attempt)).toEqual([{ code: 'NOT_FOUND', path: 'revokePersonalAccessToken' }]);
    expect(dataOf(await gql(t, own.token, '{ viewer { type } }'))).toEqual({ viewer: { type: 'USER' } });
  });
});
