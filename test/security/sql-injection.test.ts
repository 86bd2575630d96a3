import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, codeRequest, pkcePair, seedClient } from '../authorize/fixtures.js';
import { HttpBrowser } from '../authorize/http-browser.js';
import { type Callers, createCallers } from '../graphql/callers.js';
import { gql } from '../graphql/graphql-client.js';
import { seedCustomer } from '../graphql/seed.js';
import type { TestApp } from '../helpers/app.js';
import { startAppWithProxyClients, type TestClient, tokenRequest } from '../helpers/tokens.js';
import { SQL_INJECTION } from '../stress/support/hostile.js';

const NAMES = ['Acme Widgets', "O'Brien & Co", '100% Pure_Fruit', 'Back\\slash Ltd'];
/** An injected pg_sleep(5) that ran would show here. */
const SLOW_MS = 2500;

/**
 * SQL-injection probes in every GraphQL filter and lookup and in every credential field
 * of the OAuth endpoints and the login page. Each probe must be taken literally: no 5xx,
 * no masked internal error, filters match exactly the rows whose text contains the probe
 * (quotes, `%`, `_` and `\` included), nothing slept, and afterwards every table is intact.
 */
describe('SQL injection', () => {
  let t: TestApp & { proxyClients: Record<string, TestClient> };
  let callers: Callers;
  let rowsBefore: Record<string, number>;
  let pagesClient: Awaited<ReturnType<typeof seedClient>>;
  beforeAll(async () => {
    t = await startAppWithProxyClients(['web'], { RATE_LIMIT_MAX_FAILURES: '100000' });
    callers = await createCallers(t);
    for (const [index, name] of NAMES.entries()) {
      await seedCustomer(t, {
        name,
        email: `customer${index}@example.test`,
        orders: [{ reference: `R-${index}`, totalCents: 1 }],
      });
    }
    pagesClient = await seedClient(t);
    rowsBefore = await rowCounts(t);
  });
  afterAll(() => t.close());

  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    expect(performance.now() - started).toBeLessThan(SLOW_MS);
    return result;
  };

  const expectClean = (response: Awaited<ReturnType<typeof gql>>) => {
    expect(response.status).toBeLessThan(500);
    for (const error of response.errors ?? []) expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  };

  it('GraphQL text filters match the probe literally', async () => {
    for (const probe of SQL_INJECTION) {
      const customers = await timed(() =>
        gql(t, callers.admin.token, 'query($p: String) { customers(first: 100, filter: { nameContains: $p }) { totalCount } }', {
          p: probe,
        }),
      );
      expectClean(customers);
      const expected = NAMES.filter((name) => name.toLowerCase().includes(probe.toLowerCase())).length;
      expect(customers.data?.customers.totalCount, probe).toBe(expected);
      const users = await timed(() =>
        gql(t, callers.admin.token, 'query($p: String) { users(first: 100, filter: { emailContains: $p }) { totalCount } }', {
          p: probe,
        }),
      );
      expectClean(users);
      expect(users.data?.users.totalCount, probe).toBe(0);
    }
  });

  it('GraphQL exact filters and lookups by id find nothing for a probe', async () => {
    const queries = [
      'query($p: String) { customers(first: 5, filter: { email: $p }) { totalCount } }',
      'query($p: ID) { customers(first: 5, filter: { ownerId: $p }) { totalCount } }',
      'query($p: ID) { orders(first: 5, filter: { customerId: $p }) { totalCount } }',
      'query($p: String) { auditEvents(first: 5, filter: { action: $p }) { totalCount } }',
      'query($p: String) { auditEvents(first: 5, filter: { actorId: $p, targetId: $p }) { totalCount } }',
      'query($p: String) { customers(first: 5, after: $p) { totalCount } }',
      'query($p: ID!) { customer(id: $p) { id } }',
      'query($p: ID!) { order(id: $p) { id } }',
      'query($p: ID!) { user(id: $p) { id } }',
      'query($p: ID!) { appClient(id: $p) { id } }',
    ];
    for (const probe of SQL_INJECTION) {
      for (const query of queries) {
        const response = await timed(() => gql(t, callers.admin.token, query, { p: probe }));
        expectClean(response);
        const value = response.data ? Object.values(response.data)[0] : null;
        if (value !== null && typeof value === 'object')
          expect((value as { totalCount?: number }).totalCount ?? 0, `${query} ${probe}`).toBe(0);
      }
    }
  });

  it('OAuth credential fields refuse a probe as an ordinary wrong value', async () => {
    const web = t.proxyClients.web;
    for (const probe of SQL_INJECTION) {
      const cases: [Record<string, string>, string][] = [
        [
          { grant_type: 'password', client_id: web.id, client_secret: web.secret!, username: probe, password: 'x' },
          'invalid_grant',
        ],
        [
          {
            grant_type: 'password',
            client_id: web.id,
            client_secret: web.secret!,
            username: 'admin@example.test',
            password: probe,
          },
          'invalid_grant',
        ],
        [{ grant_type: 'client_credentials', client_id: probe, client_secret: probe }, 'invalid_client'],
        [{ grant_type: 'refresh_token', client_id: web.id, client_secret: web.secret!, refresh_token: probe }, 'invalid_grant'],
        [
          { grant_type: 'authorization_code', client_id: callers.portal.client.id, code: probe, redirect_uri: probe },
          'invalid_grant',
        ],
      ];
      for (const [params, error] of cases) {
        const response = await timed(() => tokenRequest(t, params));
        expect(response.status, `${probe} ${JSON.stringify(params)}`).toBeLessThan(500);
        expect(((await response.json()) as { error: string }).error).toBe(error);
      }
      const login = await timed(() =>
        fetch(`${t.url}/clients/web/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: probe, password: probe }),
        }),
      );
      expect(login.status).toBe(400);
      const introspection = await timed(() =>
        fetch(`${t.url}/oauth/introspect`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: callers.integration.client.id,
            client_secret: callers.integration.client.secret!,
            token: probe,
          }),
        }),
      );
      expect(await introspection.json()).toEqual({ active: false });
    }
  });

  it('the login page takes a probe as a wrong username or password', async () => {
    const browser = new HttpBrowser();
    const url = authorizeUrl(t, codeRequest(pagesClient, pkcePair().challenge));
    for (const probe of SQL_INJECTION) {
      const page = await (await browser.get(url)).text();
      const response = await timed(() => browser.submit(t.url, page, { username: probe, password: probe }));
      expect(response.status, probe).toBe(401);
    }
  });

  it('leaves every table as it was: nothing dropped, disabled or added', async () => {
    const after = await rowCounts(t);
    expect(after).toEqual(rowsBefore);
    const disabled: { n: string | number }[] = await t.orm.em
      .getConnection()
      .execute('select count(*) as n from "user" where disabled');
    expect(Number(disabled[0].n)).toBe(0);
  });
});

/** Row counts of the tables a probe could try to change (audit events grow with the failed logins). */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['app_client', 'user', 'customer', 'orders', 'role', 'permission', 'access_token', 'refresh_token']) {
    const [row]: { n: string | number }[] = await t.orm.em.getConnection().execute(`select count(*) as n from "${table}"`);
    counts[table] = Number(row.n);
  }
  return counts;
}
