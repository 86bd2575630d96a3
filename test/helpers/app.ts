import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Orm } from '../../src/db/orm.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  url: string;
  config: Config;
  orm: Orm;
  db: TestDatabase;
  close(): Promise<void>;
}

const escapePem = (pem: string) => pem.replace(/\n/g, '\\n');

/** Environment for a test server; `overrides` win. The issuer follows the real port. */
export function testEnvironment(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    PASSPORT_PRIVATE_KEY: escapePem(inject('privateKey')),
    PASSPORT_PUBLIC_KEY: escapePem(inject('publicKey')),
    ...overrides,
  };
}

/**
 * Starts the real application (the same `buildApp` as the server) on a fresh
 * database, listening on a random loopback port.
 */
export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
  db?: TestDatabase,
  options: { listenUrl?: string } = {},
): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  // Reserve the port first so ISSUER and token audiences carry the real URL.
  const probe = await buildApp(loadConfig(testEnvironment(overrides)), { orm: database.orm, logger: false });
  await probe.listen({ host: '127.0.0.1', port: 0 });
  const port = (probe.server.address() as { port: number }).port;
  await probe.close();
  const config = loadConfig(testEnvironment({ PORT: String(port), ...overrides }));
  const app = await buildApp(config, { orm: database.orm, logger: false, listenUrl: options.listenUrl });
  await app.listen({ host: '127.0.0.1', port });
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    orm: database.orm,
    db: database,
    async close() {
      await app.close();
      if (!db) await database.close();
    },
  };
}
