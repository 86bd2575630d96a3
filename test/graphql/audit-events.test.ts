import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const EVENTS = `query ($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount edges { node { action actorType actorId targetType targetId ip details createdAt } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Mutations write security events; auditEvents lists them (manage_system). */
describe('auditEvents', () => {
  let t: TestApp;
  let callers: Callers;
  let clientId: string;
  let secrets: string[];
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    const created = dataOf(
      await gql(
        t,
        callers.admin.token,
        'mutation { createAppClient(input: { name: "Audited", grantTypes: [CLIENT_CREDENTIALS] }) { clientSecret appClient { id } } }',
      ),
    ).createAppClient;
    clientId = created.appClient.id;
    const rotated = dataOf(
      await gql(t, callers.admin.token, `mutation { rotateAppClientSecret(id: "${clientId}") { clientSecret } }`),
    );
    secrets = [created.clientSecret, rotated.rotateAppClientSecret.clientSecret];
    await gql(t, callers.admin.token, `mutation { deleteAppClient(id: "${clientId}") { id } }`);
    await gql(t, callers.admin.token, `mutation { restoreAppClient(id: "${clientId}") { id } }`);
  });
  afterAll(() => t.close());

  const events = async (variables: Record<string, unknown>) =>
    dataOf(await gql(t, callers.admin.token, EVENTS, variables)).auditEvents;

  it('records each client change with its actor, target and address, newest first', async () => {
    const page = await events({ filter: { targetId: clientId } });
    const actor = {
      actorType: 'user',
      actorId: callers.admin.user.id,
      targetType: 'client',
      targetId: clientId,
      ip: '127.0.0.1',
    };
    expect(page.edges.map((edge: { node: object }) => edge.node)).toEqual([
      { action: 'client.restored', ...actor, details: {}, createdAt: expect.any(String) },
      { action: 'client.deleted', ...actor, details: { revokedTokens: 0 }, createdAt: expect.any(String) },
      { action: 'client.secret_rotated', ...actor, details: {}, createdAt: expect.any(String) },
      {
        action: 'client.created',
        ...actor,
        details: { name: 'Audited', grantTypes: ['client_credentials'] },
        createdAt: expect.any(String),
      },
    ]);
    expect(page.totalCount).toBe(4);
  });

  it('never holds a secret or a token', async () => {
    const all = JSON.stringify(await events({ first: 100 }));
    for (const secret of secrets) expect(all).not.toContain(secret);
    for (const token of [callers.admin.token, callers.integration.token, callers.portal.token]) expect(all).not.toContain(token);
  });

  it('filters by action and pages through', async () => {
    const issued = await events({ filter: { action: 'token.issued' }, first: 2 });
    expect(issued.totalCount).toBe(3);
    expect(issued.edges).toHaveLength(2);
    expect(issued.pageInfo.hasNextPage).toBe(true);
    const rest = await events({ filter: { action: 'token.issued' }, first: 2, after: issued.pageInfo.endCursor });
    expect(rest.edges).toHaveLength(1);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const future = await events({ filter: { since: '2999-01-01T00:00:00Z' } });
    expect(future).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('filters by client: what it did, what was done to it, and the tokens issued for it', async () => {
    const basic = `Basic ${Buffer.from(`${clientId}:${secrets[1]}`).toString('base64')}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: basic };
    const issued = await fetch(`${t.url}/oauth/token`, { method: 'POST', headers: form, body: 'grant_type=client_credentials' });
    expect(issued.status).toBe(200);
    const { access_token } = (await issued.json()) as { access_token: string };
    const revoked = await fetch(`${t.url}/oauth/revoke`, { method: 'POST', headers: form, body: `token=${access_token}` });
    expect(revoked.status).toBe(200);
    const own = await events({ filter: { clientId } });
    expect(own.edges.map((edge: { node: { action: string } }) => edge.node.action)).toEqual([
      'token.revoked',
      'token.issued',
      'client.restored',
      'client.deleted',
      'client.secret_rotated',
      'client.created',
    ]);
    // A user's token names its client in the details only; the filter finds it there too.
    const portal = await events({ filter: { clientId: callers.portal.client.id, action: 'token.issued' } });
    expect(portal.totalCount).toBe(1);
    expect(portal.edges[0].node).toMatchObject({ actorType: 'user', details: { clientId: callers.portal.client.id } });
    expect((await events({ filter: { clientId: '00000000-0000-4000-8000-000000000000' } })).totalCount).toBe(0);
  });

  it('records business mutations too', async () => {
    const { createCustomer } = dataOf(
      await gql(t, callers.admin.token, 'mutation { createCustomer(input: { name: "Audit Co", email: "a@co.test" }) { id } }'),
    );
    const page = await events({ filter: { targetId: createCustomer.id } });
    expect(
      page.edges.map((edge: { node: { action: string; details: object } }) => [edge.node.action, edge.node.details]),
    ).toEqual([['customer.created', { fields: ['name', 'email'] }]]);
  });

  it('is for manage_system only', async () => {
    for (const token of [callers.integration.token, callers.portal.token]) {
      expect(errorCodes(await gql(t, token, '{ auditEvents { totalCount } }'))).toEqual([
        { code: 'FORBIDDEN', path: 'auditEvents' },
      ]);
    }
  });
});
