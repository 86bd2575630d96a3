import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientCredentialsToken } from '../helpers/tokens.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const CREATE = `mutation ($input: CreateAppClientInput!) { createAppClient(input: $input) { clientSecret appClient { id } } }`;
const TOKENS = `query ($id: ID!) { appClient(id: $id) { tokens { totalCount edges { node { id grantType } } } } }`;
const REVOKE = `mutation ($id: ID!, $tokenId: ID) { revokeAppClientTokens(id: $id, tokenId: $tokenId) }`;
const VIEWER = '{ viewer { type } }';

/** The console's Tokens tab: an admin lists a client's live tokens and revokes one or all, effective at once. */
describe('revoking an app client’s tokens', () => {
  let t: TestApp;
  let callers: Callers;
  let client: { id: string; secret: string };
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    const created = dataOf(
      await gql(t, callers.admin.token, CREATE, { input: { name: 'Sync job', grantTypes: ['CLIENT_CREDENTIALS'] } }),
    ).createAppClient;
    client = { id: created.appClient.id, secret: created.clientSecret };
  });
  afterAll(() => t.close());

  const issue = async () => (await clientCredentialsToken(t, client.id, client.secret)).access_token;
  const works = async (token: string) => (await gql(t, token, VIEWER)).status;
  const liveIds = async () =>
    dataOf(await gql(t, callers.admin.token, TOKENS, { id: client.id })).appClient.tokens.edges.map(
      (edge: { node: { id: string } }) => edge.node.id,
    );

  it('revokes one token by its id: that one is refused at once, the others still work', async () => {
    const first = await issue();
    const second = await issue();
    const ids = await liveIds();
    expect(ids).toHaveLength(2);
    const [newest] = ids;
    expect(dataOf(await gql(t, callers.admin.token, REVOKE, { id: client.id, tokenId: newest })).revokeAppClientTokens).toBe(1);
    expect(await liveIds()).toEqual(ids.slice(1));
    const statuses = [await works(first), await works(second)].sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('revokes every token of the client without a tokenId', async () => {
    const a = await issue();
    const b = await issue();
    const before = (await liveIds()).length;
    expect(dataOf(await gql(t, callers.admin.token, REVOKE, { id: client.id })).revokeAppClientTokens).toBe(before);
    expect(await liveIds()).toEqual([]);
    expect(await works(a)).toBe(401);
    expect(await works(b)).toBe(401);
    // The client itself is untouched: a new token works.
    expect(await works(await issue())).toBe(200);
  });

  it('refuses a token of another client as NOT_FOUND, and callers without manage_system', async () => {
    const integration = callers.integration.client.id;
    const [foreign] = dataOf(await gql(t, callers.admin.token, TOKENS, { id: integration })).appClient.tokens.edges;
    const otherToken = await gql(t, callers.admin.token, REVOKE, { id: client.id, tokenId: foreign.node.id });
    expect(errorCodes(otherToken)).toEqual([{ code: 'NOT_FOUND', path: 'revokeAppClientTokens' }]);
    expect(await works(callers.integration.token)).toBe(200);
    const denied = await gql(t, callers.integration.token, REVOKE, { id: client.id });
    expect(errorCodes(denied)).toEqual([{ code: 'FORBIDDEN', path: 'revokeAppClientTokens' }]);
    expect(denied.data).toEqual({ revokeAppClientTokens: null });
  });

  it('refuses an empty or malformed tokenId as BAD_USER_INPUT and revokes nothing (never "all")', async () => {
    const token = await issue();
    for (const tokenId of ['', ' ', 'not-a-uuid']) {
      const response = await gql(t, callers.admin.token, REVOKE, { id: client.id, tokenId });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tokenId' });
    }
    expect(await works(token)).toBe(200);
  });

  it('writes an audit event naming the client', async () => {
    const events = dataOf(
      await gql(
        t,
        callers.admin.token,
        '{ auditEvents(filter: { action: "client.tokens_revoked" }) { edges { node { targetId details } } } }',
      ),
    ).auditEvents.edges;
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0].node.targetId).toBe(client.id);
  });
});
