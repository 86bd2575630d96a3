import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySecret } from '../../src/lib/secrets.js';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { CONSOLE_CLIENT_ID } from '../../src/modules/client/console-client.js';
import { User } from '../../src/modules/user/user.entity.js';
import { prepareDatabase } from '../../src/startup.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const ISSUER = 'http://127.0.0.1:3999';
const bootstrap = { issuer: ISSUER, adminEmail: 'ops@example.com' };

/** The first start of `npm start` on an empty database: an admin user beside the admin client, and the console's client. */
describe('bootstrap admin user and the console client', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.close();
  });

  it('creates an admin user with a one-time password that is stored only as a hash, once', async () => {
    const first = await prepareDatabase(db.orm, { bootstrap });
    expect(first.bootstrapAdmin?.email).toBe('ops@example.com');
    const password = first.bootstrapAdmin!.password;
    expect(password.length).toBeGreaterThanOrEqual(32);

    const em = db.orm.em.fork();
    const user = await em.findOneOrFail(User, { email: 'ops@example.com' }, { populate: ['passwordHash', 'roles'] });
    expect(user.roles.getItems().map((role) => role.name)).toEqual(['admin']);
    expect(user.passwordHash).not.toContain(password);
    expect(await verifySecret(user.passwordHash!, password)).toBe(true);

    const second = await prepareDatabase(db.orm, { bootstrap });
    expect(second.bootstrapAdmin).toBeUndefined();
    expect(second.bootstrapClient).toBeUndefined();
  });

  it('creates the console as a first-party public client and puts it back as it must be on the next start', async () => {
    await prepareDatabase(db.orm, { bootstrap });
    const em = db.orm.em.fork();
    const client = await em.findOneOrFail(AppClient, { id: CONSOLE_CLIENT_ID });
    expect(client).toMatchObject({
      firstParty: true,
      confidential: false,
      grantTypes: ['authorization_code'],
      redirectUris: [`${ISSUER}/console/callback`],
      postLogoutRedirectUris: [`${ISSUER}/console/signed-out`],
      webOrigins: [ISSUER],
      allowedScopes: ['*'],
    });

    client.name = 'Renamed';
    client.redirectUris = ['https://evil.example/cb'];
    client.deletedAt = new Date();
    await em.flush();
    await prepareDatabase(db.orm, { bootstrap: { ...bootstrap, issuer: 'https://core.example.com' } });
    const kept = await db.orm.em.fork().findOneOrFail(AppClient, { id: CONSOLE_CLIENT_ID }, { filters: false });
    expect(kept.name).toBe('Developer console');
    expect(kept.deletedAt).toBeNull();
    expect(kept.redirectUris).toEqual(['https://core.example.com/console/callback']);
  });
});
