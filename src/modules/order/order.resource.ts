import { customers } from '../customer/customer.resource.js';
import { defineResource } from '../resource/resource.js';
import { createUnder } from '../resource/resource.service.js';
import { compact, equals, sameId } from '../resource/where.js';
import { Order, OrderStatus } from './order.entity.js';
import { orderInput } from './order.validation.js';

/** Orders. An own-only caller (`orders.create.own`) orders only for customers it owns. */
export const orders = defineResource({
  name: 'orders',
  singular: 'order',
  entity: Order,
  input: orderInput,
  unique: { reference: 'is already used by another order' },
  where: (filter) => compact({ customer: sameId(filter.customerId), status: equals(filter.status) }),
  create: createUnder('customer', customers, { status: OrderStatus.PENDING }),
});
