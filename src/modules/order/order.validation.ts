import { z } from 'zod';
import { OrderStatus } from './order.entity.js';

const reference = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/, 'must be printable ASCII');
const totalCents = z
  .number()
  .int('must be a whole number of cents')
  .min(0, 'must not be negative')
  .max(2_147_483_647, 'is too large');
const status = z.enum(OrderStatus);

const create = z.object({
  customerId: z.string().min(1, 'must not be empty'),
  reference,
  totalCents,
  status: status.nullish(),
});

const update = z.object({
  reference: reference.optional(),
  totalCents: totalCents.optional(),
  status: status.optional(),
});

const filter = z.object({
  customerId: z.string().max(64).nullish(),
  status: status.nullish(),
});

/** What the orders resource accepts: `input` of create and update, and the list's `filter`. */
export const orderInput = { create, update, filter };
