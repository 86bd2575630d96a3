import type { FastifyInstance } from 'fastify';
import { unstorableText } from '../../db/storable-text.js';
import type { RawParams } from './authorize-request.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Lets this scope read form posts. When a form parser is already registered (the token
 * endpoint needs one too) it is reused; otherwise a small one keeps repeated names as
 * arrays, which the request validation refuses (RFC 6749 §3.1).
 */
export function ensureFormParser(app: FastifyInstance): void {
  if (app.hasContentTypeParser(FORM)) return;
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(body as string)) {
      const existing = fields[name];
      fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    done(null, fields);
  });
}

/** The posted fields as an object; anything else (a JSON array, no body) reads as no fields. */
export function formFields(body: unknown): RawParams {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as RawParams) : {};
}

/**
 * A field given exactly once as text. A value the database cannot store (a NUL, a lone
 * surrogate) counts as absent: no username, password, token or decision holds one
 * (a failed login writes the username to the audit log).
 */
export function textField(fields: RawParams, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && unstorableText(value) === null ? value : undefined;
}
