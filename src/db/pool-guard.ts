import type pg from 'pg';

/**
 * Gives back to the pool a connection that dies while checked out. Kysely 0.29's
 * controlled transactions (MikroORM's `transactional` and every flush) release their
 * connection only after a successful BEGIN, COMMIT or ROLLBACK; when the database goes
 * away mid-transaction those statements fail, the release never happens, and each
 * outage would keep a slot of the pool busy for good — until every request waits for a
 * connection that never comes back. Pass as `onPoolCreated` in the PostgreSQL driver
 * options.
 */
export function reclaimDeadConnections(pool: pg.Pool): void {
  const checkedOut = new WeakSet<pg.PoolClient>();
  const watched = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    checkedOut.add(client);
    if (watched.has(client)) return;
    watched.add(client);
    client.on('end', () => reclaim(client));
  });
  pool.on('release', (_error, client) => checkedOut.delete(client as pg.PoolClient));

  function reclaim(client: pg.PoolClient): void {
    if (!checkedOut.has(client)) return;
    const release = client.release;
    // Whoever holds it may still release it later: that call must not throw a double release.
    client.release = () => undefined;
    release(new Error('connection ended while checked out'));
  }
}
