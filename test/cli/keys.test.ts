import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { parseKeysArgs } from '../../src/cli/commands/keys.js';
import { type Config, loadConfig, readEnvironment } from '../../src/config.js';
import { type CliWorkspace, createCliWorkspace, errorOf, jsonOf } from './cli-workspace.js';

const modulusLength = (pem: string) => createPublicKey(pem).asymmetricKeyDetails?.modulusLength;

describe('cli keys', { timeout: 120_000 }, () => {
  let ws: CliWorkspace;
  const config = (): Config => loadConfig(readEnvironment(ws.envFile, {}));

  beforeAll(async () => {
    ws = await createCliWorkspace();
    writeFileSync(ws.envFile, 'PORT=4000\n# a comment the command must keep\n');
  });
  afterAll(() => ws.close());

  it('writes a 2048-bit pair into .env as one-line PEM, keeping the other lines', async () => {
    const result = jsonOf(await ws.run('keys', '--json'));
    expect(result).toEqual({ envFile: '.env', alg: 'RS256', bits: 2048, rotated: false, previousKeys: 0, removedFiles: [] });
    const text = ws.readEnvFile();
    expect(text).toMatch(/^PORT=4000\n# a comment the command must keep\n/);
    expect(text).toMatch(/^PASSPORT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n[^\n]+-----END PRIVATE KEY-----"$/m);
    expect(text).toMatch(/^PASSPORT_PUBLIC_KEY="-----BEGIN PUBLIC KEY-----\\n[^\n]+-----END PUBLIC KEY-----"$/m);
    const keys = config().keys!;
    expect(config().port).toBe(4000);
    expect(modulusLength(keys.publicKey)).toBe(2048);
    // The two halves belong together.
    expect(createPublicKey(keys.privateKey).export({ type: 'spki', format: 'pem' }).toString().trim()).toBe(keys.publicKey);
  });

  it('refuses to overwrite existing keys without --force, changing nothing', async () => {
    const before = ws.readEnvFile();
    expect(errorOf(await ws.run('keys'))).toBe(
      'keys already exist in .env; use --force to overwrite or --rotate to roll them over',
    );
    expect(errorOf(await ws.run('keys', '--json'))).toMatch(/^keys already exist/);
    expect(ws.readEnvFile()).toBe(before);
  });

  it('overwrites with --force and --bits, and removes key files under storage/', async () => {
    const before = config().keys!;
    mkdirSync(join(ws.dir, 'storage'), { recursive: true });
    for (const file of ['oauth-private.key', 'oauth-public.key', 'legacy.pem', 'notes.txt']) {
      writeFileSync(join(ws.dir, 'storage', file), 'x');
    }
    const result = jsonOf(await ws.run('keys', '--force', '--bits', '3072', '--json'));
    expect(result).toMatchObject({ bits: 3072, rotated: false, previousKeys: 0 });
    expect((result.removedFiles as string[]).sort()).toEqual(
      ['storage/legacy.pem', 'storage/oauth-private.key', 'storage/oauth-public.key'].sort(),
    );
    expect(existsSync(join(ws.dir, 'storage/oauth-private.key'))).toBe(false);
    expect(existsSync(join(ws.dir, 'storage/notes.txt'))).toBe(true);
    const after = config().keys!;
    expect(after.publicKey).not.toBe(before.publicKey);
    expect(modulusLength(after.publicKey)).toBe(3072);
    expect(after.previousPublicKeys).toEqual([]);
  });

  it('rotates with --rotate: a new pair, the previous public key kept for verification', async () => {
    const before = config().keys!;
    const run = await ws.run('keys', '--rotate');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Kept 1 previous public key(s)');
    const after = config().keys!;
    expect(after.publicKey).not.toBe(before.publicKey);
    expect(after.previousPublicKeys).toEqual([before.publicKey]);

    const again = jsonOf(await ws.run('keys', '--rotate', '--json'));
    expect(again).toMatchObject({ rotated: true, previousKeys: 2 });
    expect(config().keys!.previousPublicKeys).toEqual([after.publicKey, before.publicKey]);
  });

  it('--alg ES256 / EdDSA: an access-token pair on the curve and ACCESS_TOKEN_ALG, the RSA pair kept; --rotate keeps the old one', async () => {
    const rsa = config().keys!;
    const es = jsonOf(await ws.run('keys', '--alg', 'ES256', '--json'));
    expect(es).toMatchObject({ alg: 'ES256', bits: null, rotated: false });
    const es256 = config();
    expect(es256.accessTokenAlgorithm).toBe('ES256');
    expect(es256.keys!.publicKey).toBe(rsa.publicKey);
    expect(createPublicKey(es256.keys!.accessToken!.publicKey).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(errorOf(await ws.run('keys', '--alg', 'ES256'))).toMatch(/^keys already exist/);

    const ed = jsonOf(await ws.run('keys', '--alg', 'EdDSA', '--rotate', '--json'));
    expect(ed).toMatchObject({ alg: 'EdDSA', rotated: true });
    const eddsa = config();
    expect(eddsa.accessTokenAlgorithm).toBe('EdDSA');
    expect(createPublicKey(eddsa.keys!.accessToken!.publicKey).asymmetricKeyType).toBe('ed25519');
    expect(eddsa.keys!.previousPublicKeys[0]).toBe(es256.keys!.accessToken!.publicKey);
  });

  it('refuses a bad --bits in one line, changing nothing', async () => {
    const before = ws.readEnvFile();
    expect(errorOf(await ws.run('keys', '--force', '--bits', '1024', '--json'))).toBe(
      '--bits must be an integer from 2048 to 8192',
    );
    expect(ws.readEnvFile()).toBe(before);
  });
});

describe('keys arguments', () => {
  it('reads the flags', () => {
    expect(parseKeysArgs([])).toEqual({ force: false, rotate: false, alg: 'RS256' });
    expect(parseKeysArgs(['--force', '--bits', '4096'])).toEqual({ force: true, rotate: false, alg: 'RS256', bits: 4096 });
    expect(parseKeysArgs(['--rotate', '--json'])).toEqual({ force: false, rotate: true, alg: 'RS256' });
    expect(parseKeysArgs(['--alg', 'ES256'])).toEqual({ force: false, rotate: false, alg: 'ES256' });
    expect(parseKeysArgs(['--alg', 'EdDSA', '--rotate'])).toEqual({ force: false, rotate: true, alg: 'EdDSA' });
  });

  it.each([
    [['--bits', '1024'], '--bits must be an integer from 2048 to 8192'],
    [['--bits', '16384'], '--bits must be an integer from 2048 to 8192'],
    [['--bits', '2048.5'], '--bits must be an integer from 2048 to 8192'],
    [['--bits', 'many'], '--bits must be an integer from 2048 to 8192'],
    [['--bits'], "Option '--bits <value>' argument missing"],
    [['--length', '4096'], "Unknown option '--length'"],
    [['now'], "Unexpected argument 'now'"],
    [['--alg', 'HS256'], '--alg must be one of RS256, ES256, EdDSA'],
    [['--alg', 'none'], '--alg must be one of RS256, ES256, EdDSA'],
    [['--alg', 'ES256', '--bits', '4096'], '--bits is for RSA keys (--alg RS256) only'],
  ])('refuses %j', (args, message) => {
    expect(() => parseKeysArgs(args)).toThrow(UsageError);
    expect(() => parseKeysArgs(args)).toThrow(message);
  });
});
