import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/startup.js';

export interface TestDatabase {
  orm: Orm;
  /** Set on PostgreSQL: the URL of this file's own database. */
  databaseUrl?: string;
  close(): Promise<void>;
}

/** Which database the suite runs on, for tests that only make sense on one. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, migrated database for one test file: PGlite restored from the run's
 * template, or with `TEST_DATABASE_URL` a new PostgreSQL database dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? createPostgresDatabase(serverUrl) : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const template = readFileSync(inject('pgliteTemplate'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([template]) });
  const orm = await openOrm({ pglite });
  return {
    orm,
    async close() {
      await orm.close(true);
      await pglite.close().catch(() => undefined);
    },
  };
}

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `core_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const orm = await openOrm({ databaseUrl });
  await prepareDatabase(orm);
  return {
    orm,
    databaseUrl,
    async close() {
      await orm.close(true);
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs one statement on the server's maintenance database (create or drop a test database). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
