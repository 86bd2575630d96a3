import * as client from 'openid-client';
import { createClient } from '../../src/modules/client/client.service.js';
import type { ClientInput } from '../../src/modules/client/client.validation.js';
import { createUser } from '../../src/modules/user/user.service.js';
import { HttpBrowser } from '../authorize/http-browser.js';
import type { TestApp } from '../helpers/app.js';

export const PASSWORD = 'correct horse battery staple';
export const CALLBACK = 'https://portal.example.test/callback';
export const SIGNED_OUT = 'https://portal.example.test/signed-out';
export const OIDC_SCOPE = 'openid profile email phone orders.view.own';

export interface Portal {
  id: string;
  config: client.Configuration;
}

/** A public portal client, known to openid-client through discovery alone. */
export async function seedPortal(t: TestApp, overrides: Partial<ClientInput> = {}): Promise<Portal> {
  const { client: created } = await createClient(t.orm.em.fork(), {
    name: 'Acme Portal',
    description: 'Your orders at Acme.',
    grantTypes: ['authorization_code'],
    redirectUris: [CALLBACK],
    postLogoutRedirectUris: [SIGNED_OUT],
    confidential: false,
    allowedScopes: ['openid', 'profile', 'email', 'phone', 'orders.view.own'],
    ...overrides,
  });
  const config = await client.discovery(new URL(t.config.issuer), created.id, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  // Verify ID token signatures against the JWKS too (openid-client skips it by default over TLS).
  client.enableNonRepudiationChecks(config);
  return { id: created.id, config };
}

export async function seedOidcUser(t: TestApp, email: string, phone = '+46701112233'): Promise<string> {
  const user = await createUser(
    t.orm.em.fork(),
    { email, phone, password: PASSWORD, name: 'Ada Lovelace', emailVerified: true, phoneVerified: false },
    { permissions: ['orders.view.own'] },
  );
  return user.id;
}

/** What the portal keeps between sending the browser off and its return. */
export interface Pending {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export async function authorizationUrl(portal: Portal, extra: Record<string, string> = {}): Promise<Pending> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(portal.config, {
    redirect_uri: CALLBACK,
    scope: OIDC_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** A redirect's absolute target (the server's own redirects are relative). */
export function locationOf(response: Response, base: string): URL {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, base);
}

/**
 * Drives the pages over HTTP until the browser is sent back to the portal: the login
 * page (if shown), the consent screen (if shown, answered Allow). Returns the callback URL.
 */
export async function runBrowser(t: TestApp, browser: HttpBrowser, start: URL, email: string): Promise<URL> {
  let response = await browser.get(start.href);
  for (let step = 0; step < 4; step += 1) {
    if (response.status === 303) {
      const target = locationOf(response, t.url);
      if (target.origin !== new URL(t.url).origin) return target;
      response = await browser.get(target.href);
      continue;
    }
    const html = await response.text();
    const fields: Record<string, string> = html.includes('name="password"')
      ? { username: email, password: PASSWORD }
      : { decision: 'allow' };
    response = await browser.submit(t.url, html, fields);
  }
  throw new Error('the flow did not return to the portal');
}

/** The whole code flow: pages, then openid-client's checks and code exchange. */
export async function signIn(
  t: TestApp,
  portal: Portal,
  browser: HttpBrowser,
  email: string,
  extra: Record<string, string> = {},
) {
  const pending = await authorizationUrl(portal, extra);
  const callback = await runBrowser(t, browser, pending.url, email);
  const tokens = await client.authorizationCodeGrant(portal.config, callback, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    // Without openid there is no ID token to carry the nonce.
    ...((extra.scope ?? OIDC_SCOPE).split(' ').includes('openid') ? { expectedNonce: pending.nonce } : {}),
    ...(extra.max_age ? { maxAge: Number(extra.max_age) } : {}),
  });
  return { tokens, pending, callback };
}

export { HttpBrowser };
