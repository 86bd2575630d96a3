import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PERMISSIONS } from '../../src/modules/access/catalogue.js';
import { Invoice } from '../../src/modules/invoice/invoice.entity.js';
import { Order } from '../../src/modules/order/order.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, createTestUser } from '../helpers/tokens.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, gql } from './graphql-client.js';
import { seedCustomer } from './seed.js';

/**
 * No N+1: the SQL statements of one request are counted. A page of 50 orders with
 * their customers (50 different ones) and the customers' owners costs the same
 * few statements as a page of 1.
 */
describe('batch loading', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    const owners = await Promise.all(
      Array.from({ length: 5 }, (_, index) => createTestUser(t, { email: `owner${index}@example.test` })),
    );
    for (let index = 0; index < 50; index += 1) {
      await seedCustomer(t, {
        name: `Customer ${index}`,
        ownerId: owners[index % owners.length].id,
        orders: [{ reference: `N-${index}`, totalCents: index }],
      });
    }
    for (let index = 0; index < 10; index += 1) {
      await createTestClient(t, { name: `Client ${index}`, roles: ['admin'], permissions: ['orders.view', 'users.view'] });
    }
  });
  afterAll(() => t.close());

  /** Runs one request and returns its data and the SQL statements it issued. */
  async function counted(token: string, query: string, variables?: Record<string, unknown>) {
    // Warm the token caches first: authentication is measured elsewhere (the benchmark).
    await gql(t, token, '{ viewer { type } }');
    const connection = t.orm.em.getConnection();
    const statements: string[] = [];
    const original = connection.execute.bind(connection);
    const spy = vi.spyOn(connection, 'execute').mockImplementation(((sql: unknown, ...rest: unknown[]) => {
      statements.push(String(typeof sql === 'string' ? sql : ((sql as { sql?: string }).sql ?? sql)));
      return (original as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as never);
    try {
      return { data: dataOf(await gql(t, token, query, variables)), statements };
    } finally {
      spy.mockRestore();
    }
  }

  const ORDERS = `query ($first: Int) { orders(first: $first) { totalCount edges { node { reference customer { name owner { email } } } } } }`;

  it('a 50-order page with customers and owners takes 4 statements, as many as a 1-order page', async () => {
    const fifty = await counted(callers.admin.token, ORDERS, { first: 50 });
    expect(fifty.data.orders.edges).toHaveLength(50);
    expect(fifty.data.orders.edges[49].node).toEqual({
      reference: 'N-49',
      customer: { name: 'Customer 49', owner: { email: 'owner4@example.test' } },
    });
    const one = await counted(callers.admin.token, ORDERS, { first: 1 });
    expect(one.data.orders.edges).toHaveLength(1);
    // orders page, count, customers by id, users by id
    expect(fifty.statements, fifty.statements.join('\n')).toHaveLength(4);
    expect(one.statements).toHaveLength(4);
  });

  it('the same for a portal user whose rows are filtered', async () => {
    const result = await counted(callers.portal.token, ORDERS, { first: 50 });
    expect(result.data.orders).toEqual({ totalCount: 0, edges: [] });
    expect(result.statements.length).toBeLessThanOrEqual(2);
  });

  it('roles and permissions of 10 clients load in a fixed number of statements', async () => {
    const query =
      '{ appClients(first: 20) { edges { node { name roles { name permissions { name } } permissions { name } } } } }';
    const result = await counted(callers.admin.token, query);
    const clients = result.data.appClients.edges.filter((edge: { node: { name: string } }) =>
      edge.node.name.startsWith('Client '),
    );
    expect(clients).toHaveLength(10);
    expect(clients[0].node.permissions).toEqual([{ name: 'orders.view' }, { name: 'users.view' }]);
    expect(clients[0].node.roles[0].permissions).toHaveLength(PERMISSIONS.length);
    // clients page, count, roles of the clients, permissions of the clients, permissions of the roles
    expect(result.statements, result.statements.join('\n')).toHaveLength(5);
  });

  describe('invoices', () => {
    beforeAll(async () => {
      const em = t.orm.em.fork();
      const orders = await em.find(Order, { reference: { $like: 'N-%' } });
      for (const order of orders) {
        for (const suffix of ['a', 'b']) {
          em.create(Invoice, { order, number: `${order.reference}-${suffix}`, amountCents: 1, dueDate: '2026-06-01' });
        }
      }
      await em.flush();
    });

    const INVOICES = `query ($first: Int) { invoices(first: $first) { totalCount edges { node { number order { reference customer { name owner { email } } } } } } }`;

    it('a 50-invoice page with orders, customers and owners takes 5 statements, as many as a 1-invoice page', async () => {
      const fifty = await counted(callers.admin.token, INVOICES, { first: 50 });
      expect(fifty.data.invoices.totalCount).toBe(100);
      expect(fifty.data.invoices.edges).toHaveLength(50);
      expect(fifty.data.invoices.edges[0].node.order.customer.owner.email).toMatch(/^owner\d@example\.test$/);
      const one = await counted(callers.admin.token, INVOICES, { first: 1 });
      // invoices page, count, orders by id, customers by id, users by id
      expect(fifty.statements, fifty.statements.join('\n')).toHaveLength(5);
      expect(one.statements).toHaveLength(5);
    });

    it('the invoices of a 50-order page load in one statement', async () => {
      const query = `{ orders(first: 50) { edges { node { reference invoices { number } } } } }`;
      const result = await counted(callers.admin.token, query);
      expect(result.data.orders.edges).toHaveLength(50);
      expect(result.data.orders.edges[7].node.invoices.map(({ number }: { number: string }) => number).sort()).toEqual([
        'N-7-a',
        'N-7-b',
      ]);
      // orders page, count, invoices of those orders
      expect(result.statements, result.statements.join('\n')).toHaveLength(3);
    });
  });
});
