import { fileURLToPath } from 'node:url';
import * as oauth from 'oauth4webapi';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/auth/principal.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { browserTestsEnabled, launchBrowser, type StubSite, startStubSite, type TestBrowser } from '../helpers/browser.js';
import { PASSWORD, type SeededClient, seedClient, seedUser } from './fixtures.js';

const SCREENSHOT = fileURLToPath(new URL('../../docs/consent.png', import.meta.url));
const EMAIL = 'alice@example.com';

/**
 * The whole authorization code flow in headless Chromium, with JavaScript turned off
 * (the pages must not need it): login, consent, redirect with a code, exchange with
 * oauth4webapi and PKCE, a second run that skips consent, Deny, and code reuse.
 */
describe.runIf(browserTestsEnabled())('authorization code + PKCE in Chromium', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let site: StubSite;
  let page: Page;
  let portal: SeededClient;
  let as: oauth.AuthorizationServer;
  const insecure = { [oauth.allowInsecureRequests]: true } as const;

  beforeAll(async () => {
    t = await startTestApp();
    await seedUser(t, EMAIL, ['orders.view.own', 'customers.view.own', 'orders.create.own']);
    // The portal is a stand-in site on loopback, reached by Chromium under a fixed name so
    // that the screenshot does not change with the port.
    site = await startStubSite();
    portal = await seedClient(t, { redirectUris: ['http://portal.localhost/callback'] });
    browser = await launchBrowser({
      javaScriptEnabled: false,
      hostRules: `MAP portal.localhost:80 ${new URL(site.origin).host}`,
    });
    page = await browser.context.newPage();
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
  });

  async function startAuthorization(client: SeededClient, scope: string) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint as string);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.id,
      redirect_uri: client.redirectUri,
      scope,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.href, verifier, state };
  }

  async function exchange(client: SeededClient, callbackUrl: string, state: string, verifier: string) {
    const oauthClient: oauth.Client = { client_id: client.id };
    const params = oauth.validateAuthResponse(as, oauthClient, new URL(callbackUrl), state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      oauthClient,
      oauth.None(),
      params,
      client.redirectUri,
      verifier,
      insecure,
    );
    return oauth.processAuthorizationCodeResponse(as, oauthClient, response);
  }

  const atCallback = () => page.waitForURL((url) => url.href.startsWith(portal.redirectUri));

  let firstCallback: { url: string; state: string; verifier: string; accessToken: string };

  it('login (keyboard only), consent, redirect with a code, exchange with PKCE', async () => {
    const flow = await startAuthorization(portal, 'orders.view.own customers.view.own');
    const response = await page.goto(flow.url);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await expect(page.getByRole('heading', { name: 'Sign in to continue' }).isVisible()).resolves.toBe(true);

    // The username field has autofocus; Tab reaches the password, Enter submits.
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Acme Customer Portal wants to access your account' }).waitFor();
    const scopes = page.getByRole('list').getByRole('listitem');
    expect(await scopes.locator('.scope-text').allInnerTexts()).toEqual(['See your own orders', 'See your own customers']);
    await expect(page.getByText('See your orders and invoices from Acme.').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Deny then Allow in the tab order; Allow is chosen from the keyboard.
    await page.getByRole('button', { name: 'Allow' }).focus();
    await Promise.all([atCallback(), page.keyboard.press('Enter')]);
    const callback = page.url();
    expect(new URL(callback).searchParams.get('iss')).toBe(t.config.issuer);
    const tokens = await exchange(portal, callback, flow.state, flow.verifier);
    expect(tokens.scope).toBe('orders.view.own customers.view.own');
    const principal = await t.app.services.authenticator.authenticate(`Bearer ${tokens.access_token}`);
    expect([...principal.permissions].sort()).toEqual(['customers.view.own', 'orders.view.own']);
    firstCallback = { url: callback, state: flow.state, verifier: flow.verifier, accessToken: tokens.access_token };
  });

  it('a second run skips the consent screen', async () => {
    const flow = await startAuthorization(portal, 'orders.view.own');
    await Promise.all([atCallback(), page.goto(flow.url)]);
    const tokens = await exchange(portal, page.url(), flow.state, flow.verifier);
    expect(tokens.scope).toBe('orders.view.own');
  });

  it('Deny sends access_denied back with the state', async () => {
    const flow = await startAuthorization(portal, 'orders.view.own orders.create.own');
    await page.goto(flow.url);
    await expect(page.getByText('Create your own orders').isVisible()).resolves.toBe(true);
    await Promise.all([atCallback(), page.getByRole('button', { name: 'Deny' }).click()]);
    const params = new URL(page.url()).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(flow.state);
    expect(() => oauth.validateAuthResponse(as, { client_id: portal.id }, new URL(page.url()), flow.state)).toThrow(
      oauth.AuthorizationResponseError,
    );
  });

  it('reusing a code is refused and revokes the tokens issued from it', async () => {
    const reuse = exchange(portal, firstCallback.url, firstCallback.state, firstCallback.verifier);
    await expect(reuse).rejects.toSatisfy(
      (error: unknown) => error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant',
    );
    await expect(t.app.services.authenticator.authenticate(`Bearer ${firstCallback.accessToken}`)).rejects.toSatisfy(
      (error: unknown) => error instanceof AuthenticationError && error.reason === 'revoked',
    );
  });

  it('the pages refuse to be framed (frame-ancestors, X-Frame-Options)', async () => {
    const flow = await startAuthorization(portal, 'orders.view.own');
    site.page('/framer', `<!doctype html><iframe src="${flow.url.replace(/&/g, '&amp;')}"></iframe>`);
    // goto waits for the load event, which waits for the frame (loaded or refused).
    await page.goto(`${site.origin}/framer`);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame).toBeDefined();
    const framedText =
      (await frame
        ?.locator('body')
        .textContent()
        .catch(() => '')) ?? '';
    expect(framedText).not.toContain('Sign in');
    expect(framedText).not.toContain('wants to access');
  });
});
