import { z } from 'zod';

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const email = z
  .email('must be an email address')
  .max(254)
  .transform((value) => value.toLowerCase());
const ownerId = z.uuid('must be a user id');

export const createCustomerSchema = z.object({
  name,
  email: email.nullish(),
  ownerId: ownerId.nullish(),
});

/** Every field optional; null clears `email` and `ownerId`. */
export const updateCustomerSchema = z.object({
  name: name.optional(),
  email: email.nullish(),
  ownerId: ownerId.nullish(),
});

export const customerFilterSchema = z.object({
  nameContains: z.string().max(200, 'must be at most 200 characters').nullish(),
  email: z.string().max(254, 'must be at most 254 characters').nullish(),
  ownerId: z.string().max(64).nullish(),
});

export type CreateCustomerInput = z.input<typeof createCustomerSchema>;
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;
export type CustomerFilter = z.input<typeof customerFilterSchema>;
