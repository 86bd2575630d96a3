import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm } from '../../src/db/orm.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { basicAuth, createTestClient, type TestClient, tokenRequest } from '../helpers/tokens.js';
import { type DpopKey, dpopKey, forgeProof } from './dpop-proofs.js';

/** Both instances answer for one public URL, as behind a load balancer: a proof is good at either. */
const ISSUER = 'http://core-api.test';
const VIEWER = JSON.stringify({ query: '{ viewer { type } }' });

/**
 * Two instances, one database (on PostgreSQL each with its own pool, as two processes
 * would have): a proof's `jti` spent on one is refused by the other, and a nonce issued
 * by one is accepted by the other without any shared state but the key.
 */
describe('DPoP across two instances', () => {
  let db: TestDatabase;
  let second: TestDatabase | undefined;
  let a: TestApp;
  let b: TestApp;
  let integration: TestClient;
  let key: DpopKey;
  let token: string;
  let nonce: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.databaseUrl) {
      const orm = await openOrm({ databaseUrl: db.databaseUrl });
      second = { orm, databaseUrl: db.databaseUrl, close: () => orm.close(true) };
    }
    a = await startTestApp({ ISSUER, DPOP_NONCE_REQUIRED: 'true' }, db);
    b = await startTestApp({ ISSUER, DPOP_NONCE_REQUIRED: 'true' }, second ?? db);
    integration = await createTestClient(a, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    key = await dpopKey();
    const auth = { authorization: basicAuth(integration.id, integration.secret!) };
    const tokenUrl = `${ISSUER}/oauth/token`;
    // A's nonce, then a token from B with it.
    const first = await tokenRequest(
      a,
      { grant_type: 'client_credentials' },
      { ...auth, dpop: forgeProof(key, { method: 'POST', url: tokenUrl }) },
    );
    expect(((await first.json()) as { error: string }).error).toBe('use_dpop_nonce');
    nonce = first.headers.get('dpop-nonce')!;
    const issued = await tokenRequest(
      b,
      { grant_type: 'client_credentials' },
      {
        ...auth,
        dpop: forgeProof(key, { method: 'POST', url: tokenUrl }, { nonce }),
      },
    );
    const body = (await issued.json()) as { token_type: string; access_token: string };
    expect(issued.status, JSON.stringify(body)).toBe(200);
    expect(body.token_type).toBe('DPoP');
    token = body.access_token;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await second?.close();
    await db?.close();
  });

  const graphql = (instance: TestApp, proof: string) =>
    fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `DPoP ${token}`, dpop: proof },
      body: VIEWER,
    });

  it('a proof accepted by A is a replay at B, and the other way round', async () => {
    for (const [first, then] of [
      [a, b],
      [b, a],
    ] as const) {
      const proof = forgeProof(key, { method: 'POST', url: `${ISSUER}/graphql`, token }, { nonce });
      expect((await graphql(first, proof)).status).toBe(200);
      const replay = await graphql(then, proof);
      expect(replay.status).toBe(401);
      expect(replay.headers.get('www-authenticate')).toMatch(
        /^DPoP error="invalid_dpop_proof", error_description="the proof was already used/,
      );
    }
  });

  it('the same proof sent to both at once passes at most once', async () => {
    const proof = forgeProof(key, { method: 'POST', url: `${ISSUER}/graphql`, token }, { nonce });
    const statuses = (await Promise.all([graphql(a, proof), graphql(b, proof), graphql(a, proof), graphql(b, proof)])).map(
      (r) => r.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
  });

  it('a token-endpoint proof spent at A is refused at B', async () => {
    const proof = forgeProof(key, { method: 'POST', url: `${ISSUER}/oauth/token` }, { nonce });
    const auth = { authorization: basicAuth(integration.id, integration.secret!), dpop: proof };
    expect((await tokenRequest(a, { grant_type: 'client_credentials' }, auth)).status).toBe(200);
    const replay = await tokenRequest(b, { grant_type: 'client_credentials' }, auth);
    expect(await replay.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });
});
