import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataloaderType, MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations/index.js';
import { entities } from './entities.js';
import { DURABLE_START_PARAMS, enableHostFsync } from './pglite-durability.js';
import { isEmptyCluster, saveTemplate, templateFile, templateOptions } from './pglite-template.js';
import { reclaimDeadConnections } from './pool-guard.js';

export type Orm = MikroORM;

export interface DatabaseTarget {
  /** PostgreSQL when set. */
  databaseUrl?: string;
  /** PGlite data directory, used when there is no `databaseUrl`. */
  pgliteDir?: string;
  /** A PGlite instance owned by the caller (tests restore one from a migrated template). */
  pglite?: PGlite;
  debug?: boolean;
}

/**
 * The embedded PostgreSQL lives in this process's memory: PostgreSQL's server defaults
 * (128 MB of shared buffers) would be resident RSS of the app. The data of one app
 * instance fits a small buffer pool; the operating system's file cache does the rest.
 * PGlite's default `-F` (fsync off) is dropped: a commit is acknowledged only once its
 * WAL is on disk (pglite-durability.ts).
 */
const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  ...DURABLE_START_PARAMS,
  ...['-c', 'shared_buffers=16MB', '-c', 'wal_buffers=1MB', '-c', 'work_mem=2MB', '-c', 'temp_buffers=2MB'],
  ...['-c', 'maintenance_work_mem=16MB'],
];

/** The ORM options shared by the server, the CLI and the tests. */
export function ormOptions(target: DatabaseTarget): Options {
  const common = {
    entities,
    extensions: [Migrator],
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    debug: target.debug ?? false,
    allowGlobalContext: false,
    migrations: { migrationsList, snapshot: false, silent: true, transactional: true, allOrNothing: true },
  } satisfies Partial<Options>;
  if (target.databaseUrl) {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: target.databaseUrl,
      pool: { min: 0, max: 10, acquireTimeoutMillis: 5000 },
      driverOptions: { connectionTimeoutMillis: 5000, onPoolCreated: reclaimDeadConnections },
    } as unknown as Options;
  }
  if (target.pglite) {
    return { ...common, driver: PgliteDriver, dbName: 'pglite', driverOptions: { pglite: target.pglite } } as unknown as Options;
  }
  return {
    ...common,
    driver: PgliteDriver,
    dbName: target.pgliteDir ?? './data/pglite',
    driverOptions: { startParams: PGLITE_START_PARAMS, ...templateOptions(target.pgliteDir ?? './data/pglite') },
  } as unknown as Options;
}

/** Opens the database; the caller decides whether to migrate. */
export async function openOrm(target: DatabaseTarget): Promise<Orm> {
  const pgliteDir = target.databaseUrl || target.pglite ? undefined : (target.pgliteDir ?? './data/pglite');
  if (!pgliteDir) return MikroORM.init(ormOptions(target));
  mkdirSync(pgliteDir, { recursive: true });
  // A new directory without a template runs initdb: keep its result for the next ones (pglite-template.ts).
  const initdb = isEmptyCluster(pgliteDir) && !existsSync(templateFile());
  const orm = await MikroORM.init(ormOptions(target));
  const pglite = (await orm.em.getConnection().getNativeClient()) as PGlite;
  enableHostFsync(pglite, resolve(pgliteDir));
  if (initdb) await saveTemplate(pglite);
  return orm;
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}

/** True when the database answers a trivial query. */
export async function databaseAnswers(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}
