import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Orm, openOrm } from '../src/db/orm.js';

export interface DurabilityFigures {
  commits: number;
  /** The server's PGlite: fsync on, WAL fsynced on the host before each commit returns. */
  fsyncOn: { commitsPerSecond: number; meanMs: number };
  /** PGlite's own default (`-F`): commits stay in the OS page cache. */
  fsyncOff: { commitsPerSecond: number; meanMs: number };
}

const COMMITS = Number(process.env.BENCH_COMMITS ?? 300);

/**
 * What PGlite's fsync costs a write: single-row autocommit inserts one after another
 * (the worst case: no group commit), into a data directory on this machine's disk,
 * once as the server opens it and once with PGlite's default `-F`.
 */
export async function measureDurability(): Promise<DurabilityFigures> {
  const on = await timed(async (dir) => {
    const orm = await openOrm({ pgliteDir: dir });
    return { run: (sql: string, params: unknown[]) => runOrm(orm, sql, params), close: () => orm.close(true) };
  });
  const off = await timed(async (dir) => {
    const pglite = await PGlite.create({ dataDir: dir });
    return {
      run: async (sql: string, params: unknown[]) => void (await pglite.query(sql.replace('?', '$1'), params)),
      close: () => pglite.close(),
    };
  });
  return { commits: COMMITS, fsyncOn: on, fsyncOff: off };
}

async function runOrm(orm: Orm, sql: string, params: unknown[]): Promise<void> {
  await orm.em.getConnection().execute(sql, params);
}

async function timed(
  open: (dir: string) => Promise<{ run(sql: string, params: unknown[]): Promise<void>; close(): Promise<void> }>,
): Promise<{ commitsPerSecond: number; meanMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'core-bench-durability-'));
  const db = await open(dir);
  try {
    await db.run('create table bench_commit (n int, at timestamptz default now())', []);
    for (let n = 0; n < 20; n++) await db.run('insert into bench_commit (n) values (?)', [n]);
    const started = performance.now();
    for (let n = 0; n < COMMITS; n++) await db.run('insert into bench_commit (n) values (?)', [n]);
    const ms = performance.now() - started;
    return { commitsPerSecond: Math.round((COMMITS / ms) * 1000), meanMs: Number((ms / COMMITS).toFixed(3)) };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(JSON.stringify(await measureDurability(), null, 2));
}
