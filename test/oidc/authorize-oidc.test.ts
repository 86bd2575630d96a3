import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  authorizationUrl,
  CALLBACK,
  HttpBrowser,
  locationOf,
  type Portal,
  runBrowser,
  seedOidcUser,
  seedPortal,
  signIn,
} from './support.js';

const EMAIL = 'grace@example.test';
const OTHER = 'linus@example.test';

/** The redirect back to the portal, as a plain object (error responses). */
async function answer(browser: HttpBrowser, t: TestApp, url: URL): Promise<Record<string, string>> {
  const response = await browser.get(url.href);
  expect(response.status, await response.clone().text()).toBe(303);
  const target = locationOf(response, t.url);
  expect(`${target.origin}${target.pathname}`).toBe(CALLBACK);
  return Object.fromEntries(target.searchParams);
}

/** OIDC Core §3.1.2.1 request parameters: nonce, prompt, max_age, login_hint, id_token_hint. */
describe('OpenID Connect authorization requests', () => {
  let t: TestApp;
  let portal: Portal;
  let other: Portal;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedPortal(t);
    other = await seedPortal(t, { name: 'Other portal' });
    userId = await seedOidcUser(t, EMAIL);
    await seedOidcUser(t, OTHER, '+46702223344');
  });
  afterAll(() => t.close());

  it('prompt=none without a session is login_required at the redirect URI, no page', async () => {
    const pending = await authorizationUrl(portal, { prompt: 'none' });
    expect(await answer(new HttpBrowser(), t, pending.url)).toEqual({
      error: 'login_required',
      error_description: 'the user must sign in',
      state: pending.state,
      iss: t.config.issuer,
    });
  });

  it('prompt=none with a session but no consent for these scopes is consent_required', async () => {
    const browser = new HttpBrowser();
    await signIn(t, portal, browser, EMAIL, { scope: 'openid' });
    const pending = await authorizationUrl(portal, { prompt: 'none', scope: 'openid email' });
    expect(await answer(browser, t, pending.url)).toMatchObject({ error: 'consent_required', state: pending.state });
  });

  it('words the identity scopes on the consent screen', async () => {
    const browser = new HttpBrowser();
    const pending = await authorizationUrl(other);
    const login = await (await browser.get(pending.url.href)).text();
    const next = await browser.submit(t.url, login, { username: EMAIL, password: 'correct horse battery staple' });
    const consent = await (await browser.get(locationOf(next, t.url).href)).text();
    for (const words of ['Sign you in with your account', 'See your name', 'See your email address', 'See your phone number']) {
      expect(consent).toContain(words);
    }
    expect(consent).toContain('See your own orders');
  });

  it('prompt=consent shows the screen again although consent was given', async () => {
    const browser = new HttpBrowser();
    await signIn(t, portal, browser, EMAIL);
    const pending = await authorizationUrl(portal, { prompt: 'consent' });
    const page = await browser.get(pending.url.href);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('wants to access your account');
  });

  it('prompt=login asks for the password again and the new ID token says when', async () => {
    const browser = new HttpBrowser();
    const first = await signIn(t, portal, browser, EMAIL);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const pending = await authorizationUrl(portal, { prompt: 'login' });
    const page = await browser.get(pending.url.href);
    expect(page.status).toBe(200);
    expect(await page.clone().text()).toContain('name="password"');
    const callback = await runBrowser(t, browser, pending.url, EMAIL);
    const tokens = await client.authorizationCodeGrant(portal.config, callback, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.auth_time).toBeGreaterThan(first.tokens.claims()?.auth_time ?? Number.POSITIVE_INFINITY);
    // A new sign-in is a new session.
    expect(claims?.sid).not.toBe(first.tokens.claims()?.sid);
  });

  it('max_age re-authenticates a session older than that, and lets a younger one through', async () => {
    const browser = new HttpBrowser();
    await signIn(t, portal, browser, EMAIL);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const recent = await authorizationUrl(portal, { max_age: '3600', prompt: 'none' });
    const callback = locationOf(await browser.get(recent.url.href), t.url);
    const tokens = await client.authorizationCodeGrant(portal.config, callback, {
      pkceCodeVerifier: recent.verifier,
      expectedState: recent.state,
      expectedNonce: recent.nonce,
      maxAge: 3600,
    });
    expect(tokens.claims()?.auth_time).toBeTypeOf('number');

    const strict = await authorizationUrl(portal, { max_age: '0', prompt: 'none' });
    expect(await answer(browser, t, strict.url)).toMatchObject({ error: 'login_required' });
    const interactive = await authorizationUrl(portal, { max_age: '0' });
    expect(await (await browser.get(interactive.url.href)).text()).toContain('name="password"');
    // After the fresh sign-in the request completes instead of asking again.
    const fresh = await signIn(t, portal, browser, EMAIL, { max_age: '0' });
    expect(fresh.tokens.claims()?.sub).toBe(userId);
  });

  it('login_hint prefills the username, escaped', async () => {
    const pending = await authorizationUrl(portal, { login_hint: 'grace"<b>@example.test' });
    const html = await (await new HttpBrowser().get(pending.url.href)).text();
    expect(html).toContain('value="grace&quot;&lt;b&gt;@example.test"');
  });

  it('id_token_hint: the signed-in user passes silently; another user, a foreign or forged hint does not', async () => {
    const browser = new HttpBrowser();
    const mine = (await signIn(t, portal, browser, EMAIL)).tokens.id_token ?? '';
    const theirs = (await signIn(t, portal, new HttpBrowser(), OTHER)).tokens.id_token ?? '';
    const foreign = (await signIn(t, other, new HttpBrowser(), EMAIL)).tokens.id_token ?? '';

    const same = await authorizationUrl(portal, { prompt: 'none', id_token_hint: mine });
    expect(await answer(browser, t, same.url)).toHaveProperty('code');
    const someoneElse = await authorizationUrl(portal, { prompt: 'none', id_token_hint: theirs });
    expect(await answer(browser, t, someoneElse.url)).toMatchObject({ error: 'login_required' });
    const wrongClient = await authorizationUrl(portal, { id_token_hint: foreign });
    expect(await answer(browser, t, wrongClient.url)).toMatchObject({
      error: 'invalid_request',
      error_description: 'id_token_hint was issued to another client',
    });
    const [header, payload] = mine.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'x' })).toString('base64url')}.${mine.split('.')[2]}`;
    const accessToken = (await signIn(t, portal, new HttpBrowser(), EMAIL)).tokens.access_token;
    for (const hint of [forged, accessToken, 'not-a-jwt']) {
      const bad = await authorizationUrl(portal, { id_token_hint: hint });
      expect(await answer(browser, t, bad.url)).toMatchObject({
        error: 'invalid_request',
        error_description: 'id_token_hint is not an ID token issued by this server',
      });
    }
  });

  it('refuses malformed OIDC parameters at the redirect URI', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ prompt: 'none login' }, 'prompt=none cannot be combined with other values'],
      [{ prompt: 'create' }, 'prompt value "create" is not supported'],
      [{ max_age: '-1' }, 'max_age must be a non-negative number of seconds'],
      [{ max_age: '1.5' }, 'max_age must be a non-negative number of seconds'],
      [{ nonce: 'n'.repeat(513) }, 'nonce must be at most 512 characters'],
      [{ login_hint: 'h'.repeat(255) }, 'login_hint must be at most 254 characters'],
    ];
    for (const [extra, description] of cases) {
      const pending = await authorizationUrl(portal, extra);
      expect(await answer(new HttpBrowser(), t, pending.url), JSON.stringify(extra)).toMatchObject({
        error: 'invalid_request',
        error_description: description,
        state: pending.state,
      });
    }
    const repeated = await authorizationUrl(portal);
    repeated.url.searchParams.append('nonce', 'second');
    expect(await answer(new HttpBrowser(), t, repeated.url)).toMatchObject({
      error: 'invalid_request',
      error_description: 'nonce was given more than once',
    });
  });
});
