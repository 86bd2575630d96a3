import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity.js';
import { SignInSession } from '../../src/modules/session/sign-in-session.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  authorizationUrl,
  HttpBrowser,
  locationOf,
  type Portal,
  SIGNED_OUT,
  seedOidcUser,
  seedPortal,
  signIn,
} from './support.js';

const EMAIL = 'barbara@example.test';

/** RP-Initiated Logout 1.0 at `GET|POST /oauth/logout`: exact post-logout redirects, the sign-in ended everywhere. */
describe('end session', () => {
  let t: TestApp;
  let portal: Portal;
  let other: Portal;
  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedPortal(t);
    other = await seedPortal(t, { name: 'Other portal', postLogoutRedirectUris: ['https://other.example.test/bye'] });
    await seedOidcUser(t, EMAIL);
  });
  afterAll(() => t.close());

  const logout = (browser: HttpBrowser, params: Record<string, string>, method: 'GET' | 'POST' = 'GET') =>
    method === 'GET'
      ? browser.get(`${t.url}/oauth/logout?${new URLSearchParams(params)}`)
      : browser.post(`${t.url}/oauth/logout`, params);

  /** A page, never a redirect: the request was refused before any address could be trusted. */
  async function expectRefusedPage(response: Response, words: RegExp): Promise<void> {
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).toMatch(words);
  }

  it('without a redirect shows the signed-out page with the pages’ headers, and ends the sign-in', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const page = await logout(browser, {});
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('You are signed out');
    const session = await t.orm.em.fork().findOneOrFail(SignInSession, { id: tokens.claims()?.sid as string });
    expect(session.endedAt).toBeInstanceOf(Date);
    const events = await t.orm.em.fork().find(AuditEvent, { action: 'session.ended' });
    expect(events.map((event) => event.details)).toContainEqual({ via: 'end_session', clientId: null });
  });

  it('POST works as GET and redirects to the registered URI with state', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const response = await logout(
      browser,
      { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: SIGNED_OUT, state: 'a b&c' },
      'POST',
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${SIGNED_OUT}?state=a+b%26c`);
    const silent = await authorizationUrl(portal, { prompt: 'none' });
    expect(locationOf(await browser.get(silent.url.href), t.url).searchParams.get('error')).toBe('login_required');
  });

  it('revokes the tokens of the ended sign-in, and only those', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const elsewhere = (await signIn(t, portal, new HttpBrowser(), EMAIL)).tokens;
    const userinfo = (accessToken: string) =>
      fetch(`${t.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await logout(browser, { id_token_hint: tokens.id_token ?? '' })).status).toBe(200);
    expect((await userinfo(tokens.access_token)).status).toBe(401);
    await expect(client.refreshTokenGrant(portal.config, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // Another browser's sign-in of the same user goes on.
    expect((await userinfo(elsewhere.access_token)).status).toBe(200);
    expect((await client.refreshTokenGrant(portal.config, elsewhere.refresh_token ?? '')).access_token).toBeTruthy();
  });

  it('with client_id alone may redirect too (no ID token kept)', async () => {
    const browser = new HttpBrowser();
    await signIn(t, portal, browser, EMAIL);
    const response = await logout(browser, { client_id: portal.id, post_logout_redirect_uri: SIGNED_OUT });
    expect(response.headers.get('location')).toBe(SIGNED_OUT);
  });

  it('ends the hinted session even when the cookie did not come along', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const cookie = browser.sessionCookie;
    browser.forgetCookie();
    expect((await logout(browser, { id_token_hint: tokens.id_token ?? '' })).status).toBe(200);
    const silent = await authorizationUrl(portal, { prompt: 'none' });
    const answer = await fetch(silent.url, { headers: { cookie: cookie ?? '' }, redirect: 'manual' });
    expect(locationOf(answer, t.url).searchParams.get('error')).toBe('login_required');
  });

  it('redirects only to an exact registered post-logout URI of the hinted client', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const hint = tokens.id_token ?? '';
    const unregistered = [
      `${SIGNED_OUT}/`,
      `${SIGNED_OUT}?x=1`,
      SIGNED_OUT.toUpperCase(),
      'https://portal.example.test/callback',
      'https://other.example.test/bye',
      'https://evil.example/',
    ];
    for (const uri of unregistered) {
      await expectRefusedPage(
        await logout(browser, { id_token_hint: hint, post_logout_redirect_uri: uri }),
        /has not registered/,
      );
    }
    // Refused requests end nothing: the portal's session is still on.
    const silent = await authorizationUrl(portal, { prompt: 'none' });
    expect(locationOf(await browser.get(silent.url.href), t.url).searchParams.has('code')).toBe(true);
  });

  it('names the client on the signed-out page, escaped', async () => {
    const hostile = await seedPortal(t, { name: '<script>alert(1)</script> & co' });
    const page = await logout(new HttpBrowser(), { client_id: hostile.id });
    const html = await page.text();
    expect(html).toContain('To use &lt;script&gt;alert(1)&lt;/script&gt; &amp; co again, sign in from there.');
    expect(html).not.toContain('<script>');
  });

  it('refuses hints and clients that do not fit, on a page', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const hint = tokens.id_token ?? '';
    await expectRefusedPage(await logout(browser, { post_logout_redirect_uri: SIGNED_OUT }), /needs the application/);
    await expectRefusedPage(
      await logout(browser, { id_token_hint: hint, client_id: other.id, post_logout_redirect_uri: SIGNED_OUT }),
      /does not match/,
    );
    await expectRefusedPage(await logout(browser, { id_token_hint: tokens.access_token }), /did not issue/);
    await expectRefusedPage(await logout(browser, { id_token_hint: `${hint.slice(0, -4)}AAAA` }), /did not issue/);
    await expectRefusedPage(await logout(browser, { client_id: 'not-a-client' }), /not registered/);
    await expectRefusedPage(await browser.get(`${t.url}/oauth/logout?state=1&state=2`), /more than once/);
  });

  it('takes the URL openid-client builds, and an expired ID token as a hint (RP-Initiated Logout §2)', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, other, browser, EMAIL);
    const url = client.buildEndSessionUrl(other.config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'https://other.example.test/bye',
    });
    expect(url.origin + url.pathname).toBe(`${t.config.issuer}/oauth/logout`);
    const response = await browser.get(url.href);
    expect(response.headers.get('location')).toBe('https://other.example.test/bye');

    const claims = tokens.claims();
    const expired = await t.app.services.keys.signIdToken({
      sub: claims?.sub ?? '',
      clientId: other.id,
      authTime: claims?.auth_time ?? 0,
      expiresAt: Math.floor(Date.now() / 1000) - 3600,
    });
    const late = await browser.get(
      `${t.url}/oauth/logout?${new URLSearchParams({ id_token_hint: expired, post_logout_redirect_uri: 'https://other.example.test/bye' })}`,
    );
    expect(late.headers.get('location')).toBe('https://other.example.test/bye');
  });
});
