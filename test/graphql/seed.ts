import { Customer } from '../../src/modules/customer/customer.entity.js';
import { Order, type OrderStatus } from '../../src/modules/order/order.entity.js';
import { User } from '../../src/modules/user/user.entity.js';
import type { TestApp } from '../helpers/app.js';
import { createTestUser } from '../helpers/tokens.js';

export interface SeededCustomer {
  id: string;
  name: string;
  orders: { id: string; reference: string }[];
}

/**
 * A customer with orders, written straight to the database. Creation times are spaced
 * one second apart in the order of the calls, so lists have a known order.
 */
export async function seedCustomer(
  t: TestApp,
  input: {
    name: string;
    email?: string;
    ownerId?: string | null;
    orders?: { reference: string; totalCents: number; status?: OrderStatus }[];
  },
): Promise<SeededCustomer> {
  const em = t.orm.em.fork();
  const customer = em.create(Customer, {
    name: input.name,
    email: input.email ?? null,
    owner: input.ownerId ? em.getReference(User, input.ownerId) : null,
    createdAt: tick(),
  });
  const orders = (input.orders ?? []).map((order) =>
    em.create(Order, {
      customer,
      reference: order.reference,
      totalCents: order.totalCents,
      status: order.status ?? 'pending',
      createdAt: tick(),
    }),
  );
  await em.flush();
  return { id: customer.id, name: customer.name, orders: orders.map((order) => ({ id: order.id, reference: order.reference })) };
}

let clock = Date.parse('2026-01-01T00:00:00Z');
function tick(): Date {
  clock += 1000;
  return new Date(clock);
}

export interface Shop {
  quinnId: string;
  /** Owned by the portal caller: orders P-1 (pending), P-2 (paid). */
  pats: SeededCustomer;
  /** Owned by another portal user, Quinn: order Q-1 (paid). */
  quinns: SeededCustomer;
  /** Owned by nobody: order W-1 (pending). */
  walkIn: SeededCustomer;
}

/** Three customers and four orders, created in this order. */
export async function seedShop(t: TestApp, portalUserId: string): Promise<Shop> {
  const quinnId = (await createTestUser(t, { email: 'quinn@example.test', permissions: ['customers.view.own'] })).id;
  const pats = await seedCustomer(t, {
    name: "Pat's Bakery",
    email: 'pat@bakery.test',
    ownerId: portalUserId,
    orders: [
      { reference: 'P-1', totalCents: 1000 },
      { reference: 'P-2', totalCents: 2500, status: 'paid' },
    ],
  });
  const quinns = await seedCustomer(t, {
    name: 'Quinn Ltd',
    ownerId: quinnId,
    orders: [{ reference: 'Q-1', totalCents: 700, status: 'paid' }],
  });
  const walkIn = await seedCustomer(t, { name: 'Walk-in 100% _sale_', orders: [{ reference: 'W-1', totalCents: 50 }] });
  return { quinnId, pats, quinns, walkIn };
}
