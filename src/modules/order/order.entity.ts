import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customer/customer.entity.js';
import { belongsTo, type StatusOf, statusColumn, statusEnum } from '../resource/fields.js';
import { ownedThrough, resourceColumns } from '../resource/resource.js';

export const OrderStatus = statusEnum('pending', 'paid', 'shipped', 'cancelled');
export type OrderStatus = StatusOf<typeof OrderStatus>;

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
