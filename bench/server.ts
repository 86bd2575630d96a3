import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig, readEnvironment } from '../src/config.js';
import { openOrm } from '../src/db/orm.js';
import { graphqlRoutes } from '../src/graphql/graphql.routes.js';
import { createClient } from '../src/modules/client/client.service.js';
import { Customer } from '../src/modules/customer/customer.entity.js';
import { Order } from '../src/modules/order/order.entity.js';
import { prepareDatabase } from '../src/startup.js';

/**
 * The server side of `npm run bench`, in its own process so its CPU time is its own:
 * the real app (buildApp) plus, mounted beside it, the bench-only variants — GraphQL
 * with authentication bypassed and with shield off — and a bare Fastify floor.
 * Prints one JSON line with the URLs and credentials, then serves until killed.
 */
const env = readEnvironment();
const database = await openDatabase(env.DATABASE_URL);
const keys = env.PASSPORT_PRIVATE_KEY ? {} : generateKeys();
const config = loadConfig({ ...env, ...keys, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' });
await prepareDatabase(database.orm);
const seed = await seedData(database.orm);

// The token comes from a short-lived instance: the served app must not boot before its variants are mounted.
const issuer = await buildApp(config, { orm: database.orm, logger: false });
const accessToken = await issueToken(issuer, seed);
const bypass = await issuer.services.authenticator.authenticate(`Bearer ${accessToken}`);
await issuer.close();

const app = await buildApp(config, { orm: database.orm });
await app.register(graphqlRoutes, { services: app.services, prefix: '/bench/no-auth', unsafeBench: { principal: bypass } });
await app.register(graphqlRoutes, { services: app.services, prefix: '/bench/no-shield', unsafeBench: { unguarded: true } });
const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });

const floor = Fastify({ logger: false });
floor.get('/floor', async () => ({ hello: 'world' }));
floor.get('/usage', async () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss, memory: process.memoryUsage() }));
// Where the V8 heap is, space by space (committed and used bytes): the memory breakdown of BENCHMARKS.md.
floor.get('/heap-spaces', async () =>
  Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, { size: space.space_size, used: space.space_used_size }]),
  ),
);
// The V8 CPU profiler (what --cpu-prof runs), started and stopped around one measured run only.
const profiler = new Session();
profiler.connect();
floor.post('/profile/start', async () => {
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
  return { started: true };
});
floor.post<{ Body: { file: string } }>('/profile/stop', async (request) => {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(request.body.file, JSON.stringify(profile));
  return { file: request.body.file };
});
// The sampling heap profiler: which functions allocate, over one measured run.
floor.post('/heap-profile/start', async () => {
  await profiler.post('HeapProfiler.enable');
  await profiler.post('HeapProfiler.startSampling', {
    samplingInterval: 32 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return { started: true };
});
floor.post<{ Body: { file: string } }>('/heap-profile/stop', async (request) => {
  const { profile } = await profiler.post('HeapProfiler.stopSampling');
  writeFileSync(request.body.file, JSON.stringify(profile));
  return { file: request.body.file };
});
const floorUrl = await floor.listen({ host: '127.0.0.1', port: 0 });

// On PostgreSQL the references (bench/reference-server.ts) read the same seeded database.
const databaseUrl = env.DATABASE_URL || undefined;
console.log(
  JSON.stringify({ appUrl, floorUrl, clientId: seed.clientId, clientSecret: seed.clientSecret, accessToken, databaseUrl }),
);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await floor.close();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

function generateKeys(): Record<string, string> {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { PASSPORT_PRIVATE_KEY: pair.privateKey, PASSPORT_PUBLIC_KEY: pair.publicKey };
}

/**
 * A throw-away database: a new PostgreSQL database beside DATABASE_URL's, or PGlite in
 * BENCH_PGLITE_DIR (the directory the first-start measurement made, reopened as a
 * restarted server would) or in a new temp dir.
 */
async function openDatabase(serverUrl: string | undefined) {
  if (!serverUrl) {
    const dir = process.env.BENCH_PGLITE_DIR || mkdtempSync(join(tmpdir(), 'core-api-bench-'));
    const orm = await openOrm({ pgliteDir: dir });
    return {
      orm,
      async close() {
        await orm.close(true);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `core_bench_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await openOrm({ databaseUrl: url.toString() });
  env.DATABASE_URL = url.toString();
  return {
    orm,
    async close() {
      await orm.close(true);
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** An integration client that may read customers and orders, and 50 orders over 10 customers. */
async function seedData(orm: Awaited<ReturnType<typeof openOrm>>) {
  const em = orm.em.fork();
  const { client, secret } = await createClient(
    em,
    { name: 'Bench integration', grantTypes: ['client_credentials'] },
    { permissions: ['customers.view', 'orders.view'] },
  );
  const customers = Array.from({ length: 10 }, (_, i) =>
    em.create(Customer, { name: `Customer ${i}`, email: `c${i}@bench.test` }),
  );
  for (let i = 0; i < 50; i++) {
    em.create(Order, { customer: customers[i % 10], reference: `BENCH-${i}`, totalCents: 1000 + i, status: 'paid' });
  }
  await em.flush();
  return { clientId: client.id, clientSecret: secret as string };
}

async function issueToken(instance: typeof issuer, credentials: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await instance.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }).toString(),
  });
  if (response.statusCode !== 200) throw new Error(`bench token: ${response.statusCode} ${response.body}`);
  return response.json().access_token;
}
