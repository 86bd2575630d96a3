import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';
import { basicAuth, bearer, clientCredentialsToken, createTestClient, tokenRequest } from '../helpers/tokens.js';
import { parseScrape, type Scrape, scrape } from './prometheus.js';

const EXPECTED_TYPES: Record<string, string> = {
  core_http_request_duration_seconds: 'histogram',
  core_tokens_issued_total: 'counter',
  core_authentication_failures_total: 'counter',
  core_cache_lookups_total: 'counter',
  core_cache_entries: 'gauge',
  core_invalidation_channel_live: 'gauge',
  core_graphql_operations_total: 'counter',
  core_graphql_errors_total: 'counter',
  core_purge_deleted_rows_total: 'counter',
  core_purge_last_success_timestamp_seconds: 'gauge',
  core_process_cpu_seconds_total: 'counter',
};

describe('Prometheus metrics on METRICS_PORT', () => {
  let t: TestApp;
  let metricsUrl: string;
  let client: { id: string; secret: string };
  const current = (): Promise<Scrape> => scrape(metricsUrl);

  beforeAll(async () => {
    t = await startTestApp({ METRICS_HOST: '127.0.0.1', METRICS_PORT: '0' });
    metricsUrl = t.app.metricsUrl as string;
    const created = await createTestClient(t, { permissions: ['users.view'] });
    client = { id: created.id, secret: created.secret as string };
  });
  afterAll(() => t.close());

  it('listens on its own port only, and not at all unless METRICS_PORT is set', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl).port).not.toBe(new URL(t.url).port);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
    const plain = await startTestApp();
    try {
      expect(plain.app.metricsUrl).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it('serves the text format with the documented names and types', async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types } = parseScrape(await response.text());
    for (const [name, type] of Object.entries(EXPECTED_TYPES)) expect(types.get(name), name).toBe(type);
    expect(types.get('core_db_pool_connections')).toBe('gauge');
  });

  it('a token request moves the issuance counter and the request histogram of its route', async () => {
    const before = await current();
    await clientCredentialsToken(t, client.id, client.secret);
    const after = await current();
    expect(after.value('core_tokens_issued_total', { grant: 'client_credentials' })).toBe(
      before.value('core_tokens_issued_total', { grant: 'client_credentials' }) + 1,
    );
    const route = { method: 'POST', route: '/oauth/token', status: '200' };
    expect(after.value('core_http_request_duration_seconds_count', route)).toBe(
      before.value('core_http_request_duration_seconds_count', route) + 1,
    );
  });

  it('counts failed client authentication and refused bearer tokens by kind', async () => {
    const before = await current();
    const refused = await tokenRequest(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(client.id, 'wrong') });
    expect(refused.status).toBe(401);
    const graphql = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-jwt' },
      body: JSON.stringify({ query: '{ viewer { type } }' }),
    });
    expect(graphql.status).toBe(401);
    const after = await current();
    expect(after.value('core_authentication_failures_total', { kind: 'client' })).toBe(
      before.value('core_authentication_failures_total', { kind: 'client' }) + 1,
    );
    expect(after.value('core_authentication_failures_total', { kind: 'bearer' })).toBe(
      before.value('core_authentication_failures_total', { kind: 'bearer' }) + 1,
    );
  });

  it('counts GraphQL operations by type and errors by code, and cache lookups', async () => {
    const token = await clientCredentialsToken(t, client.id, client.secret);
    const before = await current();
    const ask = (query: string) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ query }),
      });
    expect((await ask('{ viewer { type } }')).status).toBe(200);
    expect((await ask('{ viewer { type } }')).status).toBe(200);
    expect((await ask('{ appClients { totalCount } }')).status).toBe(200);
    const after = await current();
    expect(after.value('core_graphql_operations_total', { type: 'query' })).toBe(
      before.value('core_graphql_operations_total', { type: 'query' }) + 3,
    );
    expect(after.value('core_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(
      before.value('core_graphql_errors_total', { code: 'FORBIDDEN' }) + 1,
    );
    expect(after.value('core_cache_lookups_total', { cache: 'tokens', result: 'hit' })).toBeGreaterThan(
      before.value('core_cache_lookups_total', { cache: 'tokens', result: 'hit' }),
    );
    expect(after.value('core_invalidation_channel_live')).toBe(1);
  });

  it('labels requests by route template, never by raw URL', async () => {
    const secretish = 'zz-raw-path-marker';
    await fetch(`${t.url}/${secretish}?token=${secretish}`);
    await fetch(`${t.url}/clients/${secretish}/login`, { method: 'POST' });
    const after = await current();
    expect(after.text).not.toContain(secretish);
    expect(after.value('core_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThan(0);
    expect(after.value('core_http_request_duration_seconds_count', { route: '/clients/:name/login' })).toBeGreaterThan(0);
  });

  it.runIf(onPostgres)('reports the PostgreSQL pool', async () => {
    const after = await current();
    expect(after.value('core_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });
});
