import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, passwordToken, type TestClient, tokenRequest } from '../helpers/tokens.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

const CREATE = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id email phone disabled roles { name } } }';
const UPDATE = 'mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { email phone disabled } }';

/** User administration (users.*), `me`, and the immediate effect of disabling or deleting a user. */
describe('users', () => {
  let t: TestApp;
  let callers: Callers;
  let firstParty: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    firstParty = await createTestClient(t, { grantTypes: ['password'], firstParty: true, allowedScopes: ['*'] });
  });
  afterAll(() => t.close());

  const login = async (username: string, password: string) =>
    (await passwordToken(t, { client: firstParty, username, password, scope: '*' })).access_token;

  it('creates a user who can then log in', async () => {
    const created = dataOf(
      await gql(t, callers.admin.token, CREATE, {
        input: { email: 'New.Hire@Example.test', phone: '+46701234567', password: 'long enough secret' },
      }),
    ).createUser;
    expect(created).toEqual({
      id: expect.any(String),
      email: 'new.hire@example.test',
      phone: '+46701234567',
      disabled: false,
      roles: [],
    });
    const token = await login('new.hire@example.test', 'long enough secret');
    expect(dataOf(await gql(t, token, '{ me { id email } }'))).toEqual({
      me: { id: created.id, email: 'new.hire@example.test' },
    });
  });

  it('keeps a name and admin-set verification flags; a changed email or phone is unverified again', async () => {
    const fields = 'id name email emailVerified phone phoneVerified';
    const created = dataOf(
      await gql(t, callers.admin.token, `mutation ($input: CreateUserInput!) { createUser(input: $input) { ${fields} } }`, {
        input: {
          email: 'ada@example.test',
          phone: '+46709999999',
          password: 'long enough secret',
          name: 'Ada Lovelace',
          emailVerified: true,
          phoneVerified: true,
        },
      }),
    ).createUser;
    expect(created).toMatchObject({ name: 'Ada Lovelace', emailVerified: true, phoneVerified: true });
    const update = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${fields} } }`;
    const changed = async (input: object) =>
      dataOf(await gql(t, callers.admin.token, update, { id: created.id, input })).updateUser;
    expect(await changed({ email: 'ada.l@example.test' })).toMatchObject({
      email: 'ada.l@example.test',
      emailVerified: false,
      phoneVerified: true,
    });
    expect(await changed({ email: 'ada.k@example.test', emailVerified: true })).toMatchObject({ emailVerified: true });
    expect(await changed({ phone: '+46708888888' })).toMatchObject({ phone: '+46708888888', phoneVerified: false });
    expect(await changed({ name: null })).toMatchObject({ name: null });
    const noPhone = await gql(t, callers.admin.token, update, { id: created.id, input: { phone: null, phoneVerified: true } });
    expect(noPhone.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.phoneVerified' }]);
    dataOf(await gql(t, callers.admin.token, 'mutation ($id: ID!) { deleteUser(id: $id) { id } }', { id: created.id }));
  });

  it('refuses bad or duplicate input naming the field', async () => {
    const cases: [object, string][] = [
      [{ email: 'not-an-email', password: 'long enough secret' }, 'input.email'],
      [{ email: 'a@example.test', password: 'short' }, 'input.password'],
      [{ email: 'a@example.test', phone: '0701234567', password: 'long enough secret' }, 'input.phone'],
      [{ email: 'admin@example.test', password: 'long enough secret' }, 'input.email'],
      [{ email: 'b@example.test', phone: '+46701234567', password: 'long enough secret' }, 'input.phone'],
      [{ email: 'c@example.test', password: 'long enough secret', name: '  ' }, 'input.name'],
      [{ email: 'c@example.test', password: 'long enough secret', phoneVerified: true }, 'input.phoneVerified'],
    ];
    for (const [input, field] of cases) {
      const response = await gql(t, callers.admin.token, CREATE, { input });
      expect(
        response.errors?.map((error) => error.extensions),
        JSON.stringify(input),
      ).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    }
  });

  it('lists users with filters and pages (users.view)', async () => {
    const query = 'query ($filter: UserFilter) { users(filter: $filter, first: 10) { totalCount edges { node { email } } } }';
    const all = dataOf(await gql(t, callers.admin.token, query)).users;
    expect(all.edges.map((edge: { node: { email: string } }) => edge.node.email)).toEqual([
      'admin@example.test',
      'pat@example.test',
      'new.hire@example.test',
    ]);
    const some = dataOf(await gql(t, callers.admin.token, query, { filter: { emailContains: 'HIRE' } })).users;
    expect(some).toEqual({ totalCount: 1, edges: [{ node: { email: 'new.hire@example.test' } }] });
    for (const token of [callers.integration.token, callers.portal.token]) {
      expect(errorCodes(await gql(t, token, '{ users { totalCount } }'))).toEqual([{ code: 'FORBIDDEN', path: 'users' }]);
    }
  });

  it('a user reads itself through me and user(id), nobody else', async () => {
    const own = dataOf(await gql(t, callers.portal.token, `{ user: me { email roles { name } permissions { name } } }`));
    expect(own.user.email).toBe('pat@example.test');
    expect(own.user.roles).toEqual([]);
    const other = await gql(t, callers.portal.token, `{ user(id: "${callers.admin.user.id}") { email } }`);
    expect(other.data).toEqual({ user: null });
    expect(errorCodes(other)).toEqual([{ code: 'FORBIDDEN', path: 'user' }]);
    expect(dataOf(await gql(t, callers.admin.token, '{ user(id: "not-a-uuid") { email } }'))).toEqual({ user: null });
  });

  it('disabling a user refuses its existing tokens from the next request; enabling lets them back', async () => {
    const { id } = dataOf(
      await gql(t, callers.admin.token, CREATE, { input: { email: 'temp@example.test', password: 'long enough secret' } }),
    ).createUser;
    const token = await login('temp@example.test', 'long enough secret');
    expect(dataOf(await gql(t, token, '{ viewer { type } }'))).toEqual({ viewer: { type: 'USER' } });

    expect(dataOf(await gql(t, callers.admin.token, UPDATE, { id, input: { disabled: true } })).updateUser).toEqual({
      email: 'temp@example.test',
      phone: null,
      disabled: true,
    });
    const refused = await gql(t, token, '{ viewer { type } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'user_disabled' });

    await gql(t, callers.admin.token, UPDATE, { id, input: { disabled: false, password: 'another long secret' } });
    expect(dataOf(await gql(t, token, '{ viewer { type } }'))).toEqual({ viewer: { type: 'USER' } });
    expect(
      (
        await tokenRequest(t, {
          grant_type: 'password',
          client_id: firstParty.id,
          client_secret: firstParty.secret!,
          username: 'temp@example.test',
          password: 'long enough secret',
        })
      ).status,
    ).toBe(400);
    expect(await login('temp@example.test', 'another long secret')).toMatch(/^ey/);
  });

  it('deleting a user refuses its tokens; users.* is required for each change', async () => {
    const { id } = dataOf(
      await gql(t, callers.admin.token, CREATE, { input: { email: 'leaver@example.test', password: 'long enough secret' } }),
    ).createUser;
    const token = await login('leaver@example.test', 'long enough secret');
    for (const caller of [callers.integration, callers.portal]) {
      expect(errorCodes(await gql(t, caller.token, `mutation { deleteUser(id: "${id}") { id } }`))).toEqual([
        { code: 'FORBIDDEN', path: 'deleteUser' },
      ]);
      expect(errorCodes(await gql(t, caller.token, UPDATE, { id, input: { disabled: true } }))).toEqual([
        { code: 'FORBIDDEN', path: 'updateUser' },
      ]);
    }
    expect(
      dataOf(
        await gql(t, callers.admin.token, `mutation { deleteUser(id: "${id}") { email roles { name } permissions { name } } }`),
      ),
    ).toEqual({
      deleteUser: { email: 'leaver@example.test', roles: [], permissions: [] },
    });
    expect((await gql(t, token, '{ viewer { type } }')).status).toBe(401);
    expect(errorCodes(await gql(t, callers.admin.token, `mutation { deleteUser(id: "${id}") { email } }`))).toEqual([
      { code: 'NOT_FOUND', path: 'deleteUser' },
    ]);
  });
});
