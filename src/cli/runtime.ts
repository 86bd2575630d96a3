import type { EntityManager } from '@mikro-orm/core';
import { type Config, loadConfig } from '../config.js';
import { type Orm, openOrm } from '../db/orm.js';
import { type PreparedDatabase, prepareDatabase } from '../startup.js';

/**
 * Opens the configured database (PostgreSQL or PGlite), applies pending migrations and
 * syncs the permission catalogue — so every command works on a fresh database — then
 * runs `work` and closes the connection whatever happens.
 */
export async function withDatabase<T>(
  work: (em: EntityManager, prepared: PreparedDatabase, orm: Orm) => Promise<T>,
  config: Config = loadConfig(),
): Promise<T> {
  const orm = await openOrm({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  try {
    const prepared = await prepareDatabase(orm);
    return await work(orm.em.fork(), prepared, orm);
  } finally {
    await orm.close(true);
  }
}
