import type { z } from 'zod';
import { InputError } from './errors.js';

/**
 * Parses with a zod schema; the first issue becomes an {@link InputError} naming the
 * field as `<prefix>.<path>` (e.g. `input.email`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new InputError(field, issue.message);
}
