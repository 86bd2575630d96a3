import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { AuthState } from '../auth/auth-state.js';
import type { NotificationBus } from '../db/notifications.js';
import type { Orm } from '../db/orm.js';
import type { Metrics } from './metrics.js';

/** Points the scrape-time series at the caches, the invalidation channel and (PostgreSQL) the pool. */
export function watchServices(metrics: Metrics, services: { orm: Orm; state: AuthState; invalidation: NotificationBus }): void {
  const { orm, state, invalidation } = services;
  metrics.watchCache('tokens', state.tokens);
  metrics.watchCache('clients', state.clients);
  metrics.watchCache('users', state.users);
  metrics.watchCache('permissions', state.permissions);
  metrics.watchChannel(invalidation);
  const connection = orm.em.getConnection();
  if (!(connection instanceof PostgreSqlConnection)) return;
  // The pool exists once the ORM has connected (it has: migrations ran); read it lazily all the same.
  let pool: pg.Pool | undefined;
  void connection.getNativeClient().then(
    (native) => {
      pool = native as pg.Pool;
    },
    () => undefined,
  );
  metrics.watchPool(() => pool);
}
