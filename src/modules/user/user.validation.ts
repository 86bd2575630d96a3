import { z } from 'zod';

/** E.164: a plus, a country code and up to 15 digits in all. */
export const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +46701234567');
export const emailSchema = z
  .email('must be an email address')
  .max(254)
  .transform((value) => value.toLowerCase());
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(1024);

export const userInputSchema = z.object({
  email: emailSchema,
  phone: phoneSchema.nullish(),
  password: passwordSchema,
});

export type UserInput = z.input<typeof userInputSchema>;
