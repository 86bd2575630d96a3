import { isUuid } from '../../lib/ids.js';

/**
 * Pieces of a resource's `where`: each turns one validated filter field into its
 * condition, or undefined when the field was not given ({@link compact} drops those).
 */

/** An id that cannot exist matches nothing rather than reaching SQL malformed. */
export function sameId(value: string | null | undefined): string | { $in: string[] } | undefined {
  if (!value) return undefined;
  return isUuid(value) ? value : { $in: [] };
}

/** Case-insensitive substring; `%`, `_` and `\` are literal characters, not patterns. */
export function containsText(value: string | null | undefined): { $ilike: string } | undefined {
  return value ? { $ilike: `%${escapeLike(value)}%` } : undefined;
}

/** Equality with a given value. */
export function equals<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** Drops the conditions of fields that were not given. */
export function compact<W extends Record<string, unknown>>(where: W): W {
  return Object.fromEntries(Object.entries(where).filter(([, value]) => value !== undefined)) as W;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
