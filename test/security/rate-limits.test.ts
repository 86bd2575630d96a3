import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, codeRequest, PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from '../authorize/fixtures.js';
import { HttpBrowser } from '../authorize/http-browser.js';
import type { TestApp } from '../helpers/app.js';
import { basicAuth, createTestClient, startAppWithProxyClients, type TestClient } from '../helpers/tokens.js';

const MAX = 3;
const WINDOW_SECONDS = 3;

/**
 * The brute-force limits end to end, in real time (test/oauth/rate-limits.test.ts
 * covers the token endpoint with fake timers): failures on every endpoint that checks
 * a client secret count against one client, failures on every way of logging in count
 * against one username, any failure counts against its IP; each trips (429 with
 * Retry-After, even for the right credentials) and recovers by itself when the window
 * has passed.
 */
describe('rate limits trip and recover, across endpoints', () => {
  let t: TestApp & { proxyClients: Record<string, TestClient> };
  let machine: TestClient;
  let portal: SeededClient;
  beforeAll(async () => {
    t = await startAppWithProxyClients(['web'], {
      RATE_LIMIT_MAX_FAILURES: String(MAX),
      RATE_LIMIT_WINDOW: `${WINDOW_SECONDS}s`,
    });
    machine = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    portal = await seedClient(t);
    for (const email of ['limited@example.test', 'fresh@example.test', 'other@example.test']) await seedUser(t, email);
  });
  afterAll(() => t.close());

  const form = (url: string, fields: Record<string, string>, ip: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  const clientCall = (url: string, secret: string, ip: string) =>
    form(url, url === '/oauth/token' ? { grant_type: 'client_credentials' } : { token: 'x' }, ip, {
      authorization: basicAuth(machine.id, secret),
    });
  const web = () => t.proxyClients.web;
  const passwordGrant = (username: string, password: string, ip: string) =>
    form('/oauth/token', { grant_type: 'password', client_id: web().id, client_secret: web().secret!, username, password }, ip);
  const proxyLogin = (username: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/clients/web/login', remoteAddress: ip, payload: { username, password } });
  const loginPage = async (username: string, password: string, localAddress: string) => {
    const browser = new HttpBrowser(localAddress);
    const url = authorizeUrl(t, codeRequest(portal, pkcePair().challenge));
    return browser.submit(t.url, await (await browser.get(url)).text(), { username, password });
  };
  const expectLimited = (response: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) => {
    expect(response.statusCode, `${what}: ${response.body}`).toBe(429);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter, what).toBeGreaterThan(0);
    expect(retryAfter, what).toBeLessThanOrEqual(WINDOW_SECONDS);
  };
  const windowPasses = () => new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000 + 300));

  it('a client id: failures on token, introspect and revoke add up; the right secret is refused, then allowed again', async () => {
    const endpoints = ['/oauth/token', '/oauth/introspect', '/oauth/revoke'];
    for (const [index, url] of endpoints.entries()) {
      expect((await clientCall(url, 'wrong secret', `10.1.0.${index + 1}`)).statusCode).toBe(401);
    }
    for (const url of endpoints) expectLimited(await clientCall(url, machine.secret!, '10.1.0.9'), url);
    await windowPasses();
    expect((await clientCall('/oauth/token', machine.secret!, '10.1.0.9')).statusCode).toBe(200);
  });

  it('a username: failures by password grant, first-party proxy and login page add up, then it recovers', async () => {
    expect((await passwordGrant('limited@example.test', 'wrong', '10.2.0.1')).statusCode).toBe(400);
    expect((await proxyLogin('limited@example.test', 'wrong', '10.2.0.2')).statusCode).toBe(400);
    expect((await loginPage('limited@example.test', 'wrong', '127.0.0.21')).status).toBe(401);
    expectLimited(await passwordGrant('limited@example.test', PASSWORD, '10.2.0.9'), 'password grant');
    expectLimited(await proxyLogin('limited@example.test', PASSWORD, '10.2.0.9'), 'proxy login');
    const page = await loginPage('limited@example.test', PASSWORD, '127.0.0.22');
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('Too many failed sign-in attempts');
    await windowPasses();
    expect((await passwordGrant('limited@example.test', PASSWORD, '10.2.0.9')).statusCode).toBe(200);
  });

  it('an IP address: failures for several usernames block it, not other addresses, until the window passes', async () => {
    for (const username of ['a@example.test', 'b@example.test', 'c@example.test']) {
      expect((await passwordGrant(username, 'wrong', '10.3.0.1')).statusCode).toBe(400);
    }
    expectLimited(await passwordGrant('fresh@example.test', PASSWORD, '10.3.0.1'), 'same IP');
    expect((await passwordGrant('other@example.test', PASSWORD, '10.3.0.2')).statusCode).toBe(200);
    await windowPasses();
    expect((await passwordGrant('fresh@example.test', PASSWORD, '10.3.0.1')).statusCode).toBe(200);
  });

  it('successes never count: many in a row stay allowed', async () => {
    for (let i = 0; i < MAX * 3; i++)
      expect((await clientCall('/oauth/token', machine.secret!, '10.4.0.1')).statusCode).toBe(200);
  });
});
