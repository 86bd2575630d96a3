import { PgliteConnection } from '@mikro-orm/pglite';
import pg from 'pg';
import type { Orm } from './orm.js';

/** PGlite lives in one process: an in-process flag per database is exclusive enough. */
const runningOnPglite = new WeakMap<Orm, Set<number>>();

/**
 * Runs `work` unless another instance is running work under the same key, across every
 * process on the database: a PostgreSQL session advisory lock on a connection of its
 * own (a pooled one could be handed to someone else in between), released with that
 * session even if this process dies. Resolves `{ ran: false }` when the lock is taken.
 */
export async function runExclusively<T>(
  orm: Orm,
  key: number,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (orm.em.getConnection() instanceof PgliteConnection) {
    const running = runningOnPglite.get(orm) ?? new Set<number>();
    runningOnPglite.set(orm, running);
    if (running.has(key)) return { ran: false };
    running.add(key);
    try {
      return { ran: true, result: await work() };
    } finally {
      running.delete(key);
    }
  }
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') as string, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
