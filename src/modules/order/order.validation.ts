import { z } from 'zod';
import { cents, changesOf, idFilter, printableCode } from '../resource/fields.js';
import { OrderStatus } from './order.entity.js';

const reference = printableCode(100);
const totalCents = cents;
const status = z.enum(OrderStatus);

const create = z.object({
  customerId: z.string().min(1, 'must not be empty'),
  reference,
  totalCents,
  status: status.nullish(),
});

/** Every field but the customer optional; none may be cleared. */
const update = changesOf(create, { omit: ['customerId'] });

const filter = z.object({
  customerId: idFilter,
  status: status.nullish(),
});

/** What the orders resource accepts: `input` of create and update, and the list's `filter`. */
export const orderInput = { create, update, filter };
