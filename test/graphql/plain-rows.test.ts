import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/db/plain-rows.js';
import { text } from '../../src/db/raw-row.js';
import { customers } from '../../src/modules/customer/customer.resource.js';
import { Invoice } from '../../src/modules/invoice/invoice.entity.js';
import { invoices } from '../../src/modules/invoice/invoice.resource.js';
import { Order } from '../../src/modules/order/order.entity.js';
import { orders } from '../../src/modules/order/order.resource.js';
import { findRow, findRows, findRowsByIds, findRowsWhere } from '../../src/modules/resource/resource.repository.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestUser } from '../helpers/tokens.js';
import { type SeededCustomer, seedCustomer } from './seed.js';

/**
 * The resource kit's reads return plain rows (the declaration's `row`), not entities:
 * nothing reaches the identity map, and a row read back equals the plain row of the
 * entity that wrote it (what a mutation answers with).
 */
describe('plain rows of the resource kit', () => {
  let t: TestApp;
  let ownerId: string;
  let mine: SeededCustomer;
  let theirs: SeededCustomer;
  let invoiceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    ownerId = (await createTestUser(t, { email: 'plain-owner@example.test' })).id;
    mine = await seedCustomer(t, {
      name: 'Mine',
      email: 'mine@example.test',
      ownerId,
      orders: [{ reference: 'P-1', totalCents: 125, status: 'paid' }],
    });
    theirs = await seedCustomer(t, { name: 'Theirs', orders: [{ reference: 'P-2', totalCents: 0 }] });
    const em = t.orm.em.fork();
    const invoice = em.create(Invoice, {
      order: em.getReference(Order, mine.orders[0].id),
      number: 'INV-P-1',
      amountCents: 125,
      dueDate: '2026-07-31',
    });
    await em.flush();
    invoiceId = invoice.id;
  });
  afterAll(() => t.close());

  it('reads typed plain rows and hydrates no entity', async () => {
    const em = t.orm.em.fork();
    const page = await findRows(em, orders, { all: true }, {}, { first: 10 });
    const [invoice] = await findRowsByIds(em, invoices, { all: true }, [invoiceId]);
    const customer = await findRow(em, customers, { all: true }, mine.id);
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect(page.items.map((row) => row.reference)).toEqual(['P-1', 'P-2']);
    expect(page.items[0]).toEqual({
      id: mine.orders[0].id,
      customerId: mine.id,
      reference: 'P-1',
      status: 'paid',
      totalCents: 125,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(Object.getPrototypeOf(page.items[0])).toBe(Object.prototype);
    expect(invoice).toMatchObject({ orderId: mine.orders[0].id, number: 'INV-P-1', amountCents: 125, dueDate: '2026-07-31' });
    expect(customer).toMatchObject({ name: 'Mine', email: 'mine@example.test', ownerId });
  });

  it('a row read back equals the plain row of its entity', async () => {
    const em = t.orm.em.fork();
    const entities = [
      [orders, await em.findOneOrFail(Order, mine.orders[0].id)],
      [invoices, await em.findOneOrFail(Invoice, invoiceId)],
    ] as const;
    for (const [resource, entity] of entities) {
      const [read] = await findRowsByIds(t.orm.em.fork(), resource as typeof orders, { all: true }, [entity.id]);
      expect(read).toEqual(plainOf(em, entity, resource.row));
    }
  });

  it('applies the ownership filter and the relation conditions in SQL', async () => {
    const em = t.orm.em.fork();
    const own = { all: false, userId: ownerId } as const;
    expect((await findRows(em, orders, own, {}, {})).items.map((row) => row.reference)).toEqual(['P-1']);
    expect((await findRows(em, orders, own, {}, {})).totalCount).toBe(1);
    expect(await findRow(em, orders, own, theirs.orders[0].id)).toBeNull();
    expect(await findRowsByIds(em, invoices, { all: false, userId: null }, [invoiceId])).toEqual([]);
    const children = await findRowsWhere(em, invoices, own, 'orderId', [mine.orders[0].id, theirs.orders[0].id]);
    expect(children.map((row) => row.number)).toEqual(['INV-P-1']);
  });

  it('refuses a row column the entity does not have, naming it', async () => {
    const broken = { ...orders, row: { ...orders.row, note: text('note') } };
    await expect(findRows(t.orm.em.fork(), broken, { all: true }, {}, {})).rejects.toThrow(
      'Order has no column note (row property note)',
    );
  });
});
