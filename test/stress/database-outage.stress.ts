import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import type { Orm } from '../../src/db/orm.js';
import type { TestApp } from '../helpers/app.js';
import { onPostgres, type TestDatabase } from '../helpers/db.js';
import { type AppBehindProxy, startAppBehindProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { clientCredentialsToken, createTestClient, type TestClient } from '../helpers/tokens.js';
import { countRows } from './support/db-state.js';
import { jtiOf, percentile, type Sent, Traffic } from './support/traffic.js';

const CONCURRENCY = 8;
const OUTAGE_MS = 6000;
/** Requests sent this soon after the cut may still have been answered from work done before it. */
const GRACE_MS = 300;
/** Nothing may take longer than this, during the outage or after (no hang). */
const TIMEOUT_MS = 8000;
const RECOVERY_LIMIT_MS = 30_000;

const WRITE = 'mutation($n: String!) { createCustomer(input: { name: $n }) { id } }';
const READ = 'query { customers(first: 5) { totalCount } }';

interface Timed extends Sent {
  startedAt: number;
}

/**
 * PostgreSQL goes away under load (a TCP proxy between the server and the database is
 * cut) and comes back. Complements test/oauth/database-outage.test.ts (one request
 * each side of a cut) with concurrent traffic on every kind of endpoint. During the
 * cut: token endpoint 503 temporarily_unavailable, GraphQL 503, /healthz 503, no
 * crash, no answer later than the timeout. After: service resumes by itself, and
 * every write acknowledged at any time is in the database.
 */
describe.runIf(onPostgres)('database outage under load', () => {
  let setup: AppBehindProxy;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let orm: Orm;
  let t: TestApp;
  let client: TestClient;
  let token: string;
  beforeAll(async () => {
    setup = await startAppBehindProxy();
    ({ t, proxy, orm, db } = setup);
    client = await createTestClient(t, {
      grantTypes: ['client_credentials'],
      permissions: ['customers.view', 'customers.create'],
    });
    token = (await clientCredentialsToken(t, client.id, client.secret!)).access_token;
  });
  afterAll(() => setup?.close());

  it(`answers 503 through a ${OUTAGE_MS / 1000} s cut, never 500 or a hang, recovers by itself, loses nothing`, async () => {
    const traffic = new Traffic(t.url, TIMEOUT_MS);
    const sent: Timed[] = [];
    let sequence = 0;
    const one = async (): Promise<void> => {
      const n = sequence++;
      const startedAt = Date.now();
      const kinds = [
        () => traffic.clientCredentials(client),
        () => traffic.graphql('graphql write', token, WRITE, { n: `outage ${n}` }),
        () => traffic.graphql('graphql read', token, READ),
        () => traffic.healthz(),
      ];
      sent.push({ ...(await kinds[n % kinds.length]()), startedAt });
    };
    const loadFor = async (ms: number) => {
      const until = Date.now() + ms;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < until) await one();
        }),
      );
    };

    await loadFor(1500);
    const cutAt = Date.now();
    proxy.cut();
    await loadFor(OUTAGE_MS);
    const restoredAt = Date.now();
    proxy.restore();
    const recoveredAt = await waitForRecovery(traffic);
    await loadFor(1000);
    await expectNoConnectionLeaked();

    const during = sent.filter((result) => result.startedAt >= cutAt + GRACE_MS && result.startedAt < restoredAt);
    const after = sent.filter((result) => result.startedAt >= recoveredAt);
    expectNeverBroken(sent);
    expectUnavailable(during);
    expect(after.filter((result) => result.status !== 200).map(summarize)).toEqual([]);
    const lost = await lostWrites(sent);
    console.log(
      `outage: ${((restoredAt - cutAt) / 1000).toFixed(1)} s cut survived with ${during.length} requests answered 503 ` +
        `(p99 ${percentile(
          during.map((result) => result.ms),
          99,
        )} ms, max ${Math.round(Math.max(...during.map((result) => result.ms)))} ms); ` +
        `recovered ${((recoveredAt - restoredAt) / 1000).toFixed(1)} s after the restore; ${sent.length} requests in all; ` +
        `lost writes: ${lost.customers + lost.tokens}`,
    );
    expect(lost).toEqual({ customers: 0, tokens: 0 });
  });

  /** Once quiet, every pooled connection is back: none was lost with a transaction the cut broke. */
  async function expectNoConnectionLeaked(): Promise<void> {
    const pool = (await orm.em.getConnection().getNativeClient()) as { totalCount: number; idleCount: number };
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pool.idleCount).toBe(pool.totalCount);
  }

  /** Polls every kind of request until all succeed again; fails past the limit. */
  async function waitForRecovery(traffic: Traffic): Promise<number> {
    const deadline = Date.now() + RECOVERY_LIMIT_MS;
    while (Date.now() < deadline) {
      const results = await Promise.all([
        traffic.clientCredentials(client),
        traffic.graphql('read', token, READ),
        traffic.healthz(),
      ]);
      expect(
        results.filter((result) => result.status === 0 || (result.status >= 500 && result.status !== 503)).map(summarize),
      ).toEqual([]);
      if (results.every((result) => result.status === 200 && !(result.body as { errors?: unknown }).errors)) return Date.now();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the service did not recover within ${RECOVERY_LIMIT_MS / 1000} s of the restore`);
  }

  /** At any time: an answer within the timeout, never a 500, never a masked internal GraphQL error. */
  function expectNeverBroken(sent: Timed[]): void {
    const broken = sent.filter((result) => {
      if (result.status === 0 || (result.status >= 500 && result.status !== 503)) return true;
      const errors = (result.body as { errors?: { extensions?: { code?: string } }[] } | null)?.errors ?? [];
      return errors.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
    });
    expect(broken.map(summarize)).toEqual([]);
  }

  /** While the database is away, each endpoint says so in its own format. */
  function expectUnavailable(during: Timed[]): void {
    expect(during.length).toBeGreaterThan(CONCURRENCY);
    const wrong = during.filter((result) => {
      if (result.status !== 503) return true;
      const body = result.body as Record<string, unknown>;
      if (result.kind === 'issue') return body.error !== 'temporarily_unavailable';
      if (result.kind === 'healthz') return body.status !== 'unavailable';
      const errors = (body.errors ?? []) as { extensions?: { code?: string } }[];
      return errors[0]?.extensions?.code !== 'SERVICE_UNAVAILABLE';
    });
    expect(wrong.map(summarize)).toEqual([]);
  }

  /** Every acknowledged write, read back straight from the database (not through the proxy). */
  async function lostWrites(sent: Timed[]): Promise<{ customers: number; tokens: number }> {
    const customers = sent
      .map((result) => (result.body as { data?: { createCustomer?: { id: string } } } | null)?.data?.createCustomer?.id)
      .filter((id): id is string => typeof id === 'string');
    const tokens = sent
      .filter((result) => result.kind === 'issue' && result.status === 200)
      .map((result) => jtiOf((result.body as TokenResponse).access_token));
    const list = (ids: string[]) => ids.map((id) => `'${id}'`).join(',') || 'null';
    expect(customers.length).toBeGreaterThan(0);
    expect(tokens.length).toBeGreaterThan(0);
    return {
      customers: customers.length - (await countRows(db.orm, 'customer', `id in (${list(customers)})`)),
      tokens: tokens.length - (await countRows(db.orm, 'access_token', `id in (${list(tokens)})`)),
    };
  }
});

function summarize(result: Sent): string {
  return `${result.kind} ${result.status} ${result.failure ?? JSON.stringify(result.body).slice(0, 200)} (${Math.round(result.ms)} ms)`;
}
