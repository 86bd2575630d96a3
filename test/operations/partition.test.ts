import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_TIMEOUT_MS } from '../../src/db/notifications.js';
import { openOrm } from '../../src/db/orm.js';
import { gql } from '../graphql/graphql-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { basicAuth, clientCredentialsToken, createTestClient, type TestClient } from '../helpers/tokens.js';

/** PRODUCT §12: an instance whose channel goes silent refuses a token revoked elsewhere within this bound. */
const BOUND_MS = 5_000;
const ISSUER = 'http://core-api.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two instances on one PostgreSQL database. B's LISTEN connection goes through a TCP
 * proxy that the test silences — packets dropped, no reset, as when a firewall forgets
 * an idle connection — while B's pool still reaches the database. Only PostgreSQL has a
 * channel to partition (PGlite's notifications never leave the process).
 */
describe.runIf(onPostgres)('bounded staleness: a silent invalidation channel', () => {
  let db: TestDatabase;
  let second: TestDatabase;
  let proxy: TcpProxy;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const orm = await openOrm({ databaseUrl: db.databaseUrl });
    second = { orm, databaseUrl: db.databaseUrl, close: () => orm.close(true) };
    const url = new URL(db.databaseUrl as string);
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${await proxy.start()}`;
    a = await startTestApp({ ISSUER }, db);
    b = await startTestApp({ ISSUER }, second, { listenUrl: url.toString() });
  });
  afterAll(async () => {
    proxy?.heal();
    await b?.close();
    await a?.close();
    await proxy?.stop();
    await second?.close();
    await db?.close();
  });

  async function warmOnB(): Promise<{ client: TestClient; token: string }> {
    const client = await createTestClient(a, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const { access_token: token } = await clientCredentialsToken(a, client.id, client.secret!);
    expect(await statusOnB(token)).toBe(200);
    expect(await statusOnB(token)).toBe(200);
    return { client, token };
  }
  const statusOnB = async (token: string) => (await gql(b, token, '{ viewer { permissions } }')).status;
  const revokeThroughA = async (client: TestClient, token: string) => {
    const response = await fetch(`${a.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
      body: new URLSearchParams({ token }),
    });
    expect(response.status).toBe(200);
  };
  async function millisUntil(done: () => Promise<boolean> | boolean, limitMs: number): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      if (await done()) return performance.now() - started;
      await sleep(20);
    }
    return Number.POSITIVE_INFINITY;
  }

  it('refuses a token revoked through A within the bound, then caches again once the partition heals', async () => {
    const { client, token } = await warmOnB();
    const { token: other } = await warmOnB();
    const hitsBefore = b.app.services.state.tokens.stats.hits;
    expect(hitsBefore).toBeGreaterThan(0);
    expect(b.app.services.invalidation.live).toBe(true);

    proxy.silence();
    // Revoked the moment the partition starts: B hears nothing of it.
    await revokeThroughA(client, token);
    const refusedAfter = await millisUntil(async () => (await statusOnB(token)) === 401, BOUND_MS + 2_000);
    console.log(`partition: revoked token refused by the partitioned instance after ${Math.round(refusedAfter)} ms`);
    expect(refusedAfter).toBeLessThanOrEqual(BOUND_MS);
    expect(refusedAfter).toBeGreaterThan(HEARTBEAT_TIMEOUT_MS / 2);
    // Meanwhile B serves from the database: correct, not cached, and not ready.
    expect(b.app.services.invalidation.live).toBe(false);
    const bypassed = b.app.services.state.tokens.stats.bypasses;
    expect(await statusOnB(other)).toBe(200);
    expect(b.app.services.state.tokens.stats.bypasses).toBe(bypassed + 1);
    expect((await fetch(`${b.url}/readyz`)).status).toBe(503);

    await sleep(2_000);
    proxy.heal();
    const liveAfter = await millisUntil(() => b.app.services.invalidation.live, 30_000);
    console.log(`partition healed: channel live again after ${Math.round(liveAfter)} ms`);
    expect(liveAfter).toBeLessThan(30_000);
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    // Normal caching: the second lookup is a hit, and a revocation arrives by notification again.
    expect(await statusOnB(other)).toBe(200);
    const hits = b.app.services.state.tokens.stats.hits;
    expect(await statusOnB(other)).toBe(200);
    expect(b.app.services.state.tokens.stats.hits).toBe(hits + 1);
    expect(await statusOnB(token)).toBe(401);
    const { client: third, token: thirdToken } = await warmOnB();
    await revokeThroughA(third, thirdToken);
    expect(await millisUntil(async () => (await statusOnB(thirdToken)) === 401, 1_000)).toBeLessThan(1_000);
  });
});
