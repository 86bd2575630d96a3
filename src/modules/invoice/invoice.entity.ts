import { defineEntity, p } from '@mikro-orm/core';
import { Order } from '../order/order.entity.js';
import { belongsTo, type StatusOf, statusColumn, statusEnum } from '../resource/fields.js';
import { ownedThrough, resourceColumns } from '../resource/resource.js';

export const InvoiceStatus = statusEnum('draft', 'issued', 'paid', 'void');
export type InvoiceStatus = StatusOf<typeof InvoiceStatus>;

const InvoiceSchema = defineEntity({
  name: 'Invoice',
  properties: {
    ...resourceColumns(),
    order: belongsTo(() => Order),
    number: p.string().length(100).unique(),
    status: statusColumn(InvoiceStatus, InvoiceStatus.DRAFT),
    amountCents: p.integer(),
    /** A calendar date, `YYYY-MM-DD`. */
    dueDate: p.date(),
  },
  /** An invoice belongs to whoever owns its order's customer. */
  filters: ownedThrough('order.customer.owner'),
});

export class Invoice extends InvoiceSchema.class {}
InvoiceSchema.setClass(Invoice);
