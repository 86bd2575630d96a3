import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { createClient } from '../../src/modules/client/client.service.js';
import type { ClientInput } from '../../src/modules/client/client.validation.js';
import { createUser } from '../../src/modules/user/user.service.js';
import type { TestApp } from '../helpers/app.js';
import { HttpBrowser, redirectParams } from './http-browser.js';

export const PASSWORD = 'correct horse battery staple';
export const PORTAL_CALLBACK = 'https://portal.example.test/callback';

export interface SeededClient {
  id: string;
  secret: string | null;
  redirectUri: string;
}

export async function seedUser(
  t: TestApp,
  email: string,
  permissions: string[] = ['orders.view.own', 'customers.view.own'],
  phone?: string,
): Promise<string> {
  const user = await createUser(t.orm.em.fork(), { email, phone, password: PASSWORD }, { permissions });
  return user.id;
}

/** An authorization-code client; `overrides` win (name, description, public, first-party…). */
export async function seedClient(t: TestApp, overrides: Partial<ClientInput> = {}): Promise<SeededClient> {
  const em: EntityManager = t.orm.em.fork();
  const input: ClientInput = {
    name: 'Acme Customer Portal',
    description: 'See your orders and invoices from Acme.',
    grantTypes: ['authorization_code'],
    redirectUris: [PORTAL_CALLBACK],
    confidential: false,
    allowedScopes: ['orders.view.own', 'customers.view.own', 'orders.create.own', 'orders.update.own'],
    ...overrides,
  };
  const { client, secret } = await createClient(em, input);
  return { id: client.id, secret, redirectUri: input.redirectUris?.[0] ?? PORTAL_CALLBACK };
}

/** An RFC 7636 S256 pair. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** `/oauth/authorize?…` for a client, with PKCE and a state unless overridden (undefined drops a parameter). */
export function authorizeUrl(t: TestApp, params: Record<string, string | undefined>): string {
  const url = new URL('/oauth/authorize', t.url);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return url.href;
}

export function codeRequest(client: SeededClient, challenge: string, extra: Record<string, string | undefined> = {}) {
  const given = Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined));
  return {
    response_type: 'code',
    client_id: client.id,
    redirect_uri: client.redirectUri,
    scope: 'orders.view.own customers.view.own',
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...given,
  };
}

/**
 * Runs the browser part of the flow over HTTP (login, Allow if asked) and returns the
 * redirect's parameters: `code`, `state`, `iss`.
 */
export async function obtainCode(
  t: TestApp,
  client: SeededClient,
  options: { email: string; challenge?: string | null; scope?: string; extra?: Record<string, string> },
): Promise<URLSearchParams> {
  const browser = new HttpBrowser();
  const challenge = options.challenge === undefined ? pkcePair().challenge : options.challenge;
  const withoutPkce = challenge === null ? { code_challenge: undefined, code_challenge_method: undefined } : {};
  const url = authorizeUrl(t, {
    ...codeRequest(client, challenge ?? '', { scope: options.scope, ...options.extra }),
    ...withoutPkce,
  });
  const login = await (await browser.get(url)).text();
  await browser.submit(t.url, login, { username: options.email, password: PASSWORD });
  const next = await browser.get(url);
  if (next.status === 303) return redirectParams(next);
  return redirectParams(await browser.submit(t.url, await next.text(), { decision: 'allow' }));
}
