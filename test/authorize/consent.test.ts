import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/lib/secrets.js';
import { Consent } from '../../src/modules/consent/consent.entity.js';
import { AuthorizationCode } from '../../src/modules/token/authorization-code.entity.js';
import { User } from '../../src/modules/user/user.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { authorizeUrl, codeRequest, PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from './fixtures.js';
import { HttpBrowser, readForm, redirectParams } from './http-browser.js';

describe('the consent screen', () => {
  let t: TestApp;
  let portal: SeededClient;
  let userId: string;
  const { challenge } = pkcePair();

  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedClient(t);
    userId = await seedUser(t, 'alice@example.com');
  });
  afterAll(() => t.close());

  /** A browser signed in as `email`, looking at the page `GET /oauth/authorize` answers with. */
  async function signedIn(client: SeededClient, extra: Record<string, string | undefined> = {}, email = 'alice@example.com') {
    const browser = new HttpBrowser();
    const url = authorizeUrl(t, codeRequest(client, challenge, extra));
    const login = await (await browser.get(url)).text();
    expect((await browser.submit(t.url, login, { username: email, password: PASSWORD })).status).toBe(303);
    return { browser, url, response: await browser.get(url) };
  }

  it('names the client, its description, the account and each scope in words', async () => {
    const { response } = await signedIn(portal);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Acme Customer Portal wants to access your account');
    expect(html).toContain('See your orders and invoices from Acme.');
    expect(html).toContain('Signed in as <strong>alice@example.com</strong>');
    expect(html).toContain('See your own orders');
    expect(html).toContain('See your own customers');
    expect(html).not.toContain('Create your own orders');
    expect(html).toContain('<button type="submit" name="decision" value="allow" class="primary">Allow</button>');
    expect(html).toContain('<button type="submit" name="decision" value="deny" class="secondary">Deny</button>');
    expect(html).toContain('portal.example.test');
  });

  it('refuses a consent post without the CSRF token, with another session’s login token, or without a session', async () => {
    const { browser, response } = await signedIn(portal);
    const form = readForm(await response.text());
    const consentUrl = `${t.url}${form.action}`;
    for (const token of ['', 'A'.repeat(43)]) {
      const refused = await browser.post(consentUrl, { ...form.fields, csrf_token: token, decision: 'allow' });
      expect(refused.status).toBe(403);
    }
    const loginPage = await (await new HttpBrowser().get(authorizeUrl(t, codeRequest(portal, challenge)))).text();
    const loginToken = readForm(loginPage).fields.csrf_token;
    expect((await browser.post(consentUrl, { ...form.fields, csrf_token: loginToken, decision: 'allow' })).status).toBe(403);
    // Without the session cookie the form cannot be used either: the login page comes instead.
    const anonymous = await new HttpBrowser().post(consentUrl, { ...form.fields, decision: 'allow' });
    expect(await anonymous.text()).toContain('Sign in to continue');
    expect(await t.orm.em.fork().count(AuthorizationCode, {})).toBe(0);
  });

  it('refuses a decision other than allow or deny', async () => {
    const { browser, response } = await signedIn(portal);
    const refused = await browser.submit(t.url, await response.text(), { decision: 'maybe' });
    expect(refused.status).toBe(400);
  });

  it('re-validates the posted request: a scope edited into the form → invalid_scope', async () => {
    const { browser, response } = await signedIn(portal);
    const refused = await browser.submit(t.url, await response.text(), { decision: 'allow', scope: 'users.delete' });
    expect(redirectParams(refused).get('error')).toBe('invalid_scope');
  });

  it('Deny → access_denied with the state, and nothing remembered', async () => {
    const { browser, response } = await signedIn(portal);
    const denied = await browser.submit(t.url, await response.text(), { decision: 'deny' });
    expect(denied.status).toBe(303);
    const query = redirectParams(denied);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('st-123');
    expect(query.get('code')).toBeNull();
    expect(await t.orm.em.fork().count(Consent, {})).toBe(0);
  });

  it('Allow → a single code bound to the request, stored only as SHA-256, valid 60 s; the consent is remembered', async () => {
    const { browser, response } = await signedIn(portal);
    const before = Date.now();
    const allowed = await browser.submit(t.url, await response.text(), { decision: 'allow' });
    expect(allowed.status).toBe(303);
    const query = redirectParams(allowed);
    expect(new URL(allowed.headers.get('location') ?? '').origin + new URL(allowed.headers.get('location') ?? '').pathname).toBe(
      portal.redirectUri,
    );
    expect(query.get('state')).toBe('st-123');
    expect(query.get('iss')).toBe(t.config.issuer);
    const code = query.get('code') ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await t.orm.em
      .fork()
      .findOneOrFail(AuthorizationCode, { codeHash: sha256(code) }, { populate: ['client', 'user'] });
    expect(stored.client.id).toBe(portal.id);
    expect(stored.user.id).toBe(userId);
    expect(stored.redirectUri).toBe(portal.redirectUri);
    expect(stored.scopes).toEqual(['orders.view.own', 'customers.view.own']);
    expect(stored.codeChallenge).toBe(challenge);
    expect(stored.codeChallengeMethod).toBe('S256');
    expect(stored.used).toBe(false);
    expect(stored.expiresAt.getTime() - before).toBeGreaterThan(55_000);
    expect(stored.expiresAt.getTime() - before).toBeLessThanOrEqual(61_000);
    const rows = await t.orm.em.fork().getConnection().execute('select * from authorization_code');
    expect(JSON.stringify(rows)).not.toContain(code);

    const consent = await t.orm.em.fork().findOneOrFail(Consent, { user: userId, client: portal.id });
    expect(consent.scopes).toEqual(['customers.view.own', 'orders.view.own']);
  });

  it('remembered consent: the same or fewer scopes skip the screen, a new scope asks again', async () => {
    const same = await signedIn(portal);
    expect(same.response.status).toBe(303);
    expect(redirectParams(same.response).get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const fewer = await signedIn(portal, { scope: 'orders.view.own' });
    expect(redirectParams(fewer.response).get('code')).toBeTruthy();
    const more = await signedIn(portal, { scope: 'orders.view.own orders.create.own' });
    expect(more.response.status).toBe(200);
    const html = await more.response.text();
    expect(html).toContain('Create your own orders');
    await more.browser.submit(t.url, html, { decision: 'allow' });
    const consent = await t.orm.em.fork().findOneOrFail(Consent, { user: userId, client: portal.id });
    expect(consent.scopes).toEqual(['customers.view.own', 'orders.create.own', 'orders.view.own']);
  });

  it('“Use another account” ends the session and returns to the login page for the same request', async () => {
    const { browser, url, response } = await signedIn(portal, { scope: 'orders.view.own orders.update.own' });
    const html = await response.text();
    expect(html).toContain('Use another account');
    const before = browser.sessionCookie;
    const switched = await browser.submit(t.url, html, { decision: 'switch_account' });
    expect(switched.status).toBe(303);
    expect(new URL(switched.headers.get('location') ?? '', t.url).href).toBe(url);
    expect(browser.sessionCookie).not.toBe(before);
    expect(await (await browser.get(url)).text()).toContain('Sign in to continue');
  });

  it('a first-party client skips the screen', async () => {
    const firstParty = await seedClient(t, {
      name: 'Core Admin',
      firstParty: true,
      redirectUris: ['https://admin.example.test/cb'],
    });
    const { response } = await signedIn(firstParty);
    expect(response.status).toBe(303);
    expect(redirectParams(response).get('code')).toBeTruthy();
    expect(await t.orm.em.fork().count(Consent, { client: firstParty.id })).toBe(0);
  });

  it('a disabled user’s session no longer counts', async () => {
    await seedUser(t, 'bob@example.com');
    const { browser, url } = await signedIn(portal, {}, 'bob@example.com');
    await t.orm.em.fork().nativeUpdate(User, { email: 'bob@example.com' }, { disabled: true });
    expect(await (await browser.get(url)).text()).toContain('Sign in to continue');
  });
});

describe('hostile client names, descriptions and state', () => {
  let t: TestApp;
  const payload = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&amp;`;
  const escaped = '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;amp;';

  beforeAll(async () => {
    t = await startTestApp();
    await seedUser(t, 'alice@example.com');
  });
  afterAll(() => t.close());

  it('are rendered escaped on the login page, the consent screen and in the hidden fields', async () => {
    const client = await seedClient(t, { name: `Evil ${payload}`, description: `Desc ${payload}` });
    const { challenge } = pkcePair();
    const browser = new HttpBrowser();
    const url = authorizeUrl(t, codeRequest(client, challenge, { state: payload }));
    const login = await (await browser.get(url)).text();
    expect(login).not.toContain('<script>');
    expect(login).not.toContain('<img');
    expect(login).toContain(`Evil ${escaped}`);
    expect(login).toContain(`name="state" value="${escaped}"`);
    expect(readForm(login).fields.state).toBe(payload);

    await browser.submit(t.url, login, { username: 'alice@example.com', password: PASSWORD });
    const consent = await (await browser.get(url)).text();
    expect(consent).not.toContain('<script>');
    expect(consent).not.toContain('<img');
    expect(consent).toContain(`Desc ${escaped}`);
    expect(consent).toContain(`Evil ${escaped} wants to access your account`);

    const allowed = await browser.submit(t.url, consent, { decision: 'allow' });
    expect(redirectParams(allowed).get('state')).toBe(payload);
  });

  it('a username typed back into the form is escaped too', async () => {
    const client = await seedClient(t);
    const browser = new HttpBrowser();
    const login = await (await browser.get(authorizeUrl(t, codeRequest(client, pkcePair().challenge)))).text();
    const again = await (await browser.submit(t.url, login, { username: payload, password: 'x' })).text();
    expect(again).not.toContain('<script>');
    expect(again).toContain(`value="${escaped}"`);
  });
});
