import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestClient, type TestClient } from '../helpers/tokens.js';
import type { LogCapture } from './support/log-capture.js';
import { startLoggedApp } from './support/logged-app.js';
import { exerciseEveryEndpoint } from './support/secret-run.js';

/**
 * PRODUCT §7: secrets and tokens are never logged. The server runs with its production
 * logger configuration (redaction included) at `trace`, every endpoint is exercised
 * with real credentials, and the whole captured stream is searched for each client
 * secret, password, access and refresh token, code, PKCE verifier, CSRF token, session
 * cookie and stored hash the run used — and so is the audit log.
 */
describe('secrets never reach the logs', () => {
  let db: TestDatabase;
  let t: TestApp & { logs: LogCapture };
  let web: TestClient;
  let secrets: string[];
  let hashes: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    web = await createTestClient({ orm: db.orm } as TestApp, { grantTypes: ['password'], firstParty: true });
    t = await startLoggedApp({ CLIENT_WEB_ID: web.id, CLIENT_WEB_SECRET: web.secret! }, { db, level: 'trace' });
    secrets = await exerciseEveryEndpoint(t, web);
    hashes = await storedHashes(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.close();
  });

  it('captured a log line for every endpoint and every refusal (the capture works)', () => {
    const urls = new Set(
      t.logs.entries().map((entry) => String((entry.req as { url?: string } | undefined)?.url ?? '').split('?')[0]),
    );
    for (const path of [
      '/oauth/token',
      '/oauth/revoke',
      '/oauth/introspect',
      '/oauth/authorize',
      '/oauth/authorize/login',
      '/clients/web/login',
      '/clients/web/refresh',
      '/logout',
      '/graphql',
      '/healthz',
      '/.well-known/jwks.json',
    ]) {
      expect(urls, path).toContain(path);
    }
    expect(t.logs.text).toContain('invalid_client');
    expect(t.logs.text).toContain('invalid_grant');
  });

  it('holds none of the secrets, passwords, tokens, codes and hashes used', () => {
    expect(secrets.length).toBeGreaterThan(30);
    expect(hashes.length).toBeGreaterThan(10);
    const leaks = findIn(t.logs.text, [...secrets, ...hashes, ...keyMaterial()]);
    expect(leaks).toEqual([]);
    console.log(
      `logs: ${t.logs.lines.length} lines searched for ${secrets.length} secrets and ${hashes.length} stored hashes: none found`,
    );
  });

  it('and the audit log holds none of them either', async () => {
    const rows: Record<string, unknown>[] = await t.orm.em.getConnection().execute('select * from audit_event');
    expect(rows.length).toBeGreaterThan(10);
    expect(findIn(JSON.stringify(rows), [...secrets, ...hashes])).toEqual([]);
  });
});

/** Every secret found in `text`, in any of the encodings it could have travelled in. */
function findIn(text: string, values: string[]): string[] {
  const haystack = [text, decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25')).replace(/\+/g, ' ')];
  return values
    .filter((value) => value.length >= 6)
    .filter((value) => {
      const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
      return forms.some((form) => haystack.some((logged) => logged.includes(form)));
    })
    .map((value) => `${value.slice(0, 12)}… (${value.length} chars)`);
}

/** The stored forms: argon2id hashes of secrets and passwords, SHA-256 of refresh tokens and codes. */
async function storedHashes(t: TestApp): Promise<string[]> {
  const connection = t.orm.em.getConnection();
  const queries = [
    'select secret_hash as value from app_client where secret_hash is not null',
    'select password_hash as value from "user"',
    'select token_hash as value from refresh_token',
    'select code_hash as value from authorization_code',
  ];
  const values: string[] = [];
  for (const sql of queries) values.push(...((await connection.execute(sql)) as { value: string }[]).map((row) => row.value));
  return values;
}

/** Lines of the private key's PEM body. */
function keyMaterial(): string[] {
  return inject('privateKey')
    .split('\n')
    .filter((line) => line.length > 40 && !line.startsWith('-----'));
}
