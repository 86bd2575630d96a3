import { InputError } from '../../lib/errors.js';
import { orders } from '../order/order.resource.js';
import { defineResource } from '../resource/resource.js';
import { findRow } from '../resource/resource.repository.js';
import { compact, equals, sameId } from '../resource/where.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { invoiceInput } from './invoice.validation.js';

/** Invoices of orders. An own-only caller (`invoices.create.own`) invoices only orders it owns. */
export const invoices = defineResource({
  name: 'invoices',
  singular: 'invoice',
  entity: Invoice,
  input: invoiceInput,
  unique: { number: 'is already used by another invoice' },
  where: (filter) => compact({ order: sameId(filter.orderId), status: equals(filter.status) }),
  async create(op, scope, { orderId, status, ...fields }) {
    const order = await findRow(op.em, orders, scope, orderId);
    if (!order) throw new InputError('input.orderId', 'no order with this id');
    return { ...fields, order, status: status ?? InvoiceStatus.DRAFT };
  },
});
