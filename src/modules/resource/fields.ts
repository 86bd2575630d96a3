import type { EntityClass } from '@mikro-orm/core';
import { p } from '@mikro-orm/core';
import { z } from 'zod';

/** Column and validation pieces that business resources share. */

/** A to-one relation to the row this one belongs to: indexed, and deleted with it. */
export function belongsTo<T extends object>(entity: () => EntityClass<T>) {
  return () => p.manyToOne(entity()).index().deleteRule('cascade');
}

/**
 * A resource's one status enum, from its stored values: `statusEnum('draft', 'paid')` is
 * `{ DRAFT: 'draft', PAID: 'paid' }` — GraphQL names on the left. The entity, the GraphQL
 * type (`registerEnumType`) and the validation all use this one object.
 */
export function statusEnum<const Value extends Lowercase<string>>(
  ...values: Value[]
): { readonly [V in Value as Uppercase<V>]: V } {
  return Object.freeze(Object.fromEntries(values.map((value) => [value.toUpperCase(), value]))) as never;
}

/** The stored values of a {@link statusEnum}. */
export type StatusOf<Enum> = Enum[keyof Enum];

/** A status column over a resource's one status enum (stored values), indexed. */
export function statusColumn<const Values extends Record<string, string>>(values: Values, initial: Values[keyof Values]) {
  return p
    .enum(() => values)
    .default(initial)
    .index();
}

/** A human-readable code such as an order reference or an invoice number: printable ASCII, single spaces. */
export const printableCode = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/, 'must be printable ASCII');

/** An amount of money in cents: a whole, non-negative number that fits a PostgreSQL integer. */
export const cents = z
  .number()
  .int('must be a whole number of cents')
  .min(0, 'must not be negative')
  .max(2_147_483_647, 'is too large');

/** A field's schema without its optional/nullable wrappers: what a given value must be. */
type Unwrapped<T> = T extends z.ZodOptional<infer Inner> | z.ZodNullable<infer Inner> ? Unwrapped<Inner> : T;

function unwrapped(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodNullable ? unwrapped(schema.unwrap() as z.ZodType) : schema;
}

/**
 * The input of an update, from the create's: every field but `omit` (the parent, fixed
 * at creation), each optional (undefined: not given, left as it is); only the `clearable`
 * ones may be null, which clears them — a null status or name is bad input, never a write.
 */
export function changesOf<
  Shape extends z.ZodRawShape,
  const Omitted extends keyof Shape = never,
  const Clearable extends Exclude<keyof Shape, Omitted> = never,
>(create: z.ZodObject<Shape>, options: { omit?: readonly Omitted[]; clearable?: readonly Clearable[] } = {}) {
  const omit = new Set<PropertyKey>(options.omit ?? []);
  const clearable = new Set<PropertyKey>(options.clearable ?? []);
  const shape = Object.fromEntries(
    Object.entries(create.shape)
      .filter(([field]) => !omit.has(field))
      .map(([field, schema]) => {
        const given = unwrapped(schema as z.ZodType);
        return [field, clearable.has(field) ? given.nullish() : given.optional()];
      }),
  );
  return z.object(shape) as unknown as z.ZodObject<{
    [Field in Exclude<keyof Shape, Omitted>]: Field extends Clearable
      ? z.ZodOptional<z.ZodNullable<Unwrapped<Shape[Field]>>>
      : z.ZodOptional<Unwrapped<Shape[Field]>>;
  }>;
}

/** An id to filter by: anything short; one that is not a UUID matches nothing (see where.ts `sameId`). */
export const idFilter = z.string().max(64).nullish();
