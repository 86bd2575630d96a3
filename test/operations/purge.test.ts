import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { runExclusively } from '../../src/db/exclusive.js';
import { sha256 } from '../../src/lib/secrets.js';
import { countTokenTables, purgeTokens } from '../../src/modules/token/token-purge.js';
import { PURGE_LOCK_KEY, runPurge } from '../../src/ops/purge-scheduler.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';
import { expectOAuthError } from '../helpers/oauth.js';
import {
  basicAuth,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  pastRefreshGrace,
  refreshRequest,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';
import { scrape } from './prometheus.js';

const DAY = 86_400;
const RETENTION = { tokenRetentionSeconds: 7 * DAY, auditRetentionSeconds: 90 * DAY };

describe(`token purge on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let t: TestApp;
  let client: TestClient;
  let user: TestUser;
  const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T>(query, params);
  const jti = (token: TokenResponse) => JSON.parse(Buffer.from(token.access_token.split('.')[1], 'base64url').toString()).jti;
  const exists = async (table: string, where: string, params: unknown[]) =>
    (await sql<{ n: number }[]>(`select count(*)::int as n from ${table} where ${where}`, params))[0].n > 0;
  /** Moves a record's times back, as if it had been issued (and expired) `days` ago. */
  const age = (table: string, where: string, params: unknown[], days: number) =>
    sql(
      `update ${table} set created_at = now() - interval '${days + 1} days', expires_at = now() - interval '${days} days' where ${where}`,
      params,
    );
  const login = () => passwordToken(t, { client, username: user.email, password: user.password });
  const revoke = async (token: string) => {
    const response = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
      body: new URLSearchParams({ token }),
    });
    expect(response.status).toBe(200);
  };

  // What each case left, checked after the purge.
  let liveFamily: { used: string; current: TokenResponse };
  let deadFamily: TokenResponse;
  let oldRevoked: TokenResponse;
  let recentRevoked: TokenResponse;
  let expiredAccessLiveRefresh: TokenResponse;
  let oldCode: string;
  let oldEvent: string;

  beforeAll(async () => {
    t = await startTestApp({ TOKEN_PURGE_INTERVAL: 'off' });
    client = await createTestClient(t, { grantTypes: ['client_credentials', 'password'], permissions: ['orders.view'] });
    user = await createTestUser(t, { permissions: ['orders.view'] });

    // A live family whose used member, alone, expired long ago: reuse detection still needs it.
    const first = await login();
    const rotated = await refreshRequest(t, client, first.refresh_token!);
    expect(rotated.status).toBe(200);
    liveFamily = { used: first.refresh_token!, current: (await rotated.json()) as TokenResponse };
    await age('refresh_token', 'token_hash = ?', [sha256(first.refresh_token!)], 40);
    await age('access_token', 'id = ?', [jti(first)], 40);

    // A family that ended (expired) 30 days ago, with its access token.
    deadFamily = await login();
    await age('refresh_token', 'token_hash = ?', [sha256(deadFamily.refresh_token!)], 30);
    await age('access_token', 'id = ?', [jti(deadFamily)], 30);

    // Revoked 30 days ago, and revoked just now (still within retention).
    oldRevoked = await clientCredentialsToken(t, client.id, client.secret!);
    await revoke(oldRevoked.access_token);
    await sql(`update access_token set revoked_at = now() - interval '30 days' where id = ?`, [jti(oldRevoked)]);
    recentRevoked = await clientCredentialsToken(t, client.id, client.secret!);
    await revoke(recentRevoked.access_token);

    // An access token that expired long ago but whose refresh token is live: the refresh grant reads it.
    expiredAccessLiveRefresh = await login();
    await age('access_token', 'id = ?', [jti(expiredAccessLiveRefresh)], 30);

    oldCode = randomUUID();
    await sql(
      `insert into authorization_code (id, code_hash, client_id, user_id, redirect_uri, scopes, used, created_at, expires_at)
       values (?, ?, ?, ?, 'https://app.example/cb', '{}', true, now() - interval '31 days', now() - interval '31 days')`,
      [oldCode, sha256(oldCode), client.id, user.id],
    );
    // A pushed request that expired long ago, and a fresh one; a spent jti that expired, and a live one.
    for (const [id, days] of [
      [randomUUID(), 30],
      [randomUUID(), 0],
    ] as const) {
      await sql(
        `insert into pushed_authorization_request (id, request_uri_hash, client_id, params, used, created_at, expires_at)
         values (?, ?, ?, '{}', false, now() - interval '${days} days', now() - interval '${days} days' + interval '60 seconds')`,
        [id, sha256(id), client.id],
      );
    }
    for (const [jtiValue, offset] of [
      ['expired', "- interval '1 second'"],
      ['live', "+ interval '60 seconds'"],
    ] as const) {
      await sql(`insert into spent_jti (client_id, purpose, jti_hash, expires_at) values (?, 'dpop_proof', ?, now() ${offset})`, [
        client.id,
        sha256(jtiValue),
      ]);
    }
    oldEvent = randomUUID();
    await sql(`insert into audit_event (id, action, created_at) values (?, 'test.old', now() - interval '200 days')`, [oldEvent]);
  });
  afterAll(() => t.close());

  it('stamps revoked_at when a token is revoked', async () => {
    const rows = await sql<{ revoked: boolean; revoked_at: Date | null }[]>(
      'select revoked, revoked_at from access_token where id = ?',
      [jti(recentRevoked)],
    );
    expect(rows[0].revoked).toBe(true);
    expect(Date.now() - new Date(rows[0].revoked_at as Date).getTime()).toBeLessThan(60_000);
  });

  it('deletes what nobody needs, keeps what a live token needs; the dry run counts exactly that', async () => {
    const before = await countTokenTables(t.orm.em.fork());
    const dry = await purgeTokens(t.orm.em.fork(), { ...RETENTION, dryRun: true });
    expect(await countTokenTables(t.orm.em.fork())).toEqual(before);
    // The dead family (its refresh token and access token), the old revocation, the old code, pushed request, spent jti and event.
    expect(dry).toEqual({
      refreshTokens: 1,
      accessTokens: 2,
      authorizationCodes: 1,
      pushedRequests: 1,
      spentJtis: 1,
      auditEvents: 1,
    });

    const deleted = await purgeTokens(t.orm.em.fork(), { ...RETENTION, batchSize: 1 });
    expect(deleted).toEqual(dry);
    const after = await countTokenTables(t.orm.em.fork());
    expect(after).toEqual({
      refreshTokens: before.refreshTokens - 1,
      accessTokens: before.accessTokens - 2,
      authorizationCodes: before.authorizationCodes - 1,
      pushedRequests: before.pushedRequests - 1,
      spentJtis: before.spentJtis - 1,
      auditEvents: before.auditEvents - 1,
    });
    console.log(`purge: before ${JSON.stringify(before)}, deleted ${JSON.stringify(deleted)}, after ${JSON.stringify(after)}`);

    expect(await exists('refresh_token', 'token_hash = ?', [sha256(liveFamily.used)])).toBe(true);
    expect(await exists('refresh_token', 'token_hash = ?', [sha256(deadFamily.refresh_token!)])).toBe(false);
    expect(await exists('access_token', 'id = ?', [jti(deadFamily)])).toBe(false);
    expect(await exists('access_token', 'id = ?', [jti(oldRevoked)])).toBe(false);
    expect(await exists('access_token', 'id = ?', [jti(recentRevoked)])).toBe(true);
    expect(await exists('access_token', 'id = ?', [jti(expiredAccessLiveRefresh)])).toBe(true);
    expect(await exists('authorization_code', 'id = ?', [oldCode])).toBe(false);
    expect(await exists('audit_event', 'id = ?', [oldEvent])).toBe(false);
    expect(await exists('spent_jti', 'jti_hash = ?', [sha256('live')])).toBe(true);
    expect(await exists('pushed_authorization_request', 'expires_at > now()', [])).toBe(true);

    // A second purge finds nothing more.
    expect(await purgeTokens(t.orm.em.fork(), RETENTION)).toEqual({
      refreshTokens: 0,
      accessTokens: 0,
      authorizationCodes: 0,
      pushedRequests: 0,
      spentJtis: 0,
      auditEvents: 0,
    });
  });

  it('a refresh token whose expired access token was kept still refreshes', async () => {
    const response = await refreshRequest(t, client, expiredAccessLiveRefresh.refresh_token!);
    expect(response.status).toBe(200);
  });

  it('reuse detection still fires after the purge: the kept used token revokes its family', async () => {
    await pastRefreshGrace(t);
    await expectOAuthError(await refreshRequest(t, client, liveFamily.used), {
      status: 400,
      error: 'invalid_grant',
      description: /already used/,
    });
    await expectOAuthError(await refreshRequest(t, client, liveFamily.current.refresh_token!), {
      status: 400,
      error: 'invalid_grant',
      description: /revoked/,
    });
  });

  it('runs on one instance at a time: a purge finds the lock taken and skips', async () => {
    const purge = { intervalSeconds: null, ...RETENTION };
    const nested = await runExclusively(t.orm, PURGE_LOCK_KEY, () => runPurge(t.orm, purge));
    expect(nested).toEqual({ ran: true, result: { ran: false } });
    expect(await runPurge(t.orm, purge)).toMatchObject({ ran: true });
  });

  it('keeps audit events when AUDIT_RETENTION is off', async () => {
    await sql(`insert into audit_event (id, action, created_at) values (?, 'test.old', now() - interval '400 days')`, [
      randomUUID(),
    ]);
    const counts = await purgeTokens(t.orm.em.fork(), { ...RETENTION, auditRetentionSeconds: null, dryRun: true });
    expect(counts.auditEvents).toBe(0);
    expect((await purgeTokens(t.orm.em.fork(), { ...RETENTION, dryRun: true })).auditEvents).toBe(1);
  });

  it('the server purges by itself every TOKEN_PURGE_INTERVAL and counts it in the metrics', async () => {
    const server = await startTestApp({ TOKEN_PURGE_INTERVAL: '1s', METRICS_PORT: '0' });
    try {
      const event = randomUUID();
      await server.orm.em
        .fork()
        .getConnection()
        .execute(`insert into audit_event (id, action, created_at) values (?, 'test.old', now() - interval '200 days')`, [event]);
      const started = Date.now();
      let purgedAt = 0;
      while (purgedAt === 0 && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        purgedAt = (await scrape(server.app.metricsUrl as string)).value('core_purge_last_success_timestamp_seconds');
      }
      expect(purgedAt * 1000).toBeGreaterThanOrEqual(started - 1000);
      const metrics = await scrape(server.app.metricsUrl as string);
      expect(metrics.value('core_purge_deleted_rows_total', { table: 'audit_event' })).toBeGreaterThanOrEqual(1);
      const left = await server.orm.em
        .fork()
        .getConnection()
        .execute<unknown[]>('select 1 from audit_event where id = ?', [event]);
      expect(left).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
