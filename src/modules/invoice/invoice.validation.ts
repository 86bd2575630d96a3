import { z } from 'zod';
import { InvoiceStatus } from './invoice.entity.js';

const number = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/, 'must be printable ASCII');
const amountCents = z
  .number()
  .int('must be a whole number of cents')
  .min(0, 'must not be negative')
  .max(2_147_483_647, 'is too large');
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
  filter: z.object({ orderId: z.string().max(64).nullish(), status: status.nullish() }),
};
