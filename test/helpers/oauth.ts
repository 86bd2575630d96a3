import { expect } from 'vitest';

export interface ExpectedOAuthError {
  status: number;
  error: string;
  /** A pattern the `error_description` must match (it must always be a non-empty string). */
  description?: RegExp;
  /** For 401s: a pattern the `WWW-Authenticate` header must match; required then. */
  wwwAuthenticate?: RegExp;
}

/**
 * Asserts an RFC 6749 §5.2 (or RFC 6750 §3) error response exactly: status, a JSON
 * body of `{error, error_description}` and nothing else, `Cache-Control: no-store`,
 * and a `WWW-Authenticate` challenge on 401 (absent otherwise unless asked for).
 */
export async function expectOAuthError(
  response: Response,
  expected: ExpectedOAuthError,
): Promise<{ error: string; error_description: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(expected.status);
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: string; error_description: string };
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(body.error).toBe(expected.error);
  expect(typeof body.error_description).toBe('string');
  expect(body.error_description.length).toBeGreaterThan(0);
  if (expected.description) expect(body.error_description).toMatch(expected.description);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const challenge = response.headers.get('www-authenticate');
  if (expected.status === 401 || expected.wwwAuthenticate) {
    expect(challenge, 'WWW-Authenticate').toMatch(expected.wwwAuthenticate ?? /\S/);
  } else {
    expect(challenge).toBeNull();
  }
  return body;
}
