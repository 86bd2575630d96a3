import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity.js';
import { User } from '../../src/modules/user/user.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { authorizeUrl, codeRequest, PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from './fixtures.js';
import { HttpBrowser, readForm } from './http-browser.js';

describe('the login page', () => {
  let t: TestApp;
  let portal: SeededClient;
  const { challenge } = pkcePair();

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTRIBUTES: 'email,phone', RATE_LIMIT_MAX_FAILURES: '50' });
    portal = await seedClient(t);
    await seedUser(t, 'alice@example.com', undefined, '+46701234567');
    await seedUser(t, 'dave@example.com');
    await t.orm.em.fork().nativeUpdate(User, { email: 'dave@example.com' }, { disabled: true });
  });
  afterAll(() => t.close());

  async function openLogin(browser = new HttpBrowser()) {
    const response = await browser.get(authorizeUrl(t, codeRequest(portal, challenge)));
    expect(response.status).toBe(200);
    return { browser, html: await response.text(), response };
  }

  it('is served with the page security headers and a signed HttpOnly SameSite=Lax session cookie', async () => {
    const { response, html } = await openLogin();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self' https://portal.example.test");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith('core_session='));
    expect(cookie).toMatch(/; Max-Age=\d+/);
    // The authorization pages and the end-session endpoint (/oauth/logout), nothing else.
    expect(cookie).toMatch(/; Path=\/oauth(;|$)/);
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    // Labelled fields, no script, no external asset.
    expect(html).toContain('<label for="username">Email or phone number</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(readForm(html).fields.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a post without the CSRF token, or with the token of another session', async () => {
    const { browser, html } = await openLogin();
    const { fields } = readForm(html);
    const withoutToken = await browser.post(`${t.url}/oauth/authorize/login`, {
      ...fields,
      csrf_token: '',
      username: 'alice@example.com',
      password: PASSWORD,
    });
    expect(withoutToken.status).toBe(403);
    expect(await withoutToken.text()).toContain('This form has expired');

    const other = await openLogin();
    const foreignToken = readForm(other.html).fields.csrf_token;
    const forged = await browser.post(`${t.url}/oauth/authorize/login`, {
      ...fields,
      csrf_token: foreignToken,
      username: 'alice@example.com',
      password: PASSWORD,
    });
    expect(forged.status).toBe(403);

    const noCookie = new HttpBrowser();
    const cookieless = await noCookie.post(`${t.url}/oauth/authorize/login`, {
      ...fields,
      username: 'alice@example.com',
      password: PASSWORD,
    });
    expect(cookieless.status).toBe(403);
  });

  it('gives one generic message for a wrong password, an unknown user, a disabled user and a malformed username', async () => {
    for (const [username, password] of [
      ['alice@example.com', 'wrong password'],
      ['nobody@example.com', PASSWORD],
      ['dave@example.com', PASSWORD],
      ['not an email', PASSWORD],
    ]) {
      const { browser, html } = await openLogin();
      const response = await browser.submit(t.url, html, { username, password });
      expect(response.status).toBe(401);
      const page = await response.text();
      expect(page).toContain('The username or password is incorrect.');
      expect(page).toContain('aria-invalid="true"');
    }
  });

  it('records failed logins as audit events without the password', async () => {
    const events = await t.orm.em.fork().find(AuditEvent, { action: 'login.failed' });
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(events)).not.toContain('wrong password');
  });

  it('signs in by email or E.164 phone with a new session id, then continues the request', async () => {
    for (const username of ['Alice@Example.com', '+46701234567']) {
      const { browser, html } = await openLogin();
      const before = browser.sessionCookie;
      const response = await browser.submit(t.url, html, { username, password: PASSWORD });
      expect(response.status).toBe(303);
      expect(browser.sessionCookie).not.toBe(before);
      const next = new URL(response.headers.get('location') ?? '', t.url);
      expect(next.pathname).toBe('/oauth/authorize');
      expect(Object.fromEntries(next.searchParams)).toEqual(codeRequest(portal, challenge));
      const consent = await browser.get(next.href);
      expect(consent.status).toBe(200);
      expect(await consent.text()).toContain('wants to access your account');
    }
  });

  it('a tampered session cookie counts as no session', async () => {
    const { browser, html } = await openLogin();
    await browser.submit(t.url, html, { username: 'alice@example.com', password: PASSWORD });
    const cookie = browser.sessionCookie ?? '';
    const response = await fetch(authorizeUrl(t, codeRequest(portal, challenge)), {
      headers: { cookie: `${cookie.slice(0, -2)}xx` },
    });
    expect(await response.text()).toContain('Sign in to continue');
  });
});

describe('failed-login limits on the page', () => {
  let t: TestApp;
  let portal: SeededClient;
  const { challenge } = pkcePair();

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_MAX_FAILURES: '3' });
    portal = await seedClient(t);
    await seedUser(t, 'mallory@example.com');
    await seedUser(t, 'trent@example.com');
  });
  afterAll(() => t.close());

  async function attempt(from: string, username: string, password: string) {
    const browser = new HttpBrowser(from);
    const html = await (await browser.get(authorizeUrl(t, codeRequest(portal, challenge)))).text();
    return browser.submit(t.url, html, { username, password });
  }

  it('per username, like the password grant: 429 + Retry-After, even for the right password', async () => {
    for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
      expect((await attempt(from, 'mallory@example.com', 'guess')).status).toBe(401);
    }
    const blocked = await attempt('127.0.0.5', 'Mallory@example.com', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain('Too many failed sign-in attempts');
    // Another user from a fresh address is unaffected.
    expect((await attempt('127.0.0.6', 'trent@example.com', PASSWORD)).status).toBe(303);
  });

  it('per IP address, across usernames', async () => {
    for (const username of ['a@example.com', 'b@example.com', 'c@example.com']) {
      expect((await attempt('127.0.0.9', username, 'guess')).status).toBe(401);
    }
    expect((await attempt('127.0.0.9', 'trent@example.com', PASSWORD)).status).toBe(429);
    expect((await attempt('127.0.0.10', 'trent@example.com', PASSWORD)).status).toBe(303);
  });
});

describe('the login page with email only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTRIBUTES: 'email' });
    await seedUser(t, 'erin@example.com', undefined, '+46709876543');
  });
  afterAll(() => t.close());

  it('asks for an email address and refuses a phone number', async () => {
    const portal = await seedClient(t);
    const browser = new HttpBrowser();
    const html = await (await browser.get(authorizeUrl(t, codeRequest(portal, pkcePair().challenge)))).text();
    expect(html).toContain('<label for="username">Email address</label>');
    expect(html).toContain('type="email"');
    expect((await browser.submit(t.url, html, { username: '+46709876543', password: PASSWORD })).status).toBe(401);
  });
});
