import { z } from 'zod';
import { cents, changesOf, idFilter, printableCode } from '../resource/fields.js';
import { InvoiceStatus } from './invoice.entity.js';

const number = printableCode(100);
const amountCents = cents;
const dueDate = z.iso.date('must be a date, YYYY-MM-DD');
const status = z.enum(InvoiceStatus);

const create = z.object({
  orderId: z.string().min(1, 'must not be empty'),
  number,
  amountCents,
  dueDate,
  status: status.nullish(),
});

/** What the invoices resource accepts: `input` of create and update, and the list's `filter`. */
export const invoiceInput = {
  create,
  /** Every field but the order optional; none may be cleared. */
  update: changesOf(create, { omit: ['orderId'] }),
  filter: z.object({ orderId: idFilter, status: status.nullish() }),
};
