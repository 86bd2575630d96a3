import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment } from '../../src/config.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const escaped = (pem: string) => pem.trim().replace(/\n/g, '\\n');
const WEB_ID = '6f1c2b4e-8f0a-4d3b-9c1e-2a7b5d9e0f11';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      logLevel: 'info',
      host: '127.0.0.1',
      port: 3000,
      issuer: 'http://127.0.0.1:3000',
      tokenAudience: 'http://127.0.0.1:3000',
      pgliteDir: './data/pglite',
      accessTokenTtl: 3600,
      refreshTokenTtl: 30 * 86400,
      refreshTokenReuseGrace: 10,
      loginAttributes: ['email'],
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.keys).toBeUndefined();
    expect(config.proxyClients.size).toBe(0);
  });

  it('derives the issuer from HOST and PORT, and the audience from the issuer', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).issuer).toBe('http://0.0.0.0:8080');
    const config = loadConfig({ ISSUER: 'https://auth.example.test/' });
    expect(config.issuer).toBe('https://auth.example.test');
    expect(config.tokenAudience).toBe('https://auth.example.test');
    expect(loadConfig({ TOKEN_AUDIENCE: 'https://api.example.test' }).tokenAudience).toBe('https://api.example.test');
  });

  it('reads durations in seconds or with a unit', () => {
    expect(loadConfig({ ACCESS_TOKEN_TTL: '900' }).accessTokenTtl).toBe(900);
    expect(loadConfig({ ACCESS_TOKEN_TTL: '15m' }).accessTokenTtl).toBe(900);
    expect(loadConfig({ REFRESH_TOKEN_TTL: '2h' }).refreshTokenTtl).toBe(7200);
    expect(loadConfig({ REFRESH_TOKEN_TTL: '7d' }).refreshTokenTtl).toBe(7 * 86400);
  });

  it('reads the refresh retry grace: 0 turns it off, at most a minute', () => {
    expect(loadConfig({ REFRESH_TOKEN_REUSE_GRACE: '0' }).refreshTokenReuseGrace).toBe(0);
    expect(loadConfig({ REFRESH_TOKEN_REUSE_GRACE: '30s' }).refreshTokenReuseGrace).toBe(30);
    expect(loadConfig({ REFRESH_TOKEN_REUSE_GRACE: '1m' }).refreshTokenReuseGrace).toBe(60);
  });

  it('accepts a PostgreSQL URL and treats an empty one as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.example.test:5432/core' }).databaseUrl).toBe(
      'postgres://app@db.example.test:5432/core',
    );
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/core' }).databaseUrl).toBe('postgresql://localhost/core');
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('treats any empty value as unset, so `PORT=` in a .env keeps the default port', () => {
    const config = loadConfig({ PORT: '', HOST: ' ', LOG_LEVEL: '', ACCESS_TOKEN_TTL: '', PGLITE_DIR: '' });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.logLevel).toBe('info');
    expect(config.accessTokenTtl).toBe(3600);
    expect(config.pgliteDir).toBe('./data/pglite');
  });

  it('turns PEM keys with escaped newlines back into real PEM', () => {
    const config = loadConfig({ PASSPORT_PRIVATE_KEY: escaped(privateKey), PASSPORT_PUBLIC_KEY: escaped(publicKey) });
    expect(config.keys?.privateKey).toBe(privateKey.trim());
    expect(config.keys?.publicKey).toBe(publicKey.trim());
    expect(config.keys?.previousPublicKeys).toEqual([]);
  });

  it('reads previous public keys separated by commas', () => {
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const config = loadConfig({
      PASSPORT_PRIVATE_KEY: escaped(privateKey),
      PASSPORT_PUBLIC_KEY: escaped(publicKey),
      PASSPORT_PREVIOUS_PUBLIC_KEYS: [escaped(other.publicKey), escaped(publicKey)].join(','),
    });
    expect(config.keys?.previousPublicKeys).toEqual([other.publicKey.trim(), publicKey.trim()]);
  });

  it('reads LOGIN_ATTRIBUTES as a comma-separated list', () => {
    expect(loadConfig({ LOGIN_ATTRIBUTES: 'email,phone' }).loginAttributes).toEqual(['email', 'phone']);
    expect(loadConfig({ LOGIN_ATTRIBUTES: ' phone , email ' }).loginAttributes).toEqual(['phone', 'email']);
    expect(loadConfig({ LOGIN_ATTRIBUTES: 'phone' }).loginAttributes).toEqual(['phone']);
  });

  it('reads CLIENT_<NAME>_ID / CLIENT_<NAME>_SECRET pairs as proxy clients', () => {
    const config = loadConfig({
      CLIENT_WEB_ID: WEB_ID,
      CLIENT_WEB_SECRET: 'web-secret',
      CLIENT_PARTNER_APP_ID: WEB_ID.toUpperCase(),
      CLIENT_PARTNER_APP_SECRET: 'partner-secret',
      CLIENT_MOBILE_ID: '',
      CLIENT_WEB_ORIGINS: 'https://app.example.test, http://localhost:5173',
    });
    expect([...config.proxyClients.keys()].sort()).toEqual(['partner-app', 'web']);
    expect(config.proxyClients.get('web')).toEqual({
      name: 'web',
      id: WEB_ID,
      secret: 'web-secret',
      origins: ['https://app.example.test', 'http://localhost:5173'],
    });
    expect(config.proxyClients.get('partner-app')?.origins).toEqual([]);
    expect(config.proxyClients.get('partner-app')?.secret).toBe('partner-secret');
  });
});

describe('loadConfig refuses bad values, naming the variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ NODE_ENV: 'prod' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ISSUER: 'auth.example.test' }, 'ISSUER'],
    [{ ISSUER: 'ftp://auth.example.test' }, 'ISSUER'],
    [{ DATABASE_URL: 'mysql://localhost/core' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ ACCESS_TOKEN_TTL: '1w' }, 'ACCESS_TOKEN_TTL'],
    [{ ACCESS_TOKEN_TTL: '0' }, 'ACCESS_TOKEN_TTL'],
    [{ REFRESH_TOKEN_TTL: 'forever' }, 'REFRESH_TOKEN_TTL'],
    [{ LOGIN_ATTRIBUTES: 'email,sms' }, 'LOGIN_ATTRIBUTES'],
    [{ LOGIN_ATTRIBUTES: ',' }, 'LOGIN_ATTRIBUTES'],
    [{ RATE_LIMIT_MAX_FAILURES: '0' }, 'RATE_LIMIT_MAX_FAILURES'],
    [{ PASSPORT_PRIVATE_KEY: 'not a key', PASSPORT_PUBLIC_KEY: escaped(publicKey) }, 'PASSPORT_PRIVATE_KEY'],
    [{ PASSPORT_PRIVATE_KEY: escaped(privateKey), PASSPORT_PUBLIC_KEY: escaped(privateKey) }, 'PASSPORT_PUBLIC_KEY'],
    [{ PASSPORT_PRIVATE_KEY: escaped(privateKey) }, 'PASSPORT_PUBLIC_KEY'],
    [
      {
        PASSPORT_PRIVATE_KEY: escaped(privateKey),
        PASSPORT_PUBLIC_KEY: escaped(publicKey),
        PASSPORT_PREVIOUS_PUBLIC_KEYS: 'junk',
      },
      'PASSPORT_PREVIOUS_PUBLIC_KEYS',
    ],
    [{ CLIENT_WEB_ID: WEB_ID }, 'CLIENT_WEB_SECRET'],
    [{ CLIENT_WEB_ID: 'web', CLIENT_WEB_SECRET: 'secret' }, 'CLIENT_WEB_ID'],
    [
      { CLIENT_WEB_ID: WEB_ID, CLIENT_WEB_SECRET: 'secret', CLIENT_WEB_ORIGINS: 'https://app.example.test/' },
      'CLIENT_WEB_ORIGINS',
    ],
    [{ CLIENT_WEB_ID: WEB_ID, CLIENT_WEB_SECRET: 'secret', CLIENT_WEB_ORIGINS: 'app.example.test' }, 'CLIENT_WEB_ORIGINS'],
    [{ REFRESH_TOKEN_REUSE_GRACE: '61' }, 'REFRESH_TOKEN_REUSE_GRACE'],
    [{ REFRESH_TOKEN_REUSE_GRACE: '1h' }, 'REFRESH_TOKEN_REUSE_GRACE'],
    [{ REFRESH_TOKEN_REUSE_GRACE: 'soon' }, 'REFRESH_TOKEN_REUSE_GRACE'],
  ];
  it.each(cases)('%j names %s', (env, variable) => {
    const message = configError(env);
    expect(message.startsWith(`${variable}`), message).toBe(true);
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('readEnvironment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'core-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the env file beneath the real environment, which wins', () => {
    const file = join(dir, '.env');
    writeFileSync(file, `PORT=4000\nHOST=0.0.0.0\nPASSPORT_PUBLIC_KEY="${escaped(publicKey)}"\n`);
    const env = readEnvironment(file, { PORT: '5000' });
    expect(env).toMatchObject({ PORT: '5000', HOST: '0.0.0.0' });
    // dotenv expands \n inside double quotes; the PEM comes out whole either way.
    const config = loadConfig({ ...env, PASSPORT_PRIVATE_KEY: escaped(privateKey) });
    expect(config.keys?.publicKey).toBe(publicKey.trim());
  });

  it('returns the real environment alone when the file does not exist', () => {
    expect(readEnvironment(join(dir, 'missing.env'), { PORT: '5000' })).toEqual({ PORT: '5000' });
  });
});
