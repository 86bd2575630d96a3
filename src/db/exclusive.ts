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
  if (onPglite(orm)) {
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
  return withLockSession(orm, async (client) => {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  });
}

/**
 * Runs `work` after every other instance's work under the same key has finished: the
 * same session advisory lock, waited for (instances starting together take turns).
 * PGlite has one process, whose starts already run one at a time.
 */
export async function runInTurn<T>(orm: Orm, key: number, work: () => Promise<T>): Promise<T> {
  if (onPglite(orm)) return work();
  return withLockSession(orm, async (client) => {
    await client.query('select pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  });
}

const onPglite = (orm: Orm) => orm.em.getConnection() instanceof PgliteConnection;

/** A connection of its own for the lock, closed (and the lock with it) when `use` ends. */
async function withLockSession<T>(orm: Orm, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') as string, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
