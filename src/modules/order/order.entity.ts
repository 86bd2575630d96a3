import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customer/customer.entity.js';
import { type OwnedArgs, ownedOrderCondition } from '../customer/customer.ownership.js';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const OrderSchema = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    customer: () => p.manyToOne(Customer).index().deleteRule('cascade'),
    reference: p.string().length(100).unique(),
    status: p.enum(ORDER_STATUSES).default('pending').index(),
    totalCents: p.integer(),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  filters: {
    /** Row ownership through the order's customer: off unless a query turns it on with `{ owned: { userId } }`. */
    owned: { name: 'owned', cond: (args: OwnedArgs) => ownedOrderCondition(args), default: false },
  },
});

export class Order extends OrderSchema.class {}
OrderSchema.setClass(Order);
