import type { FastifyServerOptions } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { loggerOptions } from '../../../src/logger.js';
import { type TestApp, testEnvironment } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { LogCapture } from './log-capture.js';

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * Like `startTestApp`, but the server logs as in production (the same pino options,
 * redaction included) into a {@link LogCapture}, at `level`.
 */
export async function startLoggedApp(
  overrides: Record<string, string | undefined> = {},
  options: { level?: string; db?: TestDatabase } = {},
): Promise<TestApp & { logs: LogCapture }> {
  const database = options.db ?? (await createTestDatabase());
  const logs = new LogCapture();
  const probe = await buildApp(loadConfig(testEnvironment(overrides)), { orm: database.orm, logger: false });
  await probe.listen({ host: '127.0.0.1', port: 0 });
  const port = (probe.server.address() as { port: number }).port;
  await probe.close();
  const config = loadConfig(testEnvironment({ PORT: String(port), LOG_LEVEL: options.level ?? 'debug', ...overrides }));
  const app = await buildApp(config, {
    orm: database.orm,
    logger: { ...(loggerOptions(config) as LoggerOptions), stream: logs },
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    orm: database.orm,
    db: database,
    logs,
    async close() {
      await app.close();
      if (!options.db) await database.close();
    },
  };
}
