import { InputError } from '../../lib/errors.js';
import { customers } from '../customer/customer.resource.js';
import { defineResource } from '../resource/resource.js';
import { findRow } from '../resource/resource.repository.js';
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
  async create(op, scope, input) {
    const customer = await findRow(op.em, customers, scope, input.customerId);
    if (!customer) throw new InputError('input.customerId', 'no customer with this id');
    const { reference, totalCents } = input;
    return { customer, reference, totalCents, status: input.status ?? OrderStatus.PENDING };
  },
});
