import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IssuedTokenWriter } from '../../src/modules/token/issued-token.writer.js';
import type { IssuedTokenRecord } from '../../src/modules/token/token.repository.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { basicAuth, createTestClient, type TestClient } from '../helpers/tokens.js';

/**
 * Group commit of issued tokens: concurrent token requests share one INSERT, each
 * answered only once its row is committed; a failing row fails only its own request.
 */
describe('issued tokens are written in groups, never answered before they are recorded', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
  });
  afterAll(() => t.close());

  /** The statements that insert access tokens while `run` runs (counted at the connection's one funnel for every statement). */
  async function tokenInserts(run: () => Promise<unknown>): Promise<number> {
    // MikroORM declares the funnel protected; tracing (src/ops/sql-spans.ts) wraps it the same way.
    const connection = t.orm.em.getConnection() as unknown as { executeQuery: (...args: unknown[]) => Promise<unknown> };
    const original = connection.executeQuery.bind(connection);
    let inserts = 0;
    const spy = vi.spyOn(connection, 'executeQuery').mockImplementation(((sql: unknown, ...rest: unknown[]) => {
      if (String(sql).includes('insert into access_token')) inserts += 1;
      return (original as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as never);
    try {
      await run();
      return inserts;
    } finally {
      spy.mockRestore();
    }
  }

  const requestToken = () =>
    fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
      body: 'grant_type=client_credentials',
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { access_token: string } }));

  it('20 concurrent requests: every token is recorded and audited before its response', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, requestToken));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const ids = responses.map(
      (response) => JSON.parse(Buffer.from(response.body.access_token.split('.')[1], 'base64url').toString()).jti,
    );
    const connection = t.orm.em.fork().getConnection();
    const [{ tokens }] = await connection.execute<{ tokens: number }[]>(
      `select count(*)::int as tokens from access_token where id in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const [{ events }] = await connection.execute<{ events: number }[]>(
      `select count(*)::int as events from audit_event where action = 'token.issued' and target_id in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    expect({ tokens, events }).toEqual({ tokens: 20, events: 20 });
  });

  const record = (clientId: string): IssuedTokenRecord => ({
    id: randomUUID(),
    clientId,
    userId: null,
    scopes: ['orders.view'],
    defaultScope: false,
    name: null,
    grantType: 'client_credentials',
    authorizationCodeId: null,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 60_000),
    audit: { id: randomUUID(), action: 'token.issued', actorType: 'client', actorId: clientId, ip: null, details: {} },
  });

  it('tokens issued in the same turn share one statement; a lone one is written at once', async () => {
    const writer = new IssuedTokenWriter(t.orm);
    const em = t.orm.em.fork();
    const grouped = await tokenInserts(() => Promise.all(Array.from({ length: 20 }, () => writer.write(em, record(client.id)))));
    expect(grouped).toBe(1);
    expect(await tokenInserts(() => writer.write(em, record(client.id)))).toBe(1);
  });

  it('a row that cannot be written fails only its own caller', async () => {
    const writer = new IssuedTokenWriter(t.orm);
    const em = t.orm.em.fork();
    const [good, bad, alsoGood] = await Promise.allSettled([
      writer.write(em, record(client.id)),
      writer.write(em, record(randomUUID())), // no such client: the foreign key refuses it
      writer.write(em, record(client.id)),
    ]);
    expect([good.status, bad.status, alsoGood.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
