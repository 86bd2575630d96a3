import { ConnectionException } from '@mikro-orm/core';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
]);

/**
 * True for errors that mean "the database cannot be reached", as opposed to a bug:
 * the OAuth endpoints answer them 503 temporarily_unavailable, GraphQL 503
 * SERVICE_UNAVAILABLE, the pages a 503 page.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof ConnectionException) return true;
    const { code, message } = current as { code?: unknown; message?: unknown };
    // Class 08 is "connection exception", except 08P01, which PGlite raises for a NUL byte in a parameter.
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || (code.startsWith('08') && code !== '08P01'))) return true;
    if (
      typeof message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|is not queryable/i.test(message)
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
