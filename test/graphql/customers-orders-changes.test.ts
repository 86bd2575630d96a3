import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';
import { type SeededCustomer, seedShop } from './seed.js';

/** Creating, changing and deleting customers and orders within each caller's scope. */
describe('changing customers and orders', () => {
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

  describe('changing', () => {
    const CREATE_ORDER =
      'mutation ($input: CreateOrderInput!) { createOrder(input: $input) { reference status totalCents customer { name } } }';

    it('a portal user orders for its own customer only', async () => {
      const created = await gql(t, callers.portal.token, CREATE_ORDER, {
        input: { customerId: pats.id, reference: 'P-3', totalCents: 1200 },
      });
      expect(dataOf(created).createOrder).toEqual({
        reference: 'P-3',
        status: 'PENDING',
        totalCents: 1200,
        customer: { name: "Pat's Bakery" },
      });
      const refused = await gql(t, callers.portal.token, CREATE_ORDER, {
        input: { customerId: quinns.id, reference: 'P-4', totalCents: 1 },
      });
      expect(refused.data).toEqual({ createOrder: null });
      expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.customerId' });
    });

    it('refuses bad order input naming the field', async () => {
      const cases: [object, string][] = [
        [{ customerId: pats.id, reference: 'P-1', totalCents: 1 }, 'input.reference'],
        [{ customerId: pats.id, reference: '', totalCents: 1 }, 'input.reference'],
        [{ customerId: pats.id, reference: 'P-9', totalCents: -1 }, 'input.totalCents'],
      ];
      for (const [input, field] of cases) {
        const response = await gql(t, callers.integration.token, CREATE_ORDER, { input });
        expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
      }
    });

    it('an integration may create orders but not change them', async () => {
      const created = await gql(t, callers.integration.token, CREATE_ORDER, {
        input: { customerId: walkIn.id, reference: 'W-2', totalCents: 99, status: 'PAID' },
      });
      expect(dataOf(created).createOrder).toEqual({
        reference: 'W-2',
        status: 'PAID',
        totalCents: 99,
        customer: { name: 'Walk-in 100% _sale_' },
      });
      const update = await gql(
        t,
        callers.integration.token,
        `mutation { updateOrder(id: "${walkIn.orders[0].id}", input: { status: SHIPPED }) { status } }`,
      );
      expect(update.data).toEqual({ updateOrder: null });
      expect(errorCodes(update)).toEqual([{ code: 'FORBIDDEN', path: 'updateOrder' }]);
    });

    it('a portal user updates its own customer, not someone else’s, and cannot give it away', async () => {
      const UPDATE =
        'mutation ($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { name email ownerId } }';
      const own = await gql(t, callers.portal.token, UPDATE, {
        id: pats.id,
        input: { name: "Pat's Bakery & Café", email: null },
      });
      expect(dataOf(own).updateCustomer).toEqual({ name: "Pat's Bakery & Café", email: null, ownerId: callers.portal.userId });
      const other = await gql(t, callers.portal.token, UPDATE, { id: quinns.id, input: { name: 'Mine now' } });
      expect(errorCodes(other)).toEqual([{ code: 'NOT_FOUND', path: 'updateCustomer' }]);
      const giveAway = await gql(t, callers.portal.token, UPDATE, { id: pats.id, input: { ownerId: quinnId } });
      expect(errorCodes(giveAway)).toEqual([{ code: 'FORBIDDEN', path: 'updateCustomer' }]);
      const deletion = await gql(t, callers.portal.token, `mutation { deleteCustomer(id: "${pats.id}") { id } }`);
      expect(errorCodes(deletion)).toEqual([{ code: 'FORBIDDEN', path: 'deleteCustomer' }]);
    });

    it('an admin creates, updates and deletes customers (orders go with them)', async () => {
      const CREATE = 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id name email ownerId } }';
      const bad = await gql(t, callers.admin.token, CREATE, { input: { name: 'X', email: 'not-an-email' } });
      expect(bad.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.email' }]);
      const unknownOwner = await gql(t, callers.admin.token, CREATE, {
        input: { name: 'X', ownerId: '00000000-0000-4000-8000-000000000000' },
      });
      expect(unknownOwner.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.ownerId' }]);

      const created = dataOf(
        await gql(t, callers.admin.token, CREATE, { input: { name: ' Zed Corp ', email: 'Ops@Zed.test', ownerId: quinnId } }),
      ).createCustomer;
      expect(created).toEqual({ id: expect.any(String), name: 'Zed Corp', email: 'ops@zed.test', ownerId: quinnId });
      await gql(t, callers.admin.token, CREATE_ORDER, { input: { customerId: created.id, reference: 'Z-1', totalCents: 5 } });

      const deleted = await gql(t, callers.admin.token, `mutation { deleteCustomer(id: "${created.id}") { name } }`);
      expect(dataOf(deleted)).toEqual({ deleteCustomer: { name: 'Zed Corp' } });
      const left = await gql(
        t,
        callers.admin.token,
        `{ customer(id: "${created.id}") { id } orders(filter: { customerId: "${created.id}" }) { totalCount } }`,
      );
      expect(dataOf(left)).toEqual({ customer: null, orders: { totalCount: 0 } });
    });
  });
});
