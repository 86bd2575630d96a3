import { z } from 'zod';
import { GRANT_TYPES } from './app-client.entity.js';

/** Schemes that run or embed content in the browser instead of reaching an application (RFC 8252 §7.1 allows the rest). */
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'blob:', 'file:', 'about:']);

/** Absolute URI without a fragment (RFC 6749 §3.1.2); custom schemes allowed for native apps, script schemes not. */
export const redirectUriSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.hash === '' && !value.includes('#') && url.protocol.length > 1;
    } catch {
      return false;
    }
  }, 'must be an absolute URI without a fragment')
  .refine(
    (value) => !URL.canParse(value) || !SCRIPT_SCHEMES.has(new URL(value).protocol),
    'must not use a script scheme (javascript:, data:, …)',
  );

export const clientInputSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().max(2000).default(''),
    grantTypes: z.array(z.enum(GRANT_TYPES)).min(1, 'must name at least one grant type'),
    redirectUris: z.array(redirectUriSchema).max(20).default([]),
    confidential: z.boolean().default(true),
    firstParty: z.boolean().default(false),
    allowedScopes: z.array(z.string().min(1).max(100)).max(200).default([]),
  })
  .superRefine((input, ctx) => {
    if (input.grantTypes.includes('authorization_code') && input.redirectUris.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'required for the authorization code grant' });
    }
    if (!input.confidential && input.grantTypes.includes('client_credentials')) {
      ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'client_credentials needs a confidential client' });
    }
  });

export type ClientInput = z.input<typeof clientInputSchema>;
export type ValidClientInput = z.output<typeof clientInputSchema>;
