import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { sha256 } from '../../src/lib/secrets.js';
import { seedCustomer } from '../graphql/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  pastRefreshGrace,
  refreshRequest,
  type TestClient,
} from '../helpers/tokens.js';
import { countRows } from './support/db-state.js';
import { jtiOf, percentile, runConcurrently, type Sent, Traffic } from './support/traffic.js';

const REQUESTS = 2000;
const CONCURRENCY = 64;
/**
 * Families refreshed by two requests at once: within the retry grace both win, each with its
 * own branch of the family; a reuse after the grace then revokes the family, every branch.
 */
const RACES = 8;

const READS = [
  'query { customers(first: 20, filter: { nameContains: "load" }) { totalCount edges { node { id name } } } }',
  'query { orders(first: 20) { totalCount edges { node { id reference customer { id } } } } }',
  'query { viewer { type permissions } }',
];

/**
 * 2,000 mixed requests at 64 in flight over real HTTP: client-credentials issuance,
 * refresh rotation (each worker its own family, plus families refreshed twice at once),
 * GraphQL reads and writes, revocations. Then the database is read back: every
 * acknowledged write is there, every acknowledged revocation holds, every worker's family
 * has exactly its one live token, and each raced family exactly its two branches.
 */
describe(`load: ${REQUESTS} mixed requests at ${CONCURRENCY} concurrency`, () => {
  let t: TestApp;
  let integration: TestClient;
  let portal: TestClient;
  let adminToken: string;
  let integrationToken: string;
  let customerId: string;
  const families: string[] = [];
  const raced: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    integration = await createTestClient(t, {
      grantTypes: ['client_credentials'],
      permissions: ['customers.view', 'orders.view', 'orders.create'],
    });
    portal = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    const admin = await createTestUser(t, { admin: true });
    integrationToken = (await clientCredentialsToken(t, integration.id, integration.secret!)).access_token;
    // Refresh families are started by the issuer itself: the load is about rotation, not about argon2 logins.
    const start = async () => {
      const issued = await t.app.services.tokens.issue(t.orm.em.fork(), {
        client: { id: portal.id },
        userId: admin.id,
        scopes: ['*'],
        grantType: 'password',
        refresh: {},
      });
      return issued.response as TokenResponse;
    };
    adminToken = (await start()).access_token;
    for (let i = 0; i < CONCURRENCY; i++) families.push((await start()).refresh_token!);
    for (let i = 0; i < RACES; i++) raced.push((await start()).refresh_token!);
    customerId = (await seedCustomer(t, { name: 'load base customer' })).id;
  });
  afterAll(() => t?.close());

  it('zero 5xx, zero lost writes, refresh families consistent', async () => {
    const traffic = new Traffic(t.url);
    const sent: Sent[] = [];
    const issued: string[] = [];
    /** Issued access tokens not yet picked for revocation (each is revoked once). */
    const revocable: string[] = [];
    const revoked: string[] = [];
    const customers: string[] = [];
    const orders: string[] = [];
    const raceResults: number[][] = [];
    let races = 0;

    const issue = async (): Promise<Sent> => {
      const result = await traffic.clientCredentials(integration);
      if (result.status === 200) {
        const token = (result.body as TokenResponse).access_token;
        issued.push(jtiOf(token));
        revocable.push(token);
      }
      return result;
    };

    const step = async (index: number, worker: number): Promise<Sent[]> => {
      const slot = index % 20;
      if (slot < 5) return [await issue()];
      if (slot < 8) {
        const result = await traffic.refresh(portal, families[worker]);
        if (result.status === 200) families[worker] = (result.body as TokenResponse).refresh_token!;
        return [result];
      }
      if (slot === 8 && races < RACES && index % 40 === 8) {
        const token = raced[races++];
        const pair = await Promise.all([traffic.refresh(portal, token), traffic.refresh(portal, token)]);
        raceResults.push(pair.map((result) => result.status));
        return pair.map((result) => ({ ...result, kind: 'refresh race' }));
      }
      if (slot < 13) {
        const read = READS[index % READS.length];
        return [await traffic.graphql('graphql read', index % 2 ? adminToken : integrationToken, read)];
      }
      if (slot < 17) {
        const result =
          index % 2
            ? await traffic.graphql(
                'graphql write',
                adminToken,
                'mutation($n: String!) { createCustomer(input: { name: $n }) { id } }',
                {
                  n: `load customer ${index}`,
                },
              )
            : await traffic.graphql(
                'graphql write',
                integrationToken,
                'mutation($c: ID!, $r: String!) { createOrder(input: { customerId: $c, reference: $r, totalCents: 1999 }) { id } }',
                { c: customerId, r: `LOAD-${index}` },
              );
        const data = (result.body as { data?: { createCustomer?: { id: string }; createOrder?: { id: string } } })?.data;
        if (data?.createCustomer) customers.push(data.createCustomer.id);
        if (data?.createOrder) orders.push(data.createOrder.id);
        return [result];
      }
      const token = revocable.shift();
      if (!token) return [await issue()];
      const result = await traffic.revoke(integration, token);
      if (result.status === 200) revoked.push(jtiOf(token));
      return [result];
    };

    const started = performance.now();
    await runConcurrently(REQUESTS - RACES, CONCURRENCY, async (index, worker) => {
      sent.push(...(await step(index, worker)));
    });
    const seconds = (performance.now() - started) / 1000;
    report(sent, seconds);

    expectEveryRequestAnswered(sent);
    expect(raceResults).toHaveLength(RACES);
    for (const pair of raceResults) expect(pair).toEqual([200, 200]);
    await expectNothingLost({ issued, revoked, customers, orders });
    await expectFamiliesConsistent(families, raced);
  });

  function expectEveryRequestAnswered(sent: Sent[]): void {
    expect(sent.length).toBe(REQUESTS);
    const failures = sent.filter((result) => result.status === 0 || result.status >= 500);
    expect(failures.map((result) => `${result.kind} ${result.status} ${result.failure ?? JSON.stringify(result.body)}`)).toEqual(
      [],
    );
    const refused = sent.filter((result) => result.status !== 200);
    expect(refused.map((result) => `${result.kind} ${result.status} ${JSON.stringify(result.body)}`)).toEqual([]);
    const graphqlErrors = sent.filter(
      (result) => result.kind.startsWith('graphql') && (result.body as { errors?: unknown }).errors,
    );
    expect(graphqlErrors.map((result) => JSON.stringify(result.body))).toEqual([]);
  }

  async function expectNothingLost(acknowledged: { issued: string[]; revoked: string[]; customers: string[]; orders: string[] }) {
    const ids = (values: string[]) => values.map((value) => `'${value}'`).join(',') || 'null';
    expect(await countRows(t.orm, 'access_token', `id in (${ids(acknowledged.issued)})`)).toBe(acknowledged.issued.length);
    expect(await countRows(t.orm, 'access_token', `id in (${ids(acknowledged.revoked)}) and revoked`)).toBe(
      acknowledged.revoked.length,
    );
    expect(await countRows(t.orm, 'customer', `id in (${ids(acknowledged.customers)})`)).toBe(acknowledged.customers.length);
    expect(await countRows(t.orm, 'orders', `id in (${ids(acknowledged.orders)})`)).toBe(acknowledged.orders.length);
    console.log(
      `load: acknowledged and found: ${acknowledged.issued.length} tokens, ${acknowledged.revoked.length} revocations, ` +
        `${acknowledged.customers.length} customers, ${acknowledged.orders.length} orders — none lost`,
    );
  }

  async function expectFamiliesConsistent(own: string[], racedTokens: string[]) {
    const familyOf = (token: string) => `(select family from refresh_token where token_hash = '${sha256(token)}')`;
    for (const current of own) {
      expect(await countRows(t.orm, 'refresh_token', `family = ${familyOf(current)} and not used and not revoked`)).toBe(1);
      expect(await countRows(t.orm, 'refresh_token', `token_hash = '${sha256(current)}' and not used and not revoked`)).toBe(1);
    }
    for (const token of racedTokens) {
      expect(await countRows(t.orm, 'refresh_token', `family = ${familyOf(token)} and not used and not revoked`)).toBe(2);
    }
    // Past the grace, presenting a raced token again is reuse: its family dies, both branches with it.
    await pastRefreshGrace(t);
    for (const token of racedTokens) {
      expect((await refreshRequest(t, portal, token)).status).toBe(400);
      expect(await countRows(t.orm, 'refresh_token', `family = ${familyOf(token)} and not revoked`)).toBe(0);
    }
  }
});

function report(sent: Sent[], seconds: number): void {
  const byKind: Record<string, number> = {};
  for (const result of sent) byKind[result.kind] = (byKind[result.kind] ?? 0) + 1;
  const durations = sent.map((result) => result.ms);
  console.log(
    `load: ${sent.length} requests at ${CONCURRENCY} concurrency in ${seconds.toFixed(1)} s ` +
      `(${Math.round(sent.length / seconds)}/s, p50 ${percentile(durations, 50)} ms, p99 ${percentile(durations, 99)} ms); ${JSON.stringify(byKind)}`,
  );
}
