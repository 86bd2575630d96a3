import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customer/customer.entity.js';
import { belongsTo, statusColumn } from '../resource/fields.js';
import { ownedThrough, resourceColumns } from '../resource/resource.js';

/** The one status enum of an order: stored values on the right, GraphQL names on the left. */
export const OrderStatus = {
  PENDING: 'pending',
  PAID: 'paid',
  SHIPPED: 'shipped',
  CANCELLED: 'cancelled',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

const OrderSchema = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: {
    ...resourceColumns(),
    customer: belongsTo(() => Customer),
    reference: p.string().length(100).unique(),
    status: statusColumn(OrderStatus, OrderStatus.PENDING),
    totalCents: p.integer(),
  },
  /** An order belongs to whoever owns its customer. */
  filters: ownedThrough('customer.owner'),
});

export class Order extends OrderSchema.class {}
OrderSchema.setClass(Order);
