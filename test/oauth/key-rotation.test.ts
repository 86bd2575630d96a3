import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSigningKeys } from '../../src/auth/jwt.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { bearer, clientCredentialsToken, createTestClient, type TestClient } from '../helpers/tokens.js';

const escapePem = (pem: string) => pem.replace(/\n/g, '\\n');
const ISSUER = 'http://issuer.test';

describe('signing keys: RFC 7638 kid, rotation keeps live tokens valid', () => {
  let db: TestDatabase;
  let before: TestApp;
  let after: TestApp;
  let client: TestClient;
  let next: { privateKey: string; publicKey: string };
  beforeAll(async () => {
    db = await createTestDatabase();
    before = await startTestApp({ ISSUER }, db);
    client = await createTestClient(before, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    next = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    // What `keys --rotate` writes: the new pair, the old public key as "previous".
    after = await startTestApp(
      {
        ISSUER,
        PASSPORT_PRIVATE_KEY: escapePem(next.privateKey),
        PASSPORT_PUBLIC_KEY: escapePem(next.publicKey),
        PASSPORT_PREVIOUS_PUBLIC_KEYS: escapePem(inject('publicKey')),
      },
      db,
    );
  });
  afterAll(async () => {
    await after?.close();
    await before?.close();
    await db?.close();
  });

  it('uses the RFC 7638 thumbprint of the public key as kid', async () => {
    const jwks = (await (await fetch(`${before.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].kid).toBe(await calculateJwkThumbprint(jwks.keys[0], 'sha256'));
  });

  it('publishes the current key first and the previous key after it', async () => {
    const jwks = (await (await fetch(`${after.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual([after.app.services.keys.kid, before.app.services.keys.kid]);
  });

  it('accepts tokens signed before the rotation and signs new ones with the new key', async () => {
    const old = await clientCredentialsToken(before, client.id, client.secret!);
    const principal = await after.app.services.authenticator.authenticate(bearer(old).authorization);
    expect(principal.clientId).toBe(client.id);
    const fresh = await clientCredentialsToken(after, client.id, client.secret!);
    expect(decodeProtectedHeader(fresh.access_token).kid).toBe(after.app.services.keys.kid);
    await expect(before.app.services.authenticator.authenticate(bearer(fresh).authorization)).rejects.toMatchObject({
      reason: 'invalid_signature',
    });
  });

  it('accepts PKCS#1 PEMs and refuses a public key that does not match the private key', async () => {
    const pkcs1 = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const keys = await loadSigningKeys({
      issuer: ISSUER,
      tokenAudience: ISSUER,
      resources: [`${ISSUER}/graphql`],
      keys: { privateKey: pkcs1.privateKey, publicKey: pkcs1.publicKey, previousPublicKeys: [] },
    });
    expect(keys.jwks.keys).toHaveLength(1);
    await expect(
      loadSigningKeys({
        issuer: ISSUER,
        tokenAudience: ISSUER,
        resources: [`${ISSUER}/graphql`],
        keys: { privateKey: next.privateKey, publicKey: inject('publicKey'), previousPublicKeys: [] },
      }),
    ).rejects.toThrow(/does not belong/);
  });
});
