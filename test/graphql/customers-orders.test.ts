import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientCredentialsToken, createTestClient } from '../helpers/tokens.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';
import { type SeededCustomer, seedShop } from './seed.js';

/**
 * Reading customers and orders as the three callers. Row ownership is a query filter:
 * a portal user's lists and counts hold only its rows, and someone else's row is null.
 */
describe('customers and orders', () => {
  let t: TestApp;
  let callers: Callers;
  let quinnId: string;
  let pats: SeededCustomer;
  let quinns: SeededCustomer;
  let walkIn: SeededCustomer;

  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    ({ quinnId, pats, quinns, walkIn } = await seedShop(t, callers.portal.userId));
  });
  afterAll(() => t.close());

  const CUSTOMERS = '{ customers { totalCount edges { node { name ownerId owner { email } } } } }';

  describe('reading', () => {
    it('an admin sees every customer with its owner', async () => {
      const data = dataOf(await gql(t, callers.admin.token, CUSTOMERS));
      expect(data.customers).toEqual({
        totalCount: 3,
        edges: [
          { node: { name: "Pat's Bakery", ownerId: callers.portal.userId, owner: { email: 'pat@example.test' } } },
          { node: { name: 'Quinn Ltd', ownerId: quinnId, owner: { email: 'quinn@example.test' } } },
          { node: { name: 'Walk-in 100% _sale_', ownerId: null, owner: null } },
        ],
      });
    });

    it('an integration without users.view gets every customer and FORBIDDEN on each owner (partial result)', async () => {
      const response = await gql(t, callers.integration.token, CUSTOMERS);
      expect(response.status).toBe(200);
      expect(response.data?.customers).toEqual({
        totalCount: 3,
        edges: [
          { node: { name: "Pat's Bakery", ownerId: callers.portal.userId, owner: null } },
          { node: { name: 'Quinn Ltd', ownerId: quinnId, owner: null } },
          { node: { name: 'Walk-in 100% _sale_', ownerId: null, owner: null } },
        ],
      });
      expect(errorCodes(response)).toEqual([
        { code: 'FORBIDDEN', path: 'customers.edges.0.node.owner' },
        { code: 'FORBIDDEN', path: 'customers.edges.1.node.owner' },
        { code: 'FORBIDDEN', path: 'customers.edges.2.node.owner' },
      ]);
    });

    it('a portal user sees only its own customer, counted alone, and itself as owner', async () => {
      const data = dataOf(await gql(t, callers.portal.token, CUSTOMERS));
      expect(data.customers).toEqual({
        totalCount: 1,
        edges: [{ node: { name: "Pat's Bakery", ownerId: callers.portal.userId, owner: { email: 'pat@example.test' } } }],
      });
    });

    it('someone else’s customer or order is null for a portal user, not an error', async () => {
      const query = `query ($own: ID!, $other: ID!, $otherOrder: ID!, $ownOrder: ID!) {
        own: customer(id: $own) { name }
        other: customer(id: $other) { name }
        otherOrder: order(id: $otherOrder) { reference }
        ownOrder: order(id: $ownOrder) { reference customer { name } }
      }`;
      const variables = { own: pats.id, other: quinns.id, otherOrder: quinns.orders[0].id, ownOrder: pats.orders[1].id };
      expect(dataOf(await gql(t, callers.portal.token, query, variables))).toEqual({
        own: { name: "Pat's Bakery" },
        other: null,
        otherOrder: null,
        ownOrder: { reference: 'P-2', customer: { name: "Pat's Bakery" } },
      });
    });

    it('an id that is not a UUID is simply not found', async () => {
      expect(
        dataOf(await gql(t, callers.admin.token, '{ customer(id: "42") { id } order(id: "x\'; drop table orders; --") { id } }')),
      ).toEqual({
        customer: null,
        order: null,
      });
    });

    it('orders with their customers: all for the integration, own for the portal user', async () => {
      const query = '{ orders { totalCount edges { node { reference status totalCents customer { name } } } } }';
      expect(dataOf(await gql(t, callers.integration.token, query)).orders).toEqual({
        totalCount: 4,
        edges: [
          { node: { reference: 'P-1', status: 'PENDING', totalCents: 1000, customer: { name: "Pat's Bakery" } } },
          { node: { reference: 'P-2', status: 'PAID', totalCents: 2500, customer: { name: "Pat's Bakery" } } },
          { node: { reference: 'Q-1', status: 'PAID', totalCents: 700, customer: { name: 'Quinn Ltd' } } },
          { node: { reference: 'W-1', status: 'PENDING', totalCents: 50, customer: { name: 'Walk-in 100% _sale_' } } },
        ],
      });
      expect(dataOf(await gql(t, callers.portal.token, query)).orders).toEqual({
        totalCount: 2,
        edges: [
          { node: { reference: 'P-1', status: 'PENDING', totalCents: 1000, customer: { name: "Pat's Bakery" } } },
          { node: { reference: 'P-2', status: 'PAID', totalCents: 2500, customer: { name: "Pat's Bakery" } } },
        ],
      });
    });

    it('filters orders by status and customer, within what the caller may see', async () => {
      const query = 'query ($filter: OrderFilter) { orders(filter: $filter) { totalCount edges { node { reference } } } }';
      const references = async (token: string, filter: object) =>
        dataOf(await gql(t, token, query, { filter })).orders.edges.map(
          (edge: { node: { reference: string } }) => edge.node.reference,
        );
      expect(await references(callers.admin.token, { status: 'PAID' })).toEqual(['P-2', 'Q-1']);
      expect(await references(callers.admin.token, { customerId: quinns.id })).toEqual(['Q-1']);
      expect(await references(callers.portal.token, { status: 'PAID' })).toEqual(['P-2']);
      expect(await references(callers.portal.token, { customerId: quinns.id })).toEqual([]);
      expect(await references(callers.admin.token, { customerId: 'not-a-uuid' })).toEqual([]);
    });

    it('filters customers by a name part, taking % and _ literally', async () => {
      const query = 'query ($filter: CustomerFilter) { customers(filter: $filter) { totalCount edges { node { name } } } }';
      const names = async (filter: object) =>
        dataOf(await gql(t, callers.admin.token, query, { filter })).customers.edges.map(
          (edge: { node: { name: string } }) => edge.node.name,
        );
      expect(await names({ nameContains: 'BAK' })).toEqual(["Pat's Bakery"]);
      expect(await names({ nameContains: '100%' })).toEqual(['Walk-in 100% _sale_']);
      expect(await names({ nameContains: '%' })).toEqual(['Walk-in 100% _sale_']);
      expect(await names({ nameContains: "a_'" })).toEqual([]);
      expect(await names({ ownerId: quinnId })).toEqual(['Quinn Ltd']);
      expect(await names({ email: 'PAT@bakery.test' })).toEqual(["Pat's Bakery"]);
    });

    it('an order’s customer is FORBIDDEN without a customers permission, the order itself is not', async () => {
      const client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
      const token = (await clientCredentialsToken(t, client.id, client.secret!)).access_token;
      const response = await gql(t, token, `{ order(id: "${walkIn.orders[0].id}") { reference customerId customer { name } } }`);
      expect(response.data).toEqual({ order: { reference: 'W-1', customerId: walkIn.id, customer: null } });
      expect(errorCodes(response)).toEqual([{ code: 'FORBIDDEN', path: 'order.customer' }]);
    });

    it('a denied field beside allowed ones is null with FORBIDDEN, root fields included; the others resolve', async () => {
      const partial = await gql(
        t,
        callers.portal.token,
        `{ viewer { type } customer(id: "${pats.id}") { name } user(id: "${quinnId}") { email } }`,
      );
      expect(partial.status).toBe(200);
      expect(partial.data).toEqual({ viewer: { type: 'USER' }, customer: { name: "Pat's Bakery" }, user: null });
      expect(errorCodes(partial)).toEqual([{ code: 'FORBIDDEN', path: 'user' }]);

      const root = await gql(
        t,
        callers.integration.token,
        '{ viewer { type } customers { totalCount } appClients { totalCount } }',
      );
      expect(root.data).toEqual({ viewer: { type: 'CLIENT' }, customers: { totalCount: 3 }, appClients: null });
      expect(errorCodes(root)).toEqual([{ code: 'FORBIDDEN', path: 'appClients' }]);
    });
  });

  describe('pagination', () => {
    const PAGE =
      'query ($first: Int, $after: String) { orders(first: $first, after: $after) { totalCount edges { cursor node { reference } } pageInfo { hasNextPage endCursor } } }';

    it('walks forward with first and after', async () => {
      const first = dataOf(await gql(t, callers.admin.token, PAGE, { first: 3 })).orders;
      expect(first.totalCount).toBe(4);
      expect(first.edges.map((edge: { node: { reference: string } }) => edge.node.reference)).toEqual(['P-1', 'P-2', 'Q-1']);
      expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[2].cursor });
      const second = dataOf(await gql(t, callers.admin.token, PAGE, { first: 3, after: first.pageInfo.endCursor })).orders;
      expect(second.edges.map((edge: { node: { reference: string } }) => edge.node.reference)).toEqual(['W-1']);
      expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0].cursor });
      expect(second.totalCount).toBe(4);
    });

    it('refuses first outside 1..100 and a cursor it did not issue, naming the argument', async () => {
      for (const [variables, field] of [
        [{ first: 101 }, 'first'],
        [{ first: 0 }, 'first'],
        [{ first: -5 }, 'first'],
        [{ after: 'garbage' }, 'after'],
        [{ after: Buffer.from('["2026-01-01T00:00:00.000Z","1; drop"]').toString('base64url') }, 'after'],
        [{ after: Buffer.from('{"a":1}').toString('base64url') }, 'after'],
      ] as const) {
        const response = await gql(t, callers.admin.token, PAGE, variables);
        expect(response.status).toBe(200);
        expect(response.data).toEqual({ orders: null });
        expect(response.errors).toEqual([
          expect.objectContaining({
            path: ['orders'],
            extensions: { code: 'BAD_USER_INPUT', field },
            message: expect.stringMatching(new RegExp(`^${field}: `)),
          }),
        ]);
      }
    });
  });
});
