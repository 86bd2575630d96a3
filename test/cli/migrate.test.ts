import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { PERMISSIONS } from '../../src/modules/access/catalogue.js';
import { Permission } from '../../src/modules/access/permission.entity.js';
import { type CliWorkspace, createCliWorkspace, jsonOf } from './cli-workspace.js';

describe('cli migrate and permissions:sync', { timeout: 120_000 }, () => {
  let ws: CliWorkspace;
  beforeAll(async () => {
    ws = await createCliWorkspace();
  });
  afterAll(() => ws.close());

  it('applies every migration to an empty database', async () => {
    expect(jsonOf(await ws.run('migrate', '--json'))).toEqual({ applied: migrationsList.map((migration) => migration.name) });
  });

  it('is idempotent, and prints exactly one JSON document through `npm run -s cli -- … --json`', async () => {
    expect(jsonOf(await ws.npmRun('migrate', '--json'))).toEqual({ applied: [] });
    const run = await ws.run('migrate');
    expect(run).toMatchObject({ code: 0, stdout: 'No pending migrations: the database is up to date.\n' });
  });

  it('reports what the sync restored to the catalogue', async () => {
    await ws.withOrm(async (orm) => {
      expect(await orm.em.fork().nativeDelete(Permission, { name: 'orders.delete.own' })).toBe(1);
    });
    expect(jsonOf(await ws.run('permissions:sync', '--json'))).toEqual({
      created: ['orders.delete.own'],
      total: PERMISSIONS.length,
    });
  });
});
