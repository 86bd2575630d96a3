import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { basicAuth } from '../helpers/tokens.js';
import { countRows } from './support/db-state.js';
import { freePort, ServerProcess, slowRequest } from './support/server-process.js';
import { jtiOf } from './support/traffic.js';

const escapePem = (pem: string) => pem.replace(/\n/g, '\\n');

/**
 * SIGTERM to the real server (`src/main.ts` in a child process) while two requests are
 * in flight — their bodies half sent: they complete with 200 and their writes are kept;
 * a request that comes after the signal is refused; the database is closed and the
 * process exits 0. On PGlite a fresh data directory, on PostgreSQL a fresh database.
 */
describe('graceful shutdown of the real server', () => {
  let dir: string;
  let db: TestDatabase | undefined;
  let server: ServerProcess;
  let client: { id: string; secret: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'core-shutdown-'));
    db = onPostgres ? await createTestDatabase() : undefined;
    const port = await freePort();
    server = new ServerProcess(port, {
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PGLITE_DIR: join(dir, 'pglite'),
      DATABASE_URL: db?.databaseUrl ?? '',
      PASSPORT_PRIVATE_KEY: escapePem(inject('privateKey')),
      PASSPORT_PUBLIC_KEY: escapePem(inject('publicKey')),
    });
    await server.ready();
    client = bootstrapClient(server.output.join(''));
  });
  afterAll(async () => {
    server?.kill();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes the requests in flight, refuses new ones, closes the database, exits 0', async () => {
    const auth = { authorization: basicAuth(client.id, client.secret) };
    const token = (await (
      await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const slowToken = slowRequest(
      `${server.url}/oauth/token`,
      { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials&scope=manage_system',
    );
    const slowWrite = slowRequest(
      `${server.url}/graphql`,
      { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      JSON.stringify({
        query:
          'mutation { createAppClient(input: { name: "drained on shutdown", grantTypes: [CLIENT_CREDENTIALS] }) { appClient { id } } }',
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    server.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const late = await fetch(`${server.url}/healthz`).then(
      (response) => `answered ${response.status}`,
      (error: Error) => `refused: ${String((error.cause as { code?: string })?.code ?? error.message)}`,
    );
    expect(late).toMatch(/^(refused: ECONNREFUSED|answered 503)$/);

    slowToken.finish();
    slowWrite.finish();
    const [tokenResponse, writeResponse] = await Promise.all([slowToken.response, slowWrite.response]);
    expect(tokenResponse.status, tokenResponse.body).toBe(200);
    expect(writeResponse.status, `${writeResponse.body}\n${server.output.join('')}`).toBe(200);
    const created = JSON.parse(writeResponse.body) as { data: { createAppClient: { appClient: { id: string } } } };
    expect(await server.exited, server.output.join('')).toEqual({ code: 0, signal: null });

    await expectKept(jtiOf(JSON.parse(tokenResponse.body).access_token), created.data.createAppClient.appClient.id);
    console.log(`shutdown: 2 requests in flight at SIGTERM completed with 200, a new request was ${late}, exit code 0`);
  });

  /** The writes of the drained requests are in the database, which the server left closed. */
  async function expectKept(jti: string, clientId: string): Promise<void> {
    if (db) expect(await otherConnections(db)).toBe(0);
    const orm: Orm = db ? db.orm : await openOrm({ pgliteDir: join(dir, 'pglite') });
    try {
      expect(await countRows(orm, 'access_token', `id = '${jti}'`)).toBe(1);
      expect(await countRows(orm, 'app_client', `id = '${clientId}' and name = 'drained on shutdown'`)).toBe(1);
    } finally {
      if (!db) await orm.close(true);
    }
  }
});

/** The bootstrap client's id and secret, printed once on the first start. */
function bootstrapClient(output: string): { id: string; secret: string } {
  const id = /Client ID:\s+(\S+)/.exec(output)?.[1];
  const secret = /Client secret:\s+(\S+)/.exec(output)?.[1];
  if (!id || !secret) throw new Error(`no bootstrap client in the output:\n${output}`);
  return { id, secret };
}

/** Connections to the test database other than the test's own pool's. */
async function otherConnections(db: TestDatabase): Promise<number> {
  const [row]: { n: string | number }[] = await db.orm.em
    .getConnection()
    .execute('select count(*) as n from pg_stat_activity where datname = current_database()');
  const pool = (await db.orm.em.getConnection().getNativeClient()) as { totalCount: number };
  return Number(row.n) - pool.totalCount;
}
