import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { basicAuth, clientCredentialsToken, tokenRequest } from '../helpers/tokens.js';
import { type Callers, createCallers, PORTAL_PERMISSIONS } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const CLIENT_FIELDS = `id name description grantTypes redirectUris confidential firstParty allowedScopes
  roles { name } permissions { name } createdAt updatedAt lastUsedAt deletedAt`;
const CREATE = `mutation ($input: CreateAppClientInput!) { createAppClient(input: $input) { clientSecret appClient { ${CLIENT_FIELDS} } } }`;

/** App client administration (manage_system) and its immediate effect on tokens. */
describe('app clients', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
  });
  afterAll(() => t.close());

  const create = async (input: object) => gql(t, callers.admin.token, CREATE, { input });
  const ccStatus = async (id: string, secret: string) =>
    (await tokenRequest(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(id, secret) })).status;

  it('creates a confidential client whose secret is shown once and works at the token endpoint', async () => {
    const response = await create({
      name: 'ERP connector',
      description: 'Nightly order import',
      grantTypes: ['CLIENT_CREDENTIALS'],
      permissions: ['orders.view', 'orders.create'],
    });
    const { clientSecret, appClient } = dataOf(response).createAppClient;
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(appClient).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'ERP connector',
      description: 'Nightly order import',
      grantTypes: ['CLIENT_CREDENTIALS'],
      redirectUris: [],
      confidential: true,
      firstParty: false,
      allowedScopes: [],
      roles: [],
      permissions: [{ name: 'orders.create' }, { name: 'orders.view' }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      lastUsedAt: null,
      deletedAt: null,
    });
    const token = await clientCredentialsToken(t, appClient.id, clientSecret);
    expect(token.scope.split(' ').sort()).toEqual(['orders.create', 'orders.view']);
    // Never retrievable again: no field of the schema holds it.
    const again = await gql(t, callers.admin.token, `{ appClient(id: "${appClient.id}") { ${CLIENT_FIELDS} } }`);
    expect(JSON.stringify(again)).not.toContain(clientSecret);
  });

  it('creates a public authorization-code client without a secret', async () => {
    const data = dataOf(
      await create({
        name: 'Mobile app',
        grantTypes: ['AUTHORIZATION_CODE'],
        // A native app: its private-use scheme and loopback redirects (RFC 8252 §7.1, §7.3).
        redirectUris: ['com.example.app:/callback', 'http://127.0.0.1:8400/callback', 'http://[::1]/cb', 'http://localhost/cb'],
        confidential: false,
        allowedScopes: ['orders.view.own'],
      }),
    );
    expect(data.createAppClient.clientSecret).toBeNull();
    expect(data.createAppClient.appClient).toMatchObject({
      confidential: false,
      redirectUris: ['com.example.app:/callback', 'http://127.0.0.1:8400/callback', 'http://[::1]/cb', 'http://localhost/cb'],
      allowedScopes: ['orders.view.own'],
    });
  });

  it('refuses invalid clients naming the field', async () => {
    const cases: [object, string][] = [
      [{ name: '', grantTypes: ['CLIENT_CREDENTIALS'] }, 'input.name'],
      [{ name: 'A', grantTypes: [] }, 'input.grantTypes'],
      [{ name: 'A', grantTypes: ['AUTHORIZATION_CODE'] }, 'input.redirectUris'],
      [{ name: 'A', grantTypes: ['AUTHORIZATION_CODE'], redirectUris: ['https://x.test/cb#frag'] }, 'input.redirectUris.0'],
      [
        { name: 'A', grantTypes: ['AUTHORIZATION_CODE'], redirectUris: ['https://x.test/cb', 'http://x.test/cb'] },
        'input.redirectUris.1',
      ],
      [
        { name: 'A', grantTypes: ['AUTHORIZATION_CODE'], redirectUris: ['http://localhost.evil.test/cb'] },
        'input.redirectUris.0',
      ],
      [
        { name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], postLogoutRedirectUris: ['http://x.test/bye'] },
        'input.postLogoutRedirectUris.0',
      ],
      [
        { name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], postLogoutRedirectUris: ['javascript:alert(1)'] },
        'input.postLogoutRedirectUris.0',
      ],
      [
        { name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], postLogoutRedirectUris: ['https://x.test/bye#f'] },
        'input.postLogoutRedirectUris.0',
      ],
      [{ name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], confidential: false }, 'input.grantTypes'],
      [{ name: 'A', grantTypes: ['PASSWORD'], allowedScopes: ['no.such.permission'] }, 'input.allowedScopes'],
      [{ name: 'A', grantTypes: ['PASSWORD'], allowedScopes: ['*'] }, 'input.allowedScopes'],
      [{ name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], roles: ['no-such-role'] }, 'input.roles'],
      [{ name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], permissions: ['nope'] }, 'input.permissions'],
      ...[
        'https://portal.example.test/',
        'https://portal.example.test/app',
        'https://Portal.example.test',
        'https://portal.example.test:443',
        'http://portal.example.test',
        'portal.example.test',
        '*',
        'null',
        'ftp://portal.example.test',
      ].map((origin): [object, string] => [
        { name: 'A', grantTypes: ['CLIENT_CREDENTIALS'], webOrigins: ['https://ok.example.test', origin] },
        'input.webOrigins.1',
      ]),
    ];
    for (const [input, field] of cases) {
      const response = await create(input);
      expect(response.data, JSON.stringify(input)).toEqual({ createAppClient: null });
      expect(
        response.errors?.map((error) => error.extensions),
        JSON.stringify(input),
      ).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    }
  });

  it('registers and changes post-logout redirect URIs', async () => {
    const created = dataOf(
      await create({
        name: 'Logout portal',
        grantTypes: ['AUTHORIZATION_CODE'],
        redirectUris: ['https://portal.example.test/cb'],
        postLogoutRedirectUris: ['https://portal.example.test/signed-out', 'http://127.0.0.1:8400/bye'],
      }),
    ).createAppClient.appClient;
    const read = `query ($id: ID!) { appClient(id: $id) { postLogoutRedirectUris } }`;
    expect(dataOf(await gql(t, callers.admin.token, read, { id: created.id })).appClient).toEqual({
      postLogoutRedirectUris: ['https://portal.example.test/signed-out', 'http://127.0.0.1:8400/bye'],
    });
    const update = `mutation ($id: ID!, $input: UpdateAppClientInput!) { updateAppClient(id: $id, input: $input) { postLogoutRedirectUris redirectUris } }`;
    expect(
      dataOf(
        await gql(t, callers.admin.token, update, {
          id: created.id,
          input: { postLogoutRedirectUris: ['https://portal.example.test/bye'] },
        }),
      ).updateAppClient,
    ).toEqual({ postLogoutRedirectUris: ['https://portal.example.test/bye'], redirectUris: ['https://portal.example.test/cb'] });
  });

  it('is for manage_system only: integrations and portal users are FORBIDDEN', async () => {
    for (const token of [callers.integration.token, callers.portal.token]) {
      const list = await gql(t, token, '{ appClients { totalCount } }');
      expect(list.data).toEqual({ appClients: null });
      expect(errorCodes(list)).toEqual([{ code: 'FORBIDDEN', path: 'appClients' }]);
      const mutation = await gql(
        t,
        token,
        'mutation { createAppClient(input: { name: "x", grantTypes: [PASSWORD] }) { clientSecret } }',
      );
      expect(errorCodes(mutation)).toEqual([{ code: 'FORBIDDEN', path: 'createAppClient' }]);
    }
  });

  it('lists clients with their tokens (metadata only)', async () => {
    const query = `{ appClients(first: 20) { totalCount edges { node { id name
      tokens(first: 10) { totalCount edges { node { grantType scopes revoked userId user { email } } } } } } } }`;
    const data = dataOf(await gql(t, callers.admin.token, query));
    const byName = Object.fromEntries(
      data.appClients.edges.map((edge: { node: { name: string } }) => [edge.node.name, edge.node]),
    );
    expect(byName['Warehouse sync'].tokens).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            grantType: 'client_credentials',
            scopes: ['customers.view', 'orders.create', 'orders.view'],
            revoked: false,
            userId: null,
            user: null,
          },
        },
      ],
    });
    expect(byName['Admin console'].tokens.edges).toEqual([
      {
        node: {
          grantType: 'password',
          scopes: ['*'],
          revoked: false,
          userId: callers.admin.user.id,
          user: { email: 'admin@example.test' },
        },
      },
    ]);
    expect(data.appClients.totalCount).toBe(data.appClients.edges.length);
  });

  it('updates a client; a narrower allowed scope applies to the next request of existing user tokens', async () => {
    const UPDATE =
      'mutation ($id: ID!, $input: UpdateAppClientInput!) { updateAppClient(id: $id, input: $input) { name allowedScopes } }';
    const narrower = PORTAL_PERMISSIONS.filter((scope) => scope !== 'orders.view.own');
    const updated = await gql(t, callers.admin.token, UPDATE, {
      id: callers.portal.client.id,
      input: { name: 'Acme Portal', allowedScopes: narrower },
    });
    expect(dataOf(updated).updateAppClient).toEqual({ name: 'Acme Portal', allowedScopes: narrower });
    const viewer = dataOf(await gql(t, callers.portal.token, '{ viewer { permissions } }'));
    expect(viewer.viewer.permissions).toEqual([...narrower].sort());
    const bad = await gql(t, callers.admin.token, UPDATE, {
      id: callers.portal.client.id,
      input: { grantTypes: ['CLIENT_CREDENTIALS'] },
    });
    expect(bad.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.grantTypes' }]);
    const missing = await gql(t, callers.admin.token, UPDATE, {
      id: '00000000-0000-4000-8000-000000000000',
      input: { name: 'x' },
    });
    expect(errorCodes(missing)).toEqual([{ code: 'NOT_FOUND', path: 'updateAppClient' }]);
  });

  it('rotates a secret: the old one stops working at once, the new one works', async () => {
    const { appClient, clientSecret } = dataOf(
      await create({ name: 'Rotating', grantTypes: ['CLIENT_CREDENTIALS'], permissions: ['orders.view'] }),
    ).createAppClient;
    expect(await ccStatus(appClient.id, clientSecret)).toBe(200);
    const rotated = dataOf(
      await gql(
        t,
        callers.admin.token,
        `mutation { rotateAppClientSecret(id: "${appClient.id}") { clientSecret appClient { id } } }`,
      ),
    );
    const fresh = rotated.rotateAppClientSecret.clientSecret;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(clientSecret);
    expect(await ccStatus(appClient.id, clientSecret)).toBe(401);
    expect(await ccStatus(appClient.id, fresh)).toBe(200);

    const { appClient: publicClient } = dataOf(
      await create({ name: 'P', grantTypes: ['AUTHORIZATION_CODE'], redirectUris: ['https://p.test/cb'], confidential: false }),
    ).createAppClient;
    const refused = await gql(
      t,
      callers.admin.token,
      `mutation { rotateAppClientSecret(id: "${publicClient.id}") { clientSecret } }`,
    );
    expect(refused.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'id' }]);
  });

  it('deleting refuses the client’s tokens at once; restoring does not revive them', async () => {
    const { appClient, clientSecret } = dataOf(
      await create({ name: 'Doomed', grantTypes: ['CLIENT_CREDENTIALS'], permissions: ['orders.view'] }),
    ).createAppClient;
    const old = (await clientCredentialsToken(t, appClient.id, clientSecret)).access_token;
    expect(dataOf(await gql(t, old, '{ viewer { type } }'))).toEqual({ viewer: { type: 'CLIENT' } });

    const deleted = dataOf(
      await gql(t, callers.admin.token, `mutation { deleteAppClient(id: "${appClient.id}") { name deletedAt } }`),
    );
    expect(deleted.deleteAppClient).toEqual({ name: 'Doomed', deletedAt: expect.any(String) });
    const refused = await gql(t, old, '{ viewer { type } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'revoked' });
    expect(await ccStatus(appClient.id, clientSecret)).toBe(401);

    const lists = dataOf(
      await gql(
        t,
        callers.admin.token,
        `{ live: appClients(first: 100) { edges { node { id } } }
        all: appClients(first: 100, includeDeleted: true) { edges { node { id deletedAt } } }
        one: appClient(id: "${appClient.id}") { deletedAt tokens(includeInactive: true) { edges { node { revoked } } } } }`,
      ),
    );
    expect(lists.live.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(appClient.id);
    expect(lists.all.edges).toContainEqual({ node: { id: appClient.id, deletedAt: deleted.deleteAppClient.deletedAt } });
    expect(lists.one).toEqual({ deletedAt: deleted.deleteAppClient.deletedAt, tokens: { edges: [{ node: { revoked: true } }] } });

    const again = await gql(t, callers.admin.token, `mutation { deleteAppClient(id: "${appClient.id}") { id } }`);
    expect(errorCodes(again)).toEqual([{ code: 'NOT_FOUND', path: 'deleteAppClient' }]);

    const restored = dataOf(
      await gql(t, callers.admin.token, `mutation { restoreAppClient(id: "${appClient.id}") { name deletedAt } }`),
    );
    expect(restored.restoreAppClient).toEqual({ name: 'Doomed', deletedAt: null });
    expect((await gql(t, old, '{ viewer { type } }')).status).toBe(401);
    const fresh = (await clientCredentialsToken(t, appClient.id, clientSecret)).access_token;
    expect(dataOf(await gql(t, fresh, '{ viewer { type } }'))).toEqual({ viewer: { type: 'CLIENT' } });

    const notDeleted = await gql(t, callers.admin.token, `mutation { restoreAppClient(id: "${appClient.id}") { id } }`);
    expect(notDeleted.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'id' }]);
  });
});
