import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FailureLimiter, TooManyAttempts } from '../../src/auth/failure-limiter.js';
import { AUDIT_ACTIONS } from '../../src/modules/audit/audit.service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { basicAuth, createTestClient, createTestUser, type TestClient, type TestUser, tokenRequest } from '../helpers/tokens.js';

const MAX = 3;
const WINDOW_SECONDS = 60;

describe('brute-force limits (429 + Retry-After)', () => {
  let t: TestApp;
  let machine: TestClient;
  let portal: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_MAX_FAILURES: String(MAX), RATE_LIMIT_WINDOW: `${WINDOW_SECONDS}s` });
    machine = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    portal = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    user = await createTestUser(t);
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Each test starts a fresh window: time moves on past the previous test's blocks. */
  const nextWindow = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (WINDOW_SECONDS + 1) * 1000 * ++windows);
  };
  let windows = 0;
  const ccToken = (secret: string) =>
    tokenRequest(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(machine.id, secret) });
  const password = (username: string, secret: string) =>
    tokenRequest(t, { grant_type: 'password', client_id: portal.id, client_secret: portal.secret!, username, password: secret });

  it('leaves successful requests alone, however many', async () => {
    nextWindow();
    for (let i = 0; i < MAX * 2; i++) expect((await ccToken(machine.secret!)).status).toBe(200);
  });

  it('blocks a client id after too many failed authentications, even with the right secret, until the window passes', async () => {
    nextWindow();
    for (let i = 0; i < MAX; i++) await expectOAuthError(await ccToken('wrong'), { status: 401, error: 'invalid_client' });
    const blocked = await ccToken(machine.secret!);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    await expectOAuthError(blocked, { status: 429, error: 'too_many_requests', description: /retry after \d+ seconds/ });
    vi.setSystemTime(Date.now() + (retryAfter + 1) * 1000);
    expect((await ccToken(machine.secret!)).status).toBe(200);
  });

  it('blocks a username after too many failed logins, even with the right password, then resets', async () => {
    nextWindow();
    for (let i = 0; i < MAX; i++)
      await expectOAuthError(await password(user.email, 'wrong password'), { status: 400, error: 'invalid_grant' });
    const blocked = await password(user.email, user.password);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({
      error: 'too_many_requests',
      error_description: expect.stringMatching(/retry after \d+ seconds/),
    });
    expect(blocked.headers.get('cache-control')).toBe('no-store');
    vi.setSystemTime(Date.now() + (WINDOW_SECONDS + 1) * 1000);
    expect((await password(user.email, user.password)).status).toBe(200);
  });

  it('counts failures per key: usernames, client ids and IPs are limited separately', async () => {
    nextWindow();
    const limiter = new FailureLimiter(t.orm, { maxFailures: MAX, windowSeconds: WINDOW_SECONDS });
    const fail = (username: string, ip: string) =>
      limiter.recordFailure(
        [
          { kind: 'username', username },
          { kind: 'ip', ip },
        ],
        { action: AUDIT_ACTIONS.loginFailed, target: { type: 'username', id: username }, ip },
      );
    for (let i = 0; i < MAX; i++) await fail('alice@example.test', `203.0.113.${i}`);
    expect(() => limiter.check([{ kind: 'username', username: 'ALICE@example.test' }])).toThrow(TooManyAttempts);
    expect(() =>
      limiter.check([
        { kind: 'username', username: 'bob@example.test' },
        { kind: 'ip', ip: '203.0.113.0' },
      ]),
    ).not.toThrow();

    for (let i = 0; i < MAX; i++) await fail(`user${i}@example.test`, '198.51.100.7');
    expect(() => limiter.check([{ kind: 'ip', ip: '198.51.100.7' }])).toThrow(TooManyAttempts);
    expect(() => limiter.check([{ kind: 'username', username: 'user0@example.test' }])).not.toThrow();
    expect(() => limiter.check([{ kind: 'client', id: machine.id }])).not.toThrow();
  });
});
