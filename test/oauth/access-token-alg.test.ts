import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AccessTokenAlgorithm, KeyConfigError, loadSigningKeys } from '../../src/auth/jwt.js';
import { loadConfig } from '../../src/config.js';
import { startTestApp, type TestApp, testEnvironment } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { bearer, clientCredentialsToken, createTestClient, type TestClient } from '../helpers/tokens.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const escapePem = (pem: string) => pem.replace(/\n/g, '\\n');

function pair(alg: 'ES256' | 'EdDSA'): { privateKey: string; publicKey: string } {
  const keys = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('ed25519');
  return {
    privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

describe('ACCESS_TOKEN_ALG: RS256, ES256 and EdDSA end to end', () => {
  let db: TestDatabase;
  const apps = new Map<AccessTokenAlgorithm, TestApp>();
  const es256 = pair('ES256');
  const eddsa = pair('EdDSA');
  let client: TestClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    apps.set('RS256', await startTestApp({}, db));
    apps.set(
      'ES256',
      await startTestApp(
        {
          ACCESS_TOKEN_ALG: 'ES256',
          ACCESS_TOKEN_PRIVATE_KEY: escapePem(es256.privateKey),
          ACCESS_TOKEN_PUBLIC_KEY: escapePem(es256.publicKey),
        },
        db,
      ),
    );
    // Rotated from ES256: the retired ES256 public key stays verifiable.
    apps.set(
      'EdDSA',
      await startTestApp(
        {
          ACCESS_TOKEN_ALG: 'EdDSA',
          ACCESS_TOKEN_PRIVATE_KEY: escapePem(eddsa.privateKey),
          ACCESS_TOKEN_PUBLIC_KEY: escapePem(eddsa.publicKey),
          PASSPORT_PREVIOUS_PUBLIC_KEYS: escapePem(es256.publicKey),
        },
        db,
      ),
    );
    client = await createTestClient(apps.get('RS256') as TestApp, {
      grantTypes: ['client_credentials'],
      permissions: ['orders.view'],
    });
  });
  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await db?.close();
  });

  async function discover(t: TestApp): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(t.config.issuer);
    return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  }

  async function token(as: oauth.AuthorizationServer): Promise<string> {
    const oauthClient: oauth.Client = { client_id: client.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      oauthClient,
      oauth.ClientSecretBasic(client.secret as string),
      { scope: 'orders.view' },
      insecure,
    );
    return (await oauth.processClientCredentialsResponse(as, oauthClient, response)).access_token;
  }

  it.each(['RS256', 'ES256', 'EdDSA'] as const)(
    '%s: metadata, a token its JWKS verifies (jose createRemoteJWKSet), /graphql and introspection',
    async (alg) => {
      const t = apps.get(alg) as TestApp;
      const as = await discover(t);
      expect(as).toMatchObject({
        access_token_signing_alg_values_supported: [alg],
        id_token_signing_alg_values_supported: ['RS256'],
      });

      const accessToken = await token(as);
      const header = decodeProtectedHeader(accessToken);
      expect(header).toEqual({ alg, typ: 'at+jwt', kid: t.app.services.keys.kid });

      const jwks = createRemoteJWKSet(new URL(as.jwks_uri as string));
      const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
        algorithms: [alg],
        typ: 'at+jwt',
        issuer: t.config.issuer,
        audience: t.config.tokenAudience,
      });
      expect(payload).toMatchObject({ client_id: client.id, sub: client.id, scope: 'orders.view' });
      const published = (await (await fetch(as.jwks_uri as string)).json()) as { keys: { kid: string; alg: string }[] };
      expect(published.keys[0]).toMatchObject({ kid: protectedHeader.kid, alg, use: 'sig' });
      // The RSA key that signs ID tokens is published too.
      expect(published.keys.some((key) => key.alg === 'RS256')).toBe(true);

      const graphql = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(accessToken) },
        body: JSON.stringify({ query: '{ viewer { type scopes } }' }),
      });
      expect(await graphql.json()).toEqual({ data: { viewer: { type: 'CLIENT', scopes: ['orders.view'] } } });

      const oauthClient: oauth.Client = { client_id: client.id };
      const introspection = await oauth.processIntrospectionResponse(
        as,
        oauthClient,
        await oauth.introspectionRequest(
          as,
          oauthClient,
          oauth.ClientSecretBasic(client.secret as string),
          accessToken,
          insecure,
        ),
      );
      expect(introspection).toMatchObject({ active: true, client_id: client.id, scope: 'orders.view' });
    },
  );

  it('keeps tokens of a retired key verifiable across algorithms, and only under the key’s own algorithm', async () => {
    // What a rotation looks like: one issuer, RS256 → ES256 → EdDSA, each instance restarted with the next key.
    const ISSUER = 'http://issuer.test';
    const esEnv = {
      ACCESS_TOKEN_ALG: 'ES256',
      ACCESS_TOKEN_PRIVATE_KEY: escapePem(es256.privateKey),
      ACCESS_TOKEN_PUBLIC_KEY: escapePem(es256.publicKey),
    };
    const edEnv = {
      ACCESS_TOKEN_ALG: 'EdDSA',
      ACCESS_TOKEN_PRIVATE_KEY: escapePem(eddsa.privateKey),
      ACCESS_TOKEN_PUBLIC_KEY: escapePem(eddsa.publicKey),
      PASSPORT_PREVIOUS_PUBLIC_KEYS: escapePem(es256.publicKey),
    };
    const rs = await startTestApp({ ISSUER }, db);
    const es = await startTestApp({ ISSUER, ...esEnv }, db);
    const ed = await startTestApp({ ISSUER, ...edEnv }, db);
    try {
      const issue = async (t: TestApp) => (await clientCredentialsToken(t, client.id, client.secret as string)).access_token;
      const accepts = async (t: TestApp, accessToken: string) =>
        (await t.app.services.authenticator.authenticate(bearer(accessToken).authorization)).clientId;
      const esToken = await issue(es);
      expect(await accepts(ed, esToken)).toBe(client.id);
      // RS256 tokens stay valid under ES256: the RSA key is still published (it signs ID tokens).
      expect(await accepts(es, await issue(rs))).toBe(client.id);
      // An instance that never held the Ed25519 key refuses its tokens.
      await expect(accepts(es, await issue(ed))).rejects.toMatchObject({ reason: 'invalid_signature' });
      // A known kid under another algorithm is refused before any signature check.
      const [, payload, signature] = esToken.split('.');
      const header = Buffer.from(JSON.stringify({ ...decodeProtectedHeader(esToken), alg: 'RS256' })).toString('base64url');
      await expect(accepts(ed, `${header}.${payload}.${signature}`)).rejects.toMatchObject({ reason: 'invalid_signature' });
    } finally {
      for (const t of [rs, es, ed]) await t.close();
    }
  });
});

describe('ACCESS_TOKEN_ALG configuration', () => {
  const base = { issuer: 'http://issuer.test', tokenAudience: 'http://issuer.test', resources: ['http://issuer.test/graphql'] };
  const rsa = { privateKey: inject('privateKey'), publicKey: inject('publicKey'), previousPublicKeys: [] };

  it('refuses ES256 or EdDSA without their key pair, and a key of the wrong type', async () => {
    await expect(loadSigningKeys({ ...base, keys: rsa, accessTokenAlgorithm: 'ES256' })).rejects.toThrow(
      'ACCESS_TOKEN_PRIVATE_KEY / ACCESS_TOKEN_PUBLIC_KEY are not set for ACCESS_TOKEN_ALG=ES256 (run keys --alg ES256)',
    );
    const ed = pair('EdDSA');
    await expect(loadSigningKeys({ ...base, keys: { ...rsa, accessToken: ed }, accessTokenAlgorithm: 'ES256' })).rejects.toThrow(
      new KeyConfigError('ACCESS_TOKEN_PRIVATE_KEY: ES256 needs a P-256 (prime256v1) EC key'),
    );
    await expect(
      loadSigningKeys({
        ...base,
        keys: { ...rsa, privateKey: ed.privateKey, publicKey: ed.publicKey },
        accessTokenAlgorithm: 'EdDSA',
      }),
    ).rejects.toThrow('PASSPORT_PRIVATE_KEY: RS256 needs an RSA key');
  });

  it('names the bad variable', () => {
    const es = pair('ES256');
    expect(() => loadConfig(testEnvironment({ ACCESS_TOKEN_ALG: 'HS256' }))).toThrow(/^ACCESS_TOKEN_ALG: /);
    expect(() =>
      loadConfig(
        testEnvironment({ ACCESS_TOKEN_PRIVATE_KEY: escapePem(es.privateKey), ACCESS_TOKEN_PUBLIC_KEY: escapePem(es.publicKey) }),
      ),
    ).toThrow(/^ACCESS_TOKEN_PRIVATE_KEY: only for ACCESS_TOKEN_ALG=ES256 or EdDSA/);
    expect(() =>
      loadConfig(testEnvironment({ ACCESS_TOKEN_ALG: 'ES256', ACCESS_TOKEN_PRIVATE_KEY: escapePem(es.privateKey) })),
    ).toThrow(/^ACCESS_TOKEN_PUBLIC_KEY: ACCESS_TOKEN_PRIVATE_KEY and ACCESS_TOKEN_PUBLIC_KEY must be set together/);
  });
});
