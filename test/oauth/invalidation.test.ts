import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALIDATION_CHANNEL } from '../../src/db/notifications.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { basicAuth, bearer, clientCredentialsToken, createTestClient, type TestClient } from '../helpers/tokens.js';

const ISSUER = 'http://core-api.test';

/** Polls until `check` holds; "at once" across instances means within a notification's round trip. */
async function eventually(check: () => Promise<boolean>, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('two instances on one database: a change on one is seen by the other at once', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({ ISSUER }, db);
    b = await startTestApp({ ISSUER }, db);
    client = await createTestClient(a, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.close();
  });

  const acceptedBy = (instance: TestApp, token: string) =>
    instance.app.services.authenticator.authenticate(bearer(token).authorization).then(
      () => true,
      () => false,
    );

  it('a token revoked through instance A is refused by instance B', async () => {
    const { access_token: token } = await clientCredentialsToken(a, client.id, client.secret!);
    expect(await acceptedBy(b, token)).toBe(true);
    const response = await fetch(`${a.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
      body: new URLSearchParams({ token }),
    });
    expect(response.status).toBe(200);
    expect(await acceptedBy(a, token)).toBe(false);
    expect(await eventually(async () => !(await acceptedBy(b, token)))).toBe(true);
  });

  it('a client change published on A drops B’s cached client and verified secret', async () => {
    const other = await createTestClient(a, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const { access_token: token } = await clientCredentialsToken(b, other.id, other.secret!);
    expect(await acceptedBy(b, token)).toBe(true);
    await a.orm.em.fork().getConnection().execute('update app_client set deleted_at = now() where id = ?', [other.id]);
    await a.app.services.invalidation.publish({ kind: 'client', id: other.id });
    expect(await eventually(async () => !(await acceptedBy(b, token)))).toBe(true);
    const refused = await fetch(`${b.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(other.id, other.secret!) },
      body: 'grant_type=client_credentials',
    });
    expect(refused.status).toBe(401);
  });

  it.runIf(onPostgres)('drops every cache when the LISTEN connection is lost, and reconnects by itself', async () => {
    const { access_token: token } = await clientCredentialsToken(a, client.id, client.secret!);
    expect(await acceptedBy(b, token)).toBe(true);
    const connection = a.orm.em.fork().getConnection();
    const listeners = await connection.execute<{ pid: number }[]>(
      // A listener's last statement is its LISTEN, or the heartbeat it sends itself.
      `select pid from pg_stat_activity where datname = current_database() and (query like ? or query like 'NOTIFY core_heartbeat_%')`,
      [`LISTEN ${INVALIDATION_CHANNEL}%`],
    );
    expect(listeners.length).toBeGreaterThanOrEqual(2);
    for (const { pid } of listeners) await connection.execute('select pg_terminate_backend(?)', [pid]);
    // A change nobody announces: only a dropped cache (or bypassing it while deaf) can notice it.
    await connection.execute('update access_token set revoked = true where client_id = ?', [client.id]);
    expect(await eventually(async () => !(await acceptedBy(b, token)))).toBe(true);
    expect(await eventually(async () => b.app.services.invalidation.live, 10_000)).toBe(true);
    expect(await acceptedBy(b, token)).toBe(false);
  });
});
