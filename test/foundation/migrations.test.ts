import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { entities } from '../../src/db/entities.js';
import { migrate } from '../../src/db/orm.js';
import { ADMIN_ROLE, PERMISSIONS } from '../../src/modules/access/catalogue.js';
import { Permission } from '../../src/modules/access/permission.entity.js';
import { Role } from '../../src/modules/access/role.entity.js';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { prepareDatabase } from '../../src/startup.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';

/** Runs on PGlite by default and on PostgreSQL when TEST_DATABASE_URL is set: the same migration files on both. */
describe(`migrations on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('created a table for every entity and pivot', async () => {
    const rows = await db.orm.em
      .getConnection()
      .execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = 'public'`);
    const tables = new Set(rows.map((row: { table_name: string }) => row.table_name));
    const metadata = db.orm.getMetadata();
    const expected = entities.map((entity) => metadata.get(entity as typeof AppClient).tableName);
    expected.push('role_permissions', 'user_roles', 'user_permissions', 'app_client_roles', 'app_client_permissions');
    for (const table of expected) expect(tables, `table ${table}`).toContain(table);
  });

  it('recorded every committed migration as executed', async () => {
    const executed = await db.orm.migrator.getExecuted();
    expect(executed.map((row) => row.name)).toEqual(migrationsList.map((migration) => migration.name));
    expect(await db.orm.migrator.getPending()).toEqual([]);
  });

  it('is idempotent: migrating again applies nothing and the catalogue sync adds nothing', async () => {
    expect(await migrate(db.orm)).toEqual([]);
    const prepared = await prepareDatabase(db.orm);
    expect(prepared.migrations).toEqual([]);
    expect(prepared.permissions).toEqual({ created: [], total: PERMISSIONS.length });
    expect(await db.orm.em.fork().count(Permission)).toBe(PERMISSIONS.length);
  });

  it('restores a catalogue permission removed from the database to the admin role, keeping run-time permissions', async () => {
    const em = db.orm.em.fork();
    await em.nativeDelete(Permission, { name: 'orders.delete.own' });
    em.create(Permission, { name: 'reports.view', description: 'Added by an operator' });
    await em.flush();
    const prepared = await prepareDatabase(db.orm);
    expect(prepared.permissions).toEqual({ created: ['orders.delete.own'], total: PERMISSIONS.length + 1 });
    const admin = await db.orm.em.fork().findOneOrFail(Role, { name: ADMIN_ROLE }, { populate: ['permissions'] });
    const names = admin.permissions.getItems().map((permission) => permission.name);
    expect(names.sort()).toEqual([...PERMISSIONS.map((permission) => permission.name), 'reports.view'].sort());
  });

  it('matches the entities: the committed migrations leave no schema difference', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
