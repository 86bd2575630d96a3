import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/modules/client/client.service.js';
import { authorizeUrl, codeRequest, PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from '../authorize/fixtures.js';
import { HttpBrowser, readForm } from '../authorize/http-browser.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectSafePage } from '../stress/support/checks.js';
import { XSS } from '../stress/support/hostile.js';

const REGISTERED = 'https://portal.example.test/callback';

/** Classic open-redirect payloads against an exact-match redirect URI (RFC 9700 §4.1.3, §4.11). */
const REDIRECT_ATTACKS = [
  'https://evil.example/callback',
  '//evil.example/callback',
  'https://portal.example.test.evil.example/callback',
  'https://portal.example.test@evil.example/callback',
  'https://evil.example/https://portal.example.test/callback',
  'https://portal.example.test/callback/../../evil',
  'https://portal.example.test/callback%2F..%2F..%2Fevil',
  'https://PORTAL.example.test/callback',
  'https://portal.example.test/callback?next=https://evil.example',
  'https://portal.example.test/callback#@evil.example',
  'http://portal.example.test/callback',
  'https://portal.example.test/callback ',
  'https://portal.example.test/callback\t',
  'https://portal.example.test\\@evil.example/callback',
  '/\\evil.example',
  'javascript:alert(document.domain)//https://portal.example.test/callback',
  'data:text/html,<script>alert(1)</script>',
  'https://pοrtal.example.test/callback',
];

/**
 * The authorization pages against the browser attacks: open redirects through the
 * redirect URI (never a Location to an unregistered address, at any step), CSRF on
 * both forms (every way of getting the token wrong), and script schemes refused at
 * client registration so no redirect can ever run script.
 */
describe('authorization pages: open redirects, CSRF, script redirect URIs', () => {
  let t: TestApp;
  let client: SeededClient;
  beforeAll(async () => {
    t = await startTestApp();
    client = await seedClient(t, { redirectUris: [REGISTERED] });
    await seedUser(t, 'victim@example.test');
    await seedUser(t, 'csrf.victim@example.test');
  });
  afterAll(() => t.close());

  const request = (redirectUri: string) =>
    authorizeUrl(t, codeRequest(client, pkcePair().challenge, { redirect_uri: redirectUri }));

  it(`refuses each of ${REDIRECT_ATTACKS.length} redirect payloads with an error page and no Location`, async () => {
    for (const attack of REDIRECT_ATTACKS) {
      const response = await new HttpBrowser().get(request(attack));
      expect(response.status, attack).toBe(400);
      expect(response.headers.get('location'), attack).toBeNull();
      expect(await response.text()).toContain('Invalid redirect address');
    }
  });

  it('refuses them in the forms’ hidden fields too, before and after signing in', async () => {
    const browser = new HttpBrowser();
    const login = await (await browser.get(request(REGISTERED))).text();
    for (const attack of REDIRECT_ATTACKS) {
      const response = await browser.submit(t.url, login, {
        username: 'victim@example.test',
        password: PASSWORD,
        redirect_uri: attack,
      });
      expect(response.status, attack).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    const signedIn = await browser.submit(t.url, login, { username: 'victim@example.test', password: PASSWORD });
    expect(signedIn.headers.get('location')).toMatch(/^\/oauth\/authorize\?/);
    const consent = await (await browser.get(request(REGISTERED))).text();
    for (const attack of REDIRECT_ATTACKS) {
      const response = await browser.submit(t.url, consent, { decision: 'allow', redirect_uri: attack });
      expect(response.status, attack).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    const allowed = await browser.submit(t.url, consent, { decision: 'allow' });
    expect(allowed.headers.get('location')?.startsWith(`${REGISTERED}?code=`)).toBe(true);
  });

  it('refuses a forged login or consent post: no token, empty, flipped, another session’s, the other form’s', async () => {
    const victim = new HttpBrowser();
    const attacker = new HttpBrowser();
    const victimLogin = await (await victim.get(request(REGISTERED))).text();
    const attackerLogin = await (await attacker.get(request(REGISTERED))).text();
    const victimToken = readForm(victimLogin).fields.csrf_token;
    const flipped = `${victimToken.slice(0, -1)}${victimToken.endsWith('A') ? 'B' : 'A'}`;
    const forged = [undefined, '', flipped, readForm(attackerLogin).fields.csrf_token];
    for (const token of forged) {
      const fields: Record<string, string> = {
        ...readForm(victimLogin).fields,
        username: 'csrf.victim@example.test',
        password: PASSWORD,
      };
      if (token === undefined) delete fields.csrf_token;
      else fields.csrf_token = token;
      const response = await victim.post(`${t.url}/oauth/authorize/login`, fields);
      expect(response.status, String(token)).toBe(403);
    }
    await victim.submit(t.url, victimLogin, { username: 'csrf.victim@example.test', password: PASSWORD });
    const consent = await (await victim.get(request(REGISTERED))).text();
    for (const token of [...forged, victimToken]) {
      const fields: Record<string, string> = { ...readForm(consent).fields, decision: 'allow' };
      if (token === undefined) delete fields.csrf_token;
      else fields.csrf_token = token;
      const response = await victim.post(`${t.url}/oauth/authorize`, fields);
      expect(response.status, String(token)).toBe(403);
      expect(response.headers.get('location')).toBeNull();
    }
    expect((await victim.submit(t.url, consent, { decision: 'allow' })).status).toBe(303);
  });

  it('reflects no markup: script payloads as client name, description, state and username stay text', async () => {
    for (const payload of XSS) {
      const hostile = await seedClient(t, { name: `App ${payload}`, description: payload, redirectUris: [REGISTERED] });
      const query = new URLSearchParams(codeRequest(hostile, pkcePair().challenge, { state: payload })).toString();
      const login = await t.app.inject({ method: 'GET', url: `/oauth/authorize?${query}` });
      expectSafePage(login, `login page, ${payload}`);
      const cookie = String(login.headers['set-cookie']).split(';')[0];
      const retyped = await t.app.inject({
        method: 'POST',
        url: '/oauth/authorize/login',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...readForm(login.body).fields, username: payload, password: 'x' }).toString(),
      });
      expect(retyped.statusCode).toBe(401);
      expectSafePage(retyped, `username typed back, ${payload}`);
      const signedIn = await t.app.inject({
        method: 'POST',
        url: '/oauth/authorize/login',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          ...readForm(login.body).fields,
          username: 'victim@example.test',
          password: PASSWORD,
        }).toString(),
      });
      const consent = await t.app.inject({
        method: 'GET',
        url: `/oauth/authorize?${query}`,
        headers: { cookie: String(signedIn.headers['set-cookie']).split(';')[0] },
      });
      expect(consent.body).toContain('wants to access your account');
      expectSafePage(consent, `consent screen, ${payload}`);
    }
  });

  it('a client cannot be registered with a script redirect URI', async () => {
    for (const uri of ['javascript:alert(1)', 'data:text/html,hi', 'vbscript:msgbox(1)', 'file:///etc/passwd']) {
      await expect(
        createClient(t.orm.em.fork(), { name: 'Script', grantTypes: ['authorization_code'], redirectUris: [uri] }),
      ).rejects.toThrow(/script scheme/);
    }
    const native = await createClient(t.orm.em.fork(), {
      name: 'Native',
      grantTypes: ['authorization_code'],
      confidential: false,
      redirectUris: ['com.example.app:/oauth/callback'],
    });
    expect(native.client.redirectUris).toEqual(['com.example.app:/oauth/callback']);
  });
});
