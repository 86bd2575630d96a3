import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { CONSOLE_CLIENT_ID } from '../../src/modules/client/console-client.js';
import { User } from '../../src/modules/user/user.entity.js';
import { type PreparedDatabase, prepareDatabase } from '../../src/startup.js';
import { adminQuery, onPostgres } from '../helpers/db.js';

/**
 * Instances of a deployment start together on a new, empty database (a rollout of three
 * replicas): each migrates, syncs the catalogue and bootstraps. They take turns, so every
 * one starts, and the database ends as one start would leave it.
 */
describe.runIf(onPostgres)('instances starting at once on an empty database', () => {
  const serverUrl = process.env.TEST_DATABASE_URL as string;
  const name = `core_test_${randomBytes(6).toString('hex')}`;
  const orms: Orm[] = [];
  afterAll(async () => {
    await Promise.all(orms.map((orm) => orm.close(true)));
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  });

  it('all start; one migrates and bootstraps, the others find it done', async () => {
    await adminQuery(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    for (let i = 0; i < 3; i++) orms.push(await openOrm({ databaseUrl: url.toString() }));
    const bootstrap = { issuer: 'http://127.0.0.1:3000', adminEmail: 'admin@example.com' };
    const results: PreparedDatabase[] = await Promise.all(orms.map((orm) => prepareDatabase(orm, { bootstrap })));

    expect(results.filter((result) => result.migrations.length > 0)).toHaveLength(1);
    expect(results.filter((result) => result.bootstrapClient)).toHaveLength(1);
    expect(results.filter((result) => result.bootstrapAdmin)).toHaveLength(1);
    const em = orms[0].em.fork();
    const clients = await em.find(AppClient, {}, { filters: false, orderBy: { name: 'asc' } });
    expect(clients.map((client) => client.name)).toEqual(['Bootstrap admin', 'Developer console']);
    expect(clients.find((client) => client.name === 'Developer console')?.id).toBe(CONSOLE_CLIENT_ID);
    expect(await em.count(User, {})).toBe(1);
  });
});
