import * as client from 'openid-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { browserTestsEnabled, launchBrowser, type StubSite, startStubSite, type TestBrowser } from '../helpers/browser.js';
import { authorizationUrl, PASSWORD, type Portal, seedOidcUser, seedPortal } from './support.js';

const EMAIL = 'katherine@example.test';
const CALLBACK = 'http://portal.localhost/callback';
const SIGNED_OUT = 'http://portal.localhost/signed-out';

/**
 * The OpenID Connect session in a real browser (Chromium, JavaScript off): sign in,
 * a silent prompt=none sign-in, RP-initiated logout back to the portal, and the next
 * prompt=none answered login_required.
 */
describe.runIf(browserTestsEnabled())('OpenID Connect session in Chromium', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let site: StubSite;
  let page: Page;
  let portal: Portal;
  let idToken = '';
  /** Pages the server rendered (HTML responses), to prove a silent request showed none. */
  const pages: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await seedOidcUser(t, EMAIL);
    site = await startStubSite();
    portal = await seedPortal(t, { redirectUris: [CALLBACK], postLogoutRedirectUris: [SIGNED_OUT] });
    browser = await launchBrowser({
      javaScriptEnabled: false,
      hostRules: `MAP portal.localhost:80 ${new URL(site.origin).host}`,
    });
    page = await browser.context.newPage();
    page.on('response', (response) => {
      if (response.url().startsWith(t.url) && (response.headers()['content-type'] ?? '').startsWith('text/html')) {
        pages.push(response.url());
      }
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
  });

  const atPortal = () => page.waitForURL((url) => url.host === 'portal.localhost');

  async function exchange(pending: Awaited<ReturnType<typeof authorizationUrl>>) {
    return client.authorizationCodeGrant(portal.config, new URL(page.url()), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
  }

  it('signs in on the pages and the portal gets a valid ID token', async () => {
    const pending = await authorizationUrl(portal, { redirect_uri: CALLBACK, login_hint: EMAIL });
    await page.goto(pending.url.href);
    // login_hint prefilled the username: only the password is typed.
    expect(await page.getByLabel('Email address').inputValue()).toBe(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Acme Portal wants to access your account' }).waitFor();
    expect(await page.locator('.scope-text').allInnerTexts()).toEqual([
      'Sign you in with your account',
      'See your name',
      'See your email address',
      'See your phone number',
      'See your own orders',
    ]);
    await Promise.all([atPortal(), page.getByRole('button', { name: 'Allow' }).click()]);
    const tokens = await exchange(pending);
    expect(tokens.claims()?.email).toBeUndefined();
    expect(tokens.claims()?.sid).toEqual(expect.any(String));
    idToken = tokens.id_token ?? '';
  });

  it('prompt=none signs in again silently: no page is shown', async () => {
    pages.length = 0;
    const pending = await authorizationUrl(portal, { redirect_uri: CALLBACK, prompt: 'none' });
    await Promise.all([atPortal(), page.goto(pending.url.href)]);
    expect(pages).toEqual([]);
    expect(new URL(page.url()).searchParams.has('code')).toBe(true);
    expect((await exchange(pending)).claims()?.sub).toEqual(expect.any(String));
  });

  it('logs out through the end-session endpoint, back to the portal with state', async () => {
    const url = client.buildEndSessionUrl(portal.config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: SIGNED_OUT,
      state: 'after-logout',
    });
    await Promise.all([atPortal(), page.goto(url.href)]);
    expect(page.url()).toBe(`${SIGNED_OUT}?state=after-logout`);
    const cookies = await browser.context.cookies(t.url);
    expect(cookies.filter((cookie) => cookie.name === 'core_session')).toEqual([]);
  });

  it('the next prompt=none is login_required', async () => {
    const pending = await authorizationUrl(portal, { redirect_uri: CALLBACK, prompt: 'none' });
    await Promise.all([atPortal(), page.goto(pending.url.href)]);
    const answer = new URL(page.url());
    expect(answer.searchParams.get('error')).toBe('login_required');
    expect(answer.searchParams.get('state')).toBe(pending.state);
  });
});
