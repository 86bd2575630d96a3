import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import { expect } from 'vitest';

/** Every RFC 6749/7009/6750 code a refusal may carry; `server_error` and `temporarily_unavailable` are not refusals. */
export const OAUTH_REFUSALS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'unsupported_token_type',
  'invalid_token',
  // RFC 9449 §5 / §8: a DPoP proof that cannot pass, a missing server nonce.
  'invalid_dpop_proof',
  'use_dpop_nonce',
  'too_many_requests',
  'not_found',
]);

/** A short description of a case's outcome, for failure messages. */
export function describeResponse(response: InjectResponse): string {
  return `${response.statusCode} ${response.headers['content-type'] ?? ''} ${response.body.slice(0, 300)}`;
}

/** The `error` of an OAuth JSON refusal, for the fuzzers' summaries. */
export function oauthKind(response: InjectResponse): string | undefined {
  if (response.statusCode < 400) return undefined;
  try {
    return String((JSON.parse(response.body) as { error?: unknown }).error);
  } catch {
    return 'not JSON';
  }
}

/** Never a 5xx, whatever was sent. */
export function expectNoServerError(response: InjectResponse, context: string): void {
  expect(response.statusCode, `${context}\n→ ${describeResponse(response)}`).toBeLessThan(500);
}

/**
 * A refusal in the exact RFC 6749 §5.2 shape: a 4xx, JSON `{error, error_description}`
 * and nothing else, a known code, `Cache-Control: no-store`, and a challenge on 401.
 */
export function expectOAuthRefusal(response: InjectResponse, context: string): void {
  const message = `${context}\n→ ${describeResponse(response)}`;
  expect(response.statusCode, message).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, message).toBeLessThan(500);
  expect(String(response.headers['content-type']), message).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(Object.keys(body).sort(), message).toEqual(['error', 'error_description']);
  expect(OAUTH_REFUSALS.has(body.error as string), message).toBe(true);
  expect(typeof body.error_description, message).toBe('string');
  expect((body.error_description as string).length, message).toBeGreaterThan(0);
  expect(response.headers['cache-control'], message).toBe('no-store');
  if (response.statusCode === 401) expect(response.headers['www-authenticate'], message).toBeTruthy();
  if (response.statusCode === 429) expect(String(response.headers['retry-after']), message).toMatch(/^\d+$/);
}

/**
 * The router's own refusal of a path no route can take (a path parameter longer than
 * `maxParamLength`): Fastify's 4xx JSON, before any route — and its error format — is chosen.
 */
export function isRouterRefusal(response: InjectResponse): boolean {
  if (response.statusCode !== 414) return false;
  const body = JSON.parse(response.body) as { code?: string };
  return body.code === 'FST_ERR_MAX_PARAM_LENGTH';
}

/** A successful RFC 6749 §5.1 token response. */
export function expectTokenResponse(response: InjectResponse, context: string): void {
  const message = `${context}\n→ ${describeResponse(response)}`;
  expect(response.statusCode, message).toBe(200);
  expect(response.headers['cache-control'], message).toBe('no-store');
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body.token_type, message).toBe('Bearer');
  expect(typeof body.access_token, message).toBe('string');
  expect(typeof body.expires_in, message).toBe('number');
  expect(typeof body.scope, message).toBe('string');
}

/** Tags the authorization pages use; anything else in a page was injected. */
const PAGE_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'div',
  'span',
  'main',
  'footer',
  'h1',
  'h2',
  'p',
  'strong',
  'form',
  'input',
  'label',
  'button',
  'ul',
  'li',
]);
const PAGE_ATTRIBUTES = new Set([
  'lang',
  'charset',
  'name',
  'content',
  'class',
  'aria-hidden',
  'method',
  'action',
  'type',
  'value',
  'id',
  'for',
  'autocomplete',
  'required',
  'autofocus',
  'aria-describedby',
  'aria-invalid',
  'aria-labelledby',
  'role',
]);

/**
 * The page holds only the templates' own markup: every tag and attribute is one the
 * templates use, so no reflected input became markup (no script, no handler, no
 * attribute broken out of its quotes). The headers forbid framing and inline script.
 */
export function expectSafePage(response: InjectResponse, context: string): void {
  const message = `${context}\n→ ${describeResponse(response)}`;
  expect(String(response.headers['content-type']), message).toMatch(/^text\/html/);
  expect(String(response.headers['content-security-policy']), message).toContain("frame-ancestors 'none'");
  expect(String(response.headers['content-security-policy']), message).toContain("default-src 'none'");
  expect(response.headers['x-frame-options'], message).toBe('DENY');
  const html = response.body.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    expect(PAGE_TAGS.has(tag[1].toLowerCase()), `tag <${tag[1]}> in ${message}`).toBe(true);
    const attributes = tag[2].replace(/"[^"]*"|'[^']*'/g, '""');
    for (const attribute of attributes.matchAll(/([^\s=/]+)(?:=|\s|$)/g)) {
      if (attribute[1] === '""') continue;
      expect(PAGE_ATTRIBUTES.has(attribute[1].toLowerCase()), `attribute ${attribute[1]} in ${message}`).toBe(true);
    }
  }
}
