import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SeededClient, seedClient, seedUser } from '../authorize/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { browserTestsEnabled, launchBrowser, type TestBrowser } from '../helpers/browser.js';

const EMAIL = 'pat@example.com';
const SCOPE = 'customers.view.own orders.view.own';
/** Chromium reaches the portal's server under these names (both loopback, so secure contexts). */
const PORTAL = 'http://portal.localhost';
const STRANGER = 'http://stranger.localhost';

const files = {
  '/oauth4webapi.js': readFileSync(createRequire(import.meta.url).resolve('oauth4webapi'), 'utf8'),
  '/app.js': readFileSync(new URL('./portal-spa/app.js', import.meta.url), 'utf8'),
  '/index.html': readFileSync(new URL('./portal-spa/index.html', import.meta.url), 'utf8'),
};

/**
 * The portal developer's first hour (PRODUCT §8), in Chromium with JavaScript on: a
 * single-page app on its own origin runs oauth4webapi in the page — discovery, the
 * redirect, login and consent, the code exchange, a GraphQL query, a refresh and a
 * revocation, every one a fetch() across origins. The same page on an origin that is no
 * client's can read discovery and nothing else: the browser blocks the rest.
 */
/** The same page with plain Bearer tokens, and with DPoP under required server nonces (RFC 9449). */
const VARIANTS = [
  { variant: 'Bearer', dpop: false, env: {}, tokenType: 'bearer' },
  { variant: 'DPoP with server nonces', dpop: true, env: { DPOP_NONCE_REQUIRED: 'true' }, tokenType: 'dpop' },
];

describe.runIf(browserTestsEnabled()).each(VARIANTS)(
  'a portal SPA on its own origin, in Chromium ($variant)',
  ({ dpop, env, tokenType }) => {
    let t: TestApp;
    let site: Server;
    let browser: TestBrowser;
    let page: Page;
    let portal: SeededClient;

    beforeAll(async () => {
      t = await startTestApp(env);
      await seedUser(t, EMAIL, SCOPE.split(' '));
      // Web origins are left to their default: the redirect URI's origin.
      portal = await seedClient(t, { redirectUris: [`${PORTAL}/callback`], allowedScopes: SCOPE.split(' ') });
      site = await servePortal({ issuer: t.config.issuer, clientId: portal.id, scope: SCOPE, dpop });
      const port = (site.address() as AddressInfo).port;
      browser = await launchBrowser({
        hostRules: `MAP portal.localhost:80 127.0.0.1:${port}, MAP stranger.localhost:80 127.0.0.1:${port}`,
      });
      page = await browser.context.newPage();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => site?.close(resolve));
      await t?.close();
    });

    const result = async (status: string) => {
      await page
        .getByRole('status')
        .filter({ hasText: new RegExp(`^(${status}|failed)$`) })
        .waitFor({ timeout: 20_000 });
      return JSON.parse((await page.locator('#result').textContent()) ?? 'null');
    };

    it('signs in with code + PKCE and calls every endpoint by fetch() from the page', async () => {
      const corsAnswers: string[] = [];
      page.on('response', (response) => {
        const allowed = response.headers()['access-control-allow-origin'];
        if (allowed) corsAnswers.push(`${response.request().method()} ${new URL(response.url()).pathname} → ${allowed}`);
      });
      await page.goto(`${PORTAL}/`);
      await page.getByRole('heading', { name: 'Sign in to continue' }).waitFor();
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.origin === PORTAL && url.pathname === '/callback');

      const outcome = await result('signed in');
      expect(outcome).toEqual({
        tokenType,
        scope: SCOPE,
        api: {
          status: 200,
          body: {
            data: {
              viewer: { type: 'USER', permissions: SCOPE.split(' ').sort() },
              customers: { totalCount: 0 },
              appClients: null,
            },
            errors: [expect.objectContaining({ path: ['appClients'], extensions: { code: 'FORBIDDEN' } })],
          },
        },
        rotated: true,
        afterRefresh: { status: 200, body: { data: { viewer: { type: 'USER' } } } },
        // The revoked family refuses the refresh, and the page can read why.
        afterRevocation: expect.objectContaining({ error: 'invalid_grant' }),
      });
      // Every cross-origin answer named the portal's origin (the metadata, anyone's). Chromium
      // answers the preflights (a JSON body with Authorization needs one) inside its network
      // stack, unseen by the page; the POST /graphql that followed shows it passed.
      expect(corsAnswers).toEqual(
        expect.arrayContaining([
          `POST /oauth/token → ${PORTAL}`,
          `POST /graphql → ${PORTAL}`,
          `POST /oauth/revoke → ${PORTAL}`,
          'GET /.well-known/oauth-authorization-server → *',
        ]),
      );
      expect(corsAnswers.filter((answer) => !answer.endsWith(PORTAL) && !answer.endsWith('*'))).toEqual([]);
    });

    it('the same page on an origin that is no client’s reads discovery, and the browser blocks the rest', async () => {
      await page.goto(`${STRANGER}/probe`);
      const outcome = await result('probed');
      expect(outcome).toEqual({
        discovered: t.config.issuer,
        token: { name: 'TypeError', message: 'Failed to fetch' },
        api: { name: 'TypeError', message: 'Failed to fetch' },
      });
    });
  },
);

/** The portal's own web server: its page, its script and the library, on another origin than the API. */
async function servePortal(config: { issuer: string; clientId: string; scope: string; dpop: boolean }): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://portal').pathname;
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    } else if (path === '/app.js' || path === '/oauth4webapi.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(files[path]);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(files['/index.html']);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
