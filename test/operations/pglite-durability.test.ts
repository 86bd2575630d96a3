import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { hostSyncCounts } from '../../src/db/pglite-durability.js';
import { onPostgres } from '../helpers/db.js';

/**
 * An OS crash cannot be staged in a test; what can be checked is the mechanism: with
 * the data directory on disk, every acknowledged commit has had its WAL fsynced on the
 * host before the statement returned, and PostgreSQL runs with fsync on.
 */
describe.skipIf(onPostgres)('PGlite on a data directory: commits reach the disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'core-durable-'));
  let orm: Orm;
  let pglite: PGlite;
  const walSyncs = () => hostSyncCounts(pglite)?.get('pg_wal') ?? 0;
  beforeAll(async () => {
    orm = await openOrm({ pgliteDir: dir });
    pglite = (await orm.em.getConnection().getNativeClient()) as PGlite;
    await orm.em.getConnection().execute('create table durable_probe (n int)');
  });
  afterAll(async () => {
    await orm?.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with fsync on and WAL flushed by fsync', async () => {
    const rows = await orm.em
      .getConnection()
      .execute<{ fsync: string; wal_sync_method: string }[]>(
        `select current_setting('fsync') as fsync, current_setting('wal_sync_method') as wal_sync_method`,
      );
    expect(rows[0]).toEqual({ fsync: 'on', wal_sync_method: 'fsync' });
  });

  it('fsyncs the WAL on the host for every acknowledged commit', async () => {
    for (let n = 0; n < 5; n++) {
      const before = walSyncs();
      await orm.em.getConnection().execute('insert into durable_probe values (?)', [n]);
      expect(walSyncs(), `commit ${n}`).toBeGreaterThan(before);
    }
    // A read-only statement writes no WAL and syncs nothing.
    const before = walSyncs();
    await orm.em.getConnection().execute('select count(*) from durable_probe');
    expect(walSyncs()).toBe(before);
  });

  it('finds every acknowledged row after a restart', async () => {
    await orm.close(true);
    orm = await openOrm({ pgliteDir: dir });
    pglite = (await orm.em.getConnection().getNativeClient()) as PGlite;
    const rows = await orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from durable_probe');
    expect(rows[0].n).toBe(5);
  });
});
