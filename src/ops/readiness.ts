import type { NotificationBus } from '../db/notifications.js';
import type { Orm } from '../db/orm.js';

export interface Readiness {
  ready: boolean;
  body: {
    status: 'ready' | 'not_ready';
    database: 'up' | 'down';
    migrations: 'applied' | 'pending' | 'unknown';
    invalidation: 'live' | 'down';
  };
}

/**
 * `/readyz`: the instance should take traffic — the database answers, every migration
 * is applied, and the invalidation channel is proven live (while it is not, the
 * instance still answers correctly, but reads the database on every request).
 */
export async function checkReadiness(orm: Orm, bus: NotificationBus, timeoutMs = 2000): Promise<Readiness> {
  const pending = await withTimeout(
    orm.migrator.getPending().then((list) => list.length),
    timeoutMs,
  ).catch(() => undefined);
  const database = pending === undefined ? 'down' : 'up';
  const migrations = pending === undefined ? 'unknown' : pending === 0 ? 'applied' : 'pending';
  const invalidation = bus.live ? 'live' : 'down';
  const ready = migrations === 'applied' && invalidation === 'live';
  return { ready, body: { status: ready ? 'ready' : 'not_ready', database, migrations, invalidation } };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
