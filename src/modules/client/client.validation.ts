import { z } from 'zod';
import { GRANT_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from './app-client.entity.js';
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

/** Members only a private or symmetric JWK has (RFC 7518 §6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** A JWK Set of public signing keys: RSA, EC or OKP, never a private or symmetric key. */
const jwksSchema = z
  .object({
    keys: z
      .array(
        z
          .object({ kty: z.enum(['RSA', 'EC', 'OKP']), use: z.literal('sig').optional(), kid: z.string().max(200).optional() })
          .loose()
          .refine((key) => PRIVATE_MEMBERS.every((member) => !(member in key)), 'must be a public key (no private members)'),
      )
      .min(1, 'must hold at least one key')
      .max(10),
  })
  .refine((jwks) => JSON.stringify(jwks).length <= 20_000, 'is too large');

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
    requireDpop: z.boolean().default(false),
    /** Absent: client_secret_basic for a confidential client, none for a public one. */
    tokenEndpointAuthMethod: z.enum(TOKEN_ENDPOINT_AUTH_METHODS).optional(),
    jwks: jwksSchema.nullable().optional(),
    allowedScopes: z.array(z.string().min(1).max(100)).max(200).default([]),
    /** Absent: the origins of the redirect URIs. */
    webOrigins: z.array(webOriginSchema).max(20).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.grantTypes.includes('authorization_code') && input.redirectUris.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'required for the authorization code grant' });
    }
    const method = input.tokenEndpointAuthMethod ?? (input.confidential ? 'client_secret_basic' : 'none');
    if ((method === 'none') === input.confidential) {
      ctx.addIssue({ code: 'custom', path: ['tokenEndpointAuthMethod'], message: 'none is for public clients, and only none' });
    }
    if (method === 'private_key_jwt' && !input.jwks) {
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'required for private_key_jwt' });
    }
    if (!input.confidential && input.grantTypes.includes('client_credentials')) {
      ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'client_credentials needs a confidential client' });
    }
  })
  .transform(({ webOrigins, tokenEndpointAuthMethod, jwks, ...input }) => ({
    ...input,
    tokenEndpointAuthMethod: tokenEndpointAuthMethod ?? (input.confidential ? 'client_secret_basic' : 'none'),
    jwks: jwks ?? null,
    webOrigins: webOrigins ? [...new Set(webOrigins)] : originsOf(input.redirectUris),
  }));

export type ClientInput = z.input<typeof clientInputSchema>;
export type ValidClientInput = z.output<typeof clientInputSchema>;
