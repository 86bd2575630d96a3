import { z } from 'zod';
import { changesOf, idFilter } from '../resource/fields.js';

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const email = z
  .email('must be an email address')
  .max(254)
  .transform((value) => value.toLowerCase());
const ownerId = z.uuid('must be a user id');

const create = z.object({
  name,
  email: email.nullish(),
  ownerId: ownerId.nullish(),
});

/** Every field optional; null clears `email` and `ownerId`. */
const update = changesOf(create, { clearable: ['email', 'ownerId'] });

const filter = z.object({
  nameContains: z.string().max(200, 'must be at most 200 characters').nullish(),
  email: z.string().max(254, 'must be at most 254 characters').nullish(),
  ownerId: idFilter,
});

/** What the customers resource accepts: `input` of create and update, and the list's `filter`. */
export const customerInput = { create, update, filter };
