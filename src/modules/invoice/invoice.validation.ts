import { z } from 'zod';
import { cents, idFilter, printableCode } from '../resource/fields.js';
import { InvoiceStatus } from './invoice.entity.js';

const number = printableCode(100);
const amountCents = cents;
const dueDate = z.iso.date('must be a date, YYYY-MM-DD');
const status = z.enum(InvoiceStatus);

/** What the invoices resource accepts: `input` of create and update, and the list's `filter`. */
export const invoiceInput = {
  create: z.object({ orderId: z.string().min(1, 'must not be empty'), number, amountCents, dueDate, status: status.nullish() }),
  update: z.object({
    number: number.optional(),
    amountCents: amountCents.optional(),
    dueDate: dueDate.optional(),
    status: status.optional(),
  }),
  filter: z.object({ orderId: idFilter, status: status.nullish() }),
};
