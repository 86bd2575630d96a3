import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySecret } from '../../src/lib/secrets.js';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { type CliWorkspace, createCliWorkspace, errorOf, jsonOf } from './cli-workspace.js';

/** End to end through the CLI process; the argument rules are in client-create-args.test.ts. */
describe('cli client:create', { timeout: 120_000 }, () => {
  let ws: CliWorkspace;
  let confidential: { id: string; secret: string };
  let publicClient: { id: string; secret: null };
  let firstPartyId: string;
  beforeAll(async () => {
    ws = await createCliWorkspace();
  });
  afterAll(() => ws.close());

  it('creates a confidential client on a fresh database and prints {id, secret}', async () => {
    confidential = jsonOf(
      await ws.run(
        'client:create',
        ...['--name', 'Billing sync', '--description', 'Nightly export'],
        ...['--grant', 'client_credentials', '--scope', 'orders.view', '--scope', 'customers.view'],
        ...['--permission', 'orders.view', '--permission', 'customers.view', '--role', 'admin', '--json'],
      ),
    );
    expect(Object.keys(confidential).sort()).toEqual(['id', 'secret']);
    expect(confidential.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('creates a public client with several redirect URIs and prints a null secret', async () => {
    publicClient = jsonOf(
      await ws.run(
        'client:create',
        ...['--name', 'Portal', '--grant', 'authorization_code', '--public'],
        ...['--redirect-uri', 'https://portal.example.test/callback', '--redirect-uri', 'com.example.app:/callback', '--json'],
      ),
    );
    expect(publicClient.secret).toBeNull();
  });

  it('prints a summary for people without --json', async () => {
    const run = await ws.run(
      'client:create',
      ...['--name', 'Admin console', '--first-party', '--grant', 'password', '--scope', '*'],
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Created app client "Admin console" \(password\)\.\n {2}Client ID: +([0-9a-f-]{36})\n {2}Client secret: [A-Za-z0-9_-]{43}\n/,
    );
    firstPartyId = /Client ID: +([0-9a-f-]{36})/.exec(run.stdout)![1];
  });

  it('refuses a bad argument and an unknown role with one line, exit 1 and nothing on stdout', async () => {
    expect(errorOf(await ws.run('client:create', '--name', 'X', '--grant', 'implicit', '--json'))).toBe(
      '--grant "implicit": Invalid option: expected one of "client_credentials"|"authorization_code"|"password"',
    );
    expect(errorOf(await ws.run('client:create', '--name', 'X', '--grant', 'client_credentials', '--role', 'ghost'))).toBe(
      'unknown role "ghost"',
    );
  });

  it('stored exactly the clients it printed, with their fields, grants and secret hashes', async () => {
    await ws.withOrm(async (orm) => {
      const em = orm.em.fork();
      const all = await em.find(AppClient, {}, { filters: false });
      expect(all.map((client) => client.id).sort()).toEqual([confidential.id, publicClient.id, firstPartyId].sort());

      const billing = await em.findOneOrFail(AppClient, confidential.id, { populate: ['secretHash', 'roles', 'permissions'] });
      expect(billing).toMatchObject({
        name: 'Billing sync',
        description: 'Nightly export',
        grantTypes: ['client_credentials'],
        redirectUris: [],
        confidential: true,
        firstParty: false,
        allowedScopes: ['orders.view', 'customers.view'],
      });
      expect(billing.roles.getItems().map((role) => role.name)).toEqual(['admin']);
      expect(
        billing.permissions
          .getItems()
          .map((permission) => permission.name)
          .sort(),
      ).toEqual(['customers.view', 'orders.view']);
      expect(await verifySecret(billing.secretHash!, confidential.secret)).toBe(true);

      const portal = await em.findOneOrFail(AppClient, publicClient.id, { populate: ['secretHash'] });
      expect(portal).toMatchObject({
        confidential: false,
        grantTypes: ['authorization_code'],
        redirectUris: ['https://portal.example.test/callback', 'com.example.app:/callback'],
        secretHash: null,
      });

      const adminConsole = await em.findOneOrFail(AppClient, firstPartyId);
      expect(adminConsole).toMatchObject({ firstParty: true, allowedScopes: ['*'], grantTypes: ['password'] });
    });
  });
});
