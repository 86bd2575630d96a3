import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, readEnvironment } from '../../src/config.js';
import { verifySecret } from '../../src/lib/secrets.js';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { type CliWorkspace, createCliWorkspace, errorOf, jsonOf } from './cli-workspace.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

interface Installed {
  personalAccessClient: { id: string; secret: string };
  passwordClient: { id: string; secret: string };
}

describe('cli install on a fresh database with no keys', { timeout: 120_000 }, () => {
  let ws: CliWorkspace;
  let installed: Installed;
  beforeAll(async () => {
    ws = await createCliWorkspace();
    installed = jsonOf<Installed>(await ws.run('install', '--json'));
  }, 120_000);
  afterAll(() => ws.close());

  it('prints exactly the documented JSON shape', () => {
    expect(Object.keys(installed).sort()).toEqual(['passwordClient', 'personalAccessClient']);
    for (const client of [installed.personalAccessClient, installed.passwordClient]) {
      expect(Object.keys(client).sort()).toEqual(['id', 'secret']);
      expect(client.id).toMatch(UUID);
      expect(client.secret).toMatch(SECRET);
    }
    expect(installed.personalAccessClient.id).not.toBe(installed.passwordClient.id);
  });

  it('generated signing keys into .env', () => {
    expect(loadConfig(readEnvironment(ws.envFile, {})).keys?.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('refuses a second install, keeping the keys and creating nothing', async () => {
    const keys = ws.readEnvFile();
    const message = errorOf(await ws.run('install', '--json'));
    expect(message).toBe(
      `already installed: "Personal access client" ${installed.personalAccessClient.id} exists; use client:create for more clients`,
    );
    expect(ws.readEnvFile()).toBe(keys);
  });

  it('created two first-party confidential password clients whose hashes match the printed secrets', async () => {
    await ws.withOrm(async (orm) => {
      const em = orm.em.fork();
      expect(await em.count(AppClient, {}, { filters: false })).toBe(2);
      const personal = await em.findOneOrFail(AppClient, installed.personalAccessClient.id, { populate: ['secretHash'] });
      const password = await em.findOneOrFail(AppClient, installed.passwordClient.id, { populate: ['secretHash'] });
      const common = { firstParty: true, confidential: true, grantTypes: ['password'], allowedScopes: ['*'] };
      expect(personal).toMatchObject({ name: 'Personal access client', ...common });
      expect(password).toMatchObject({ name: 'Password grant client', ...common });
      expect(personal.secretHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      expect(await verifySecret(personal.secretHash!, installed.personalAccessClient.secret)).toBe(true);
      expect(await verifySecret(password.secretHash!, installed.passwordClient.secret)).toBe(true);
      expect(await verifySecret(password.secretHash!, installed.personalAccessClient.secret)).toBe(false);
    });
  });

  it('stops with one line naming a bad variable', async () => {
    writeFileSync(ws.envFile, `${ws.readEnvFile()}PORT=http\n`);
    expect(errorOf(await ws.run('install', '--json'))).toMatch(/^invalid configuration: PORT: /);
  });
});
