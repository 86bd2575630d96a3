import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, passwordToken } from '../helpers/tokens.js';
import { type Callers, createCallers, PASSWORD, PORTAL_PERMISSIONS } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const LIST = '{ myAuthorizations { clientId scopes client { id name description firstParty } } }';

/** The apps a user authorized on the consent screen, and withdrawing that authorization. */
describe('myAuthorizations and revokeAuthorization', () => {
  let t: TestApp;
  let callers: Callers;
  let patFirstParty: string;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    const backOffice = await createTestClient(t, { grantTypes: ['password'], firstParty: true, allowedScopes: ['*'] });
    patFirstParty = (
      await passwordToken(t, { client: backOffice, username: callers.portal.email, password: PASSWORD, scope: '*' })
    ).access_token;
  });
  afterAll(() => t.close());

  it('lists the portal app with the scopes the user allowed', async () => {
    const expected = [
      {
        clientId: callers.portal.client.id,
        scopes: [...PORTAL_PERMISSIONS].sort(),
        client: {
          id: callers.portal.client.id,
          name: 'Acme Customer Portal',
          description: 'See your orders and invoices from Acme.',
          firstParty: false,
        },
      },
    ];
    expect(dataOf(await gql(t, callers.portal.token, LIST)).myAuthorizations).toEqual(expected);
    expect(dataOf(await gql(t, patFirstParty, LIST)).myAuthorizations).toEqual(expected);
    // First-party password logins ask no consent.
    expect(dataOf(await gql(t, callers.admin.token, LIST)).myAuthorizations).toEqual([]);
  });

  it('another client’s settings stay hidden in the list (partial result)', async () => {
    const response = await gql(t, patFirstParty, '{ myAuthorizations { client { name allowedScopes } } }');
    expect(response.data).toEqual({ myAuthorizations: [{ client: { name: 'Acme Customer Portal', allowedScopes: null } }] });
    expect(errorCodes(response)).toEqual([{ code: 'FORBIDDEN', path: 'myAuthorizations.0.client.allowedScopes' }]);
  });

  it('is for user tokens only', async () => {
    const response = await gql(t, callers.integration.token, LIST);
    expect(response.data).toEqual({ myAuthorizations: null });
    expect(errorCodes(response)).toEqual([{ code: 'FORBIDDEN', path: 'myAuthorizations' }]);
  });

  it('revoking forgets the consent and refuses the app’s tokens at once', async () => {
    const REVOKE = `mutation { revokeAuthorization(clientId: "${callers.portal.client.id}") { clientId revokedTokens } }`;
    expect(dataOf(await gql(t, patFirstParty, REVOKE))).toEqual({
      revokeAuthorization: { clientId: callers.portal.client.id, revokedTokens: 1 },
    });
    const refused = await gql(t, callers.portal.token, '{ viewer { type } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'revoked' });
    expect(dataOf(await gql(t, patFirstParty, LIST)).myAuthorizations).toEqual([]);
    expect(errorCodes(await gql(t, patFirstParty, REVOKE))).toEqual([{ code: 'NOT_FOUND', path: 'revokeAuthorization' }]);
    // The first-party token that did it still works.
    expect(dataOf(await gql(t, patFirstParty, '{ viewer { type } }'))).toEqual({ viewer: { type: 'USER' } });
  });
});
