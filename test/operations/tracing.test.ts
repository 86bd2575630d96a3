import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  basicAuth,
  bearer,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  refreshRequest,
  tokenRequest,
} from '../helpers/tokens.js';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('OpenTelemetry traces to an OTLP endpoint', () => {
  const receiver = new OtlpReceiver();
  /** Every credential the requests below carry, and the hashes the database keeps of them. */
  const secrets: string[] = [];
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    await receiver.start();
    const t: TestApp = await startTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'core-api-test' });
    try {
      const client = await createTestClient(t, {
        permissions: ['users.view', 'users.create'],
        grantTypes: ['client_credentials', 'password'],
      });
      const user = await createTestUser(t, { permissions: ['users.view'], password: 'tracing passphrase 7Q' });
      const code = 'code-value-never-traced-4f2a9c';
      const cc = await clientCredentialsToken(t, client.id, client.secret!);
      const pw: TokenResponse = await passwordToken(t, { client, username: user.email, password: user.password });
      const refreshed = (await (await refreshRequest(t, client, pw.refresh_token!)).json()) as TokenResponse;
      const bad = await tokenRequest(
        t,
        { grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb' },
        { authorization: basicAuth(client.id, client.secret!) },
      );
      expect(bad.status).toBe(400);
      const newPassword = 'created through graphql 9Z';
      const graphql = (query: string, variables?: object) =>
        fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(cc) },
          body: JSON.stringify({ query, variables }),
        });
      expect((await graphql('query Who { viewer { type } }')).status).toBe(200);
      await graphql('mutation Make($input: CreateUserInput!) { createUser(input: $input) { id } }', {
        input: { email: 'traced@example.test', password: newPassword },
      });
      await graphql(
        `mutation Inline { createUser(input: { email: "inline@example.test", password: "${newPassword}x" }) { id } }`,
      );
      await fetch(`${t.url}/oauth/token?client_secret=${client.secret}&password=${user.password}`);
      await fetch(`${t.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
        body: new URLSearchParams({ token: refreshed.refresh_token! }),
      });
      const hashes = await t.orm.em
        .fork()
        .getConnection()
        .execute<{ hash: string }[]>(
          `select secret_hash as hash from app_client where secret_hash is not null
           union all select password_hash from "user"`,
        );
      secrets.push(
        client.secret!,
        user.password,
        newPassword,
        code,
        sha256(code),
        ...hashes.map((row: { hash: string }) => row.hash),
      );
      for (const token of [cc, pw, refreshed]) {
        secrets.push(token.access_token, token.access_token.split('.')[2]);
        if (token.refresh_token) secrets.push(token.refresh_token, sha256(token.refresh_token));
      }
    } finally {
      await t.close(); // flushes the batch to the receiver
    }
    spans = receiver.spans;
  });
  afterAll(() => receiver.stop());

  it('exports HTTP spans named by route template, with method and status', () => {
    const token = spans.filter((span) => span.name === 'POST /oauth/token');
    expect(token.length).toBeGreaterThanOrEqual(4);
    expect(token[0].attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/oauth/token' });
    expect(token.map((span) => span.attributes['http.response.status_code'])).toContain(400);
    expect(spans.some((span) => span.name === 'GET' && span.attributes['http.route'] === undefined)).toBe(true);
  });

  it('exports GraphQL operation spans with type and name', () => {
    const who = spans.find((span) => span.name === 'query Who');
    expect(who?.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'Who' });
    expect(spans.find((span) => span.name === 'mutation Make')?.attributes['graphql.operation.type']).toBe('mutation');
  });

  it('exports SQL spans with the statement and its placeholders, as children of the request', () => {
    const sql = spans.filter((span) => span.attributes['db.query.text'] !== undefined);
    const lookups = sql.filter((span) =>
      String(span.attributes['db.query.text']).includes('from refresh_token r join access_token'),
    );
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups[0].attributes['db.query.text']).toMatch(/where r\.token_hash = \?/);
    const http = new Set(spans.filter((span) => span.attributes['http.route']).map((span) => span.spanId));
    expect(lookups.some((span) => span.parentSpanId && http.has(span.parentSpanId))).toBe(true);
  });

  it('carries no token, secret, password, code or hash in any span', () => {
    expect(receiver.bodies.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(10);
    const everything = receiver.bodies.join('\n');
    for (const secret of secrets) expect(everything.includes(secret), `a span holds ${secret.slice(0, 12)}…`).toBe(false);
  });

  it('is off without an endpoint', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.services.tracing).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
