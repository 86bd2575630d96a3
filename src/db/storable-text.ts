/**
 * Why a string cannot be stored as PostgreSQL text or jsonb, or null when it can.
 *
 * - A NUL character: `text` cannot hold one (PostgreSQL raises 22021, PGlite 08P01).
 * - A lone UTF-16 surrogate (e.g. a JSON `"\ud800"`): it has no UTF-8 form, so the driver
 *   silently turns it into U+FFFD in a `text` column, and `jsonb` (the audit log) refuses
 *   its `\ud800` escape outright.
 *
 * Every request value that may reach the database passes through this one check at the
 * edge (OAuth parameters, client credentials, page forms, GraphQL variables and literals),
 * so such input is a clear client error, never a 500 and never altered data.
 */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (!value.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  return null;
}
