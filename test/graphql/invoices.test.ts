import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../src/modules/invoice/invoice.entity.js';
import { seedClient, seedUser } from '../authorize/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientCredentialsToken, createTestClient } from '../helpers/tokens.js';
import { type Callers, createCallers, portalToken } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';
import { type SeededCustomer, seedCustomer } from './seed.js';

/** What a portal user who may see and raise invoices of its own orders consents to. */
const BILLING_PORTAL = [
  'customers.view.own',
  'orders.view.own',
  'invoices.view.own',
  'invoices.create.own',
  'invoices.update.own',
];

const CREATE = `mutation ($input: CreateInvoiceInput!) {
  createInvoice(input: $input) { id number status amountCents dueDate orderId order { reference } }
}`;
const LIST = `query ($first: Int, $after: String, $filter: InvoiceFilter) {
  invoices(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { number status } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Invoices: the resource kit's proof. An invoice belongs to an order, and through it to the customer's owner. */
describe('invoices', () => {
  let t: TestApp;
  let callers: Callers;
  let billing: string;
  let mine: SeededCustomer;
  let theirs: SeededCustomer;
  let mineInvoiceId: string;
  let theirsInvoiceId: string;

  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    const ivyId = await seedUser(t, 'ivy@example.test', BILLING_PORTAL);
    billing = await portalToken(
      t,
      await seedClient(t, { allowedScopes: BILLING_PORTAL }),
      'ivy@example.test',
      BILLING_PORTAL.join(' '),
    );
    mine = await seedCustomer(t, { name: 'Ivy Florist', ownerId: ivyId, orders: [{ reference: 'I-1', totalCents: 900 }] });
    theirs = await seedCustomer(t, { name: 'Other Ltd', orders: [{ reference: 'O-1', totalCents: 400 }] });
    mineInvoiceId = await adminInvoice({ orderId: mine.orders[0].id, number: 'INV-1', amountCents: 900, dueDate: '2026-02-01' });
    theirsInvoiceId = await adminInvoice({
      orderId: theirs.orders[0].id,
      number: 'INV-2',
      amountCents: 400,
      dueDate: '2026-02-15',
      status: 'ISSUED',
    });
  });
  afterAll(() => t.close());

  async function adminInvoice(input: Record<string, unknown>): Promise<string> {
    return dataOf(await gql(t, callers.admin.token, CREATE, { input })).createInvoice.id;
  }
  const invoiceCount = () => t.orm.em.fork().count(Invoice);

  it('an admin creates an invoice (DRAFT by default), reads it back with its order, and the change is audited', async () => {
    const created = await gql(t, callers.admin.token, CREATE, {
      input: { orderId: theirs.orders[0].id, number: 'INV-3', amountCents: 0, dueDate: '2026-03-01' },
    });
    expect(dataOf(created).createInvoice).toMatchObject({
      number: 'INV-3',
      status: 'DRAFT',
      amountCents: 0,
      dueDate: '2026-03-01',
      orderId: theirs.orders[0].id,
      order: { reference: 'O-1' },
    });
    const id = dataOf(created).createInvoice.id;
    const audit = await gql(
      t,
      callers.admin.token,
      '{ auditEvents(filter: { action: "invoice.created" }) { edges { node { targetId details } } } }',
    );
    expect(dataOf(audit).auditEvents.edges.map((edge: { node: unknown }) => edge.node)).toContainEqual({
      targetId: id,
      details: { fields: ['orderId', 'number', 'amountCents', 'dueDate'] },
    });
    const deleted = await gql(t, callers.admin.token, 'mutation ($id: ID!) { deleteInvoice(id: $id) { number } }', { id });
    expect(dataOf(deleted).deleteInvoice).toEqual({ number: 'INV-3' });
    expect(dataOf(await gql(t, callers.admin.token, 'query ($id: ID!) { invoice(id: $id) { id } }', { id })).invoice).toBeNull();
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await invoiceCount();
    const order = mine.orders[0].id;
    const cases: [object, string][] = [
      [{ orderId: order, number: 'INV-1', amountCents: 1, dueDate: '2026-01-01' }, 'input.number'],
      [{ orderId: order, number: '', amountCents: 1, dueDate: '2026-01-01' }, 'input.number'],
      [{ orderId: order, number: 'INV-9', amountCents: -1, dueDate: '2026-01-01' }, 'input.amountCents'],
      [{ orderId: order, number: 'INV-9', amountCents: 1, dueDate: '2026-02-30' }, 'input.dueDate'],
      [{ orderId: order, number: 'INV-9', amountCents: 1, dueDate: 'tomorrow' }, 'input.dueDate'],
      [{ orderId: 'not-an-id', number: 'INV-9', amountCents: 1, dueDate: '2026-01-01' }, 'input.orderId'],
      [
        { orderId: '00000000-0000-4000-8000-000000000000', number: 'INV-9', amountCents: 1, dueDate: '2026-01-01' },
        'input.orderId',
      ],
    ];
    for (const [input, field] of cases) {
      const response = await gql(t, callers.admin.token, CREATE, { input });
      expect(response.data).toEqual({ createInvoice: null });
      expect(
        response.errors?.map((error) => error.extensions),
        JSON.stringify(input),
      ).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    }
    const update = await gql(
      t,
      callers.admin.token,
      'mutation ($id: ID!) { updateInvoice(id: $id, input: { number: "INV-2" }) { id } }',
      {
        id: mineInvoiceId,
      },
    );
    expect(update.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.number' }]);
    // Nothing of an invoice may be cleared: a null is bad input, not a write.
    for (const field of ['number', 'amountCents', 'dueDate', 'status']) {
      const cleared = await gql(
        t,
        callers.admin.token,
        `mutation ($id: ID!) { updateInvoice(id: $id, input: { ${field}: null }) { id } }`,
        {
          id: mineInvoiceId,
        },
      );
      expect(
        cleared.errors?.map((error) => error.extensions),
        field,
      ).toEqual([{ code: 'BAD_USER_INPUT', field: `input.${field}` }]);
    }
    expect(await invoiceCount()).toBe(before);
  });

  it('a portal user sees only the invoices of orders of customers it owns', async () => {
    const listed = dataOf(await gql(t, billing, LIST));
    expect(listed.invoices.totalCount).toBe(1);
    expect(listed.invoices.edges.map((edge: { node: unknown }) => edge.node)).toEqual([{ number: 'INV-1', status: 'DRAFT' }]);
    const lookups = dataOf(
      await gql(t, billing, 'query ($a: ID!, $b: ID!) { a: invoice(id: $a) { number } b: invoice(id: $b) { number } }', {
        a: mineInvoiceId,
        b: theirsInvoiceId,
      }),
    );
    expect(lookups).toEqual({ a: { number: 'INV-1' }, b: null });
    const viaOrders = dataOf(await gql(t, billing, '{ orders { edges { node { reference invoices { number } } } } }'));
    expect(viaOrders.orders.edges).toEqual([{ node: { reference: 'I-1', invoices: [{ number: 'INV-1' }] } }]);
  });

  it('a portal user raises and changes invoices of its own orders only; deleting needs invoices.delete', async () => {
    const created = await gql(t, billing, CREATE, {
      input: { orderId: mine.orders[0].id, number: 'INV-4', amountCents: 50, dueDate: '2026-04-01', status: 'ISSUED' },
    });
    expect(dataOf(created).createInvoice).toMatchObject({ number: 'INV-4', status: 'ISSUED' });
    const foreign = await gql(t, billing, CREATE, {
      input: { orderId: theirs.orders[0].id, number: 'INV-5', amountCents: 50, dueDate: '2026-04-01' },
    });
    expect(foreign.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.orderId' }]);
    const UPDATE = 'mutation ($id: ID!) { updateInvoice(id: $id, input: { status: PAID }) { number status } }';
    expect(dataOf(await gql(t, billing, UPDATE, { id: mineInvoiceId })).updateInvoice).toEqual({
      number: 'INV-1',
      status: 'PAID',
    });
    const other = await gql(t, billing, UPDATE, { id: theirsInvoiceId });
    expect(errorCodes(other)).toEqual([{ code: 'NOT_FOUND', path: 'updateInvoice' }]);
    const deleting = await gql(t, billing, 'mutation ($id: ID!) { deleteInvoice(id: $id) { id } }', { id: mineInvoiceId });
    expect(errorCodes(deleting)).toEqual([{ code: 'FORBIDDEN', path: 'deleteInvoice' }]);
  });

  it('filters by order and status, pages with first/after, and a malformed id matches nothing', async () => {
    const byOrder = dataOf(await gql(t, callers.admin.token, LIST, { filter: { orderId: theirs.orders[0].id } }));
    expect(byOrder.invoices.edges.map((edge: { node: { number: string } }) => edge.node.number)).toEqual(['INV-2']);
    const issued = dataOf(await gql(t, callers.admin.token, LIST, { filter: { status: 'ISSUED' } }));
    expect(issued.invoices.edges.every((edge: { node: { status: string } }) => edge.node.status === 'ISSUED')).toBe(true);
    const first = dataOf(await gql(t, callers.admin.token, LIST, { first: 1 })).invoices;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await gql(t, callers.admin.token, LIST, { first: 1, after: first.pageInfo.endCursor })).invoices;
    expect(next.edges[0].node.number).not.toBe(first.edges[0].node.number);
    const malformed = dataOf(await gql(t, callers.admin.token, LIST, { filter: { orderId: 'x' } }));
    expect(malformed.invoices.totalCount).toBe(0);
    const badPage = await gql(t, callers.admin.token, LIST, { first: 0 });
    expect(badPage.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'first' }]);
  });

  it('without an invoices permission the fields are FORBIDDEN and the rest resolves', async () => {
    const response = await gql(
      t,
      callers.integration.token,
      '{ invoices { totalCount } orders(first: 1) { edges { node { reference invoices { number } } } } }',
    );
    expect(response.data?.invoices).toBeNull();
    expect(response.data?.orders.edges[0].node.reference).toBeTruthy();
    expect(errorCodes(response)).toEqual([
      { code: 'FORBIDDEN', path: 'invoices' },
      { code: 'FORBIDDEN', path: 'orders.edges.0.node.invoices' },
    ]);
  });

  it('a client token with invoices.view.own owns nothing and sees no invoice', async () => {
    const client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['invoices.view.own'] });
    const token = (await clientCredentialsToken(t, client.id, client.secret as string)).access_token;
    expect(dataOf(await gql(t, token, LIST)).invoices).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('deleting an order deletes its invoices', async () => {
    const doomed = await seedCustomer(t, { name: 'Doomed', orders: [{ reference: 'D-1', totalCents: 1 }] });
    const id = await adminInvoice({ orderId: doomed.orders[0].id, number: 'INV-D', amountCents: 1, dueDate: '2026-05-01' });
    dataOf(await gql(t, callers.admin.token, 'mutation ($id: ID!) { deleteOrder(id: $id) { id } }', { id: doomed.orders[0].id }));
    expect(await t.orm.em.fork().findOne(Invoice, { id })).toBeNull();
  });
});
