import { calendarDate, integer, text, timestamp } from '../../db/raw-row.js';
import { orders } from '../order/order.resource.js';
import { defineResource } from '../resource/resource.js';
import { createUnder } from '../resource/resource.service.js';
import { compact, equals, sameId } from '../resource/where.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { invoiceInput } from './invoice.validation.js';

/** Invoices of orders. An own-only caller (`invoices.create.own`) invoices only orders it owns. */
export const invoices = defineResource({
  name: 'invoices',
  singular: 'invoice',
  entity: Invoice,
  row: {
    id: text('id'),
    orderId: text('order_id'),
    number: text('number'),
    status: text<InvoiceStatus>('status'),
    amountCents: integer('amount_cents'),
    dueDate: calendarDate('due_date'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  input: invoiceInput,
  unique: { number: 'is already used by another invoice' },
  where: (filter) => compact({ order: sameId(filter.orderId), status: equals(filter.status) }),
  create: createUnder('order', orders, { status: InvoiceStatus.DRAFT }),
});
