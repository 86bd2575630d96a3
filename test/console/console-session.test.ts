import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleClient } from '../../src/modules/client/console-client.js';
import { createUser } from '../../src/modules/user/user.service.js';
import { PASSWORD } from '../authorize/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { browserTestsEnabled, launchBrowser, type TestBrowser } from '../helpers/browser.js';

const ADMIN = 'admin@example.com';

/**
 * The console's token lifecycle, in Chromium with the page's clock under the test's
 * control: the access token is refreshed before it expires (and the new one is used), and
 * an access token the API refuses (401) sends the tab through a silent sign-in back to the
 * same screen, without asking for the password while the browser's session lives.
 */
describe.runIf(browserTestsEnabled())('the console keeps its session', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let page: Page;
  /** Every token request and every Authorization header the page sent to /graphql. */
  const grants: string[] = [];
  const bearers: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const em = t.orm.em.fork();
    await ensureConsoleClient(em, t.config.issuer);
    await createUser(em, { email: ADMIN, password: PASSWORD }, { admin: true });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('request', (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/oauth/token') grants.push(new URLSearchParams(request.postData() ?? '').get('grant_type') ?? '');
      if (path === '/graphql') bearers.push(request.headers().authorization ?? '');
    });
    // The page's timers and Date follow this clock, so an hour passes in a moment.
    await page.clock.install();
    await page.goto(`${t.url}/console/apps`);
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refreshes the access token before it expires and uses the new one', async () => {
    expect(grants).toEqual(['authorization_code']);
    const first = bearers.at(-1);
    expect(first).toMatch(/^Bearer ey/);
    // Just past the refresh point: 30 s before the hour-long token expires.
    await page.clock.fastForward(t.config.accessTokenTtl * 1000 - 29_000);
    await expect.poll(() => grants).toEqual(['authorization_code', 'refresh_token']);
    const rolesLoaded = page.waitForResponse((response) => new URL(response.url()).pathname === '/graphql');
    await page.getByRole('link', { name: 'Roles' }).click();
    expect((await rolesLoaded).status()).toBe(200);
    await page.getByRole('heading', { name: 'Roles' }).waitFor();
    const latest = bearers.at(-1);
    expect(latest).toMatch(/^Bearer ey/);
    expect(latest).not.toBe(first);
    // The refreshed token is one the API accepts.
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: latest ?? '' },
      body: JSON.stringify({ query: '{ viewer { type } }' }),
    });
    expect(await response.json()).toEqual({ data: { viewer: { type: 'USER' } } });
  });

  it('a refused access token (401) signs in again silently and comes back to the same screen', async () => {
    const clientId = await page.locator('meta[name="console-client-id"]').getAttribute('content');
    const token = (bearers.at(-1) ?? '').replace(/^Bearer /, '');
    const revoked = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId ?? '', token, token_type_hint: 'access_token' }),
    });
    expect(revoked.status).toBe(200);
    const before = grants.length;
    await page.getByRole('link', { name: 'Audit log' }).click();
    // 401 → /oauth/authorize with the browser's session → /console/callback → the audit log.
    await expect.poll(() => grants.slice(before)).toEqual(['authorization_code']);
    await page.waitForURL(/\/console\/audit$/);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByText(/^\d+ events?$/).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(bearers.at(-1)).not.toBe(`Bearer ${token}`);
  });
});
