import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySecret } from '../../src/lib/secrets.js';
import { loadEffectivePermissions } from '../../src/modules/access/access.repository.js';
import { PERMISSION_NAMES } from '../../src/modules/access/catalogue.js';
import { User } from '../../src/modules/user/user.entity.js';
import { type CliWorkspace, createCliWorkspace, errorOf, jsonOf } from './cli-workspace.js';

/** End to end through the CLI process; the argument rules are in user-create-args.test.ts. */
describe('cli user:create', { timeout: 120_000 }, () => {
  let ws: CliWorkspace;
  let adminId: string;
  beforeAll(async () => {
    ws = await createCliWorkspace();
  });
  afterAll(() => ws.close());

  it('creates an admin on a fresh database and prints {id}', async () => {
    const result = jsonOf<{ id: string }>(
      await ws.run('user:create', '--email', 'Admin@Example.test', '--password', 'correct horse battery', '--admin', '--json'),
    );
    expect(Object.keys(result)).toEqual(['id']);
    adminId = result.id;
  });

  it('gives direct permissions and a phone, and says so in words', async () => {
    const run = await ws.run(
      'user:create',
      ...['--email', 'agent@example.test', '--password', 'correct horse battery', '--phone', '+46701234567'],
      ...['--permission', 'customers.view', '--permission', 'orders.view'],
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Created user agent@example\.test \([0-9a-f-]{36}\)\.\n {2}Permissions: customers\.view, orders\.view\n$/,
    );
  });

  it('refuses a duplicate email, in any case, with one line', async () => {
    expect(
      errorOf(await ws.run('user:create', '--email', 'ADMIN@example.test', '--password', 'another password', '--json')),
    ).toBe('a user with this email already exists');
  });

  it('stored the users with argon2id hashes, their roles and permissions', async () => {
    await ws.withOrm(async (orm) => {
      const em = orm.em.fork();
      expect(await em.count(User, {})).toBe(2);
      const admin = await em.findOneOrFail(User, adminId, { populate: ['passwordHash', 'roles'] });
      expect(admin).toMatchObject({ email: 'admin@example.test', phone: null, disabled: false });
      expect(admin.roles.getItems().map((role) => role.name)).toEqual(['admin']);
      expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifySecret(admin.passwordHash, 'correct horse battery')).toBe(true);
      expect(await loadEffectivePermissions(em, { type: 'user', id: admin.id })).toEqual(new Set(PERMISSION_NAMES));

      const agent = await em.findOneOrFail(User, { email: 'agent@example.test' });
      expect(agent.phone).toBe('+46701234567');
      const permissions = await loadEffectivePermissions(em, { type: 'user', id: agent.id });
      expect([...permissions].sort()).toEqual(['customers.view', 'orders.view']);
    });
  });
});
