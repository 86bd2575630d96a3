import { z } from 'zod';
import { GRANT_TYPES } from './app-client.entity.js';
import { isLoopbackHost } from './redirect-uri.js';

/** Schemes that run or embed content in the browser instead of reaching an application (RFC 8252 §7.1 allows the rest). */
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'blob:', 'file:', 'about:']);

function parsed(value: string): URL | null {
  return URL.canParse(value) ? new URL(value) : null;
}

/**
 * A redirect URI a client may register: absolute without a fragment (RFC 6749 §3.1.2);
 * `https:` (RFC 6749 §3.1.2.1), `http:` on a loopback host only (a native app's loopback
 * redirect, RFC 8252 §7.3: elsewhere a code in plain text can be read on the wire), or a native
 * app's private-use scheme (RFC 8252 §7.1) — never a script scheme.
 */
export const redirectUriSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    const url = parsed(value);
    return url !== null && url.hash === '' && !value.includes('#') && url.protocol.length > 1;
  }, 'must be an absolute URI without a fragment')
  .refine((value) => {
    const url = parsed(value);
    return url === null || !SCRIPT_SCHEMES.has(url.protocol);
  }, 'must not use a script scheme (javascript:, data:, …)')
  .refine((value) => {
    const url = parsed(value);
    return url === null || url.protocol !== 'http:' || isLoopbackHost(url.hostname);
  }, 'must use https: (plain http: only for a loopback host such as 127.0.0.1)');

/**
 * A web origin (RFC 6454) whose scripts may call us as the client: `scheme://host[:port]`
 * exactly as a browser sends it in `Origin` (lower-case host, no default port, no path or
 * trailing slash); `https:`, or `http:` on a loopback host, as for redirect URIs.
 */
export const webOriginSchema = z
  .string()
  .max(300)
  .refine((value) => {
    const url = parsed(value);
    return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  }, 'must be an origin: scheme://host[:port], without a path or trailing slash (e.g. https://portal.example.com)')
  .refine((value) => {
    const url = parsed(value);
    return url === null || url.protocol !== 'http:' || isLoopbackHost(url.hostname);
  }, 'must use https: (plain http: only for a loopback host such as http://localhost:5173)');

/** The default web origins: those of the client's http(s) redirect URIs, in order, once each. */
export function originsOf(redirectUris: readonly string[]): string[] {
  const origins = redirectUris.map(parsed).flatMap((url) => (url && /^https?:$/.test(url.protocol) ? [url.origin] : []));
  return [...new Set(origins)];
}

export const clientInputSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().max(2000).default(''),
    grantTypes: z.array(z.enum(GRANT_TYPES)).min(1, 'must name at least one grant type'),
    redirectUris: z.array(redirectUriSchema).max(20).default([]),
    postLogoutRedirectUris: z.array(redirectUriSchema).max(20).default([]),
    confidential: z.boolean().default(true),
    firstParty: z.boolean().default(false),
    requirePushedAuthorizationRequests: z.boolean().default(false),
    allowedScopes: z.array(z.string().min(1).max(100)).max(200).default([]),
    /** Absent: the origins of the redirect URIs. */
    webOrigins: z.array(webOriginSchema).max(20).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.grantTypes.includes('authorization_code') && input.redirectUris.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'required for the authorization code grant' });
    }
    if (!input.confidential && input.grantTypes.includes('client_credentials')) {
      ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'client_credentials needs a confidential client' });
    }
  })
  .transform(({ webOrigins, ...input }) => ({
    ...input,
    webOrigins: webOrigins ? [...new Set(webOrigins)] : originsOf(input.redirectUris),
  }));

export type ClientInput = z.input<typeof clientInputSchema>;
export type ValidClientInput = z.output<typeof clientInputSchema>;
