import { z } from 'zod';

/** E.164: a plus, a country code and up to 15 digits in all. */
export const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +46701234567');
export const emailSchema = z
  .email('must be an email address')
  .max(254)
  .transform((value) => value.toLowerCase());
/** A display name (the OpenID Connect `name` claim): any text a person writes their name with. */
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(1024);

export const userInputSchema = z
  .object({
    email: emailSchema,
    phone: phoneSchema.nullish(),
    password: passwordSchema,
    name: nameSchema.nullish(),
    emailVerified: z.boolean().default(false),
    phoneVerified: z.boolean().default(false),
  })
  .refine((input) => !input.phoneVerified || Boolean(input.phone), {
    path: ['phoneVerified'],
    message: 'needs a phone number',
  });

export type UserInput = z.input<typeof userInputSchema>;
