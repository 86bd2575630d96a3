import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { AuthFailureReason } from '../../src/auth/principal.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  bearer,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  type TestClient,
  type TestUser,
} from '../helpers/tokens.js';

describe('Authenticator: Bearer token → principal, or a precise reason', () => {
  let t: TestApp;
  let client: TestClient;
  let portal: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view', 'customers.view'] });
    portal = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    user = await createTestUser(t, { permissions: ['customers.view'] });
  });
  afterAll(() => t.close());

  const reasonOf = (authorization: string | undefined) =>
    t.app.services.authenticator.authenticate(authorization).then(
      () => 'accepted' as const,
      (error: { reason?: AuthFailureReason }) => error.reason,
    );

  /** A token we did not issue, signed with the server's real key unless told otherwise. */
  const forge = async (
    change: { header?: Record<string, unknown>; claims?: Record<string, unknown>; privateKey?: string } = {},
  ): Promise<string> => {
    const key = await importPKCS8(change.privateKey ?? inject('privateKey'), 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: t.config.issuer,
      aud: t.config.tokenAudience,
      sub: client.id,
      client_id: client.id,
      scope: 'orders.view',
      iat: now,
      exp: now + 60,
      jti: randomUUID(),
      ...change.claims,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: t.app.services.keys.kid, ...change.header })
      .sign(key);
  };

  it('names the reason for a missing or malformed header', async () => {
    expect(await reasonOf(undefined)).toBe('missing_token');
    expect(await reasonOf('')).toBe('missing_token');
    expect(await reasonOf('Basic abc')).toBe('malformed_token');
    expect(await reasonOf('Bearer')).toBe('malformed_token');
    expect(await reasonOf('Bearer not-a-jwt')).toBe('malformed_token');
    expect(await reasonOf('Bearer a.b.c')).toBe('malformed_token');
  });

  it('refuses other keys, unknown kids and algorithms outside the allow-list', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(await reasonOf(bearer(await forge({ privateKey: other })).authorization)).toBe('invalid_signature');
    expect(await reasonOf(bearer(await forge({ header: { kid: 'unknown' } })).authorization)).toBe('invalid_signature');
    const hmac = await new SignJWT({ client_id: client.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: t.app.services.keys.kid })
      .sign(new TextEncoder().encode(inject('publicKey')));
    expect(await reasonOf(bearer(hmac).authorization)).toBe('invalid_signature');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(await reasonOf(`Bearer ${unsigned}`)).toBe('invalid_signature');
  });

  it('refuses a wrong typ, issuer or audience, a future nbf, and an expired token', async () => {
    expect(await reasonOf(bearer(await forge({ header: { typ: 'JWT' } })).authorization)).toBe('invalid_claims');
    expect(await reasonOf(bearer(await forge({ claims: { iss: 'https://elsewhere.example' } })).authorization)).toBe(
      'invalid_claims',
    );
    expect(await reasonOf(bearer(await forge({ claims: { aud: 'another-api' } })).authorization)).toBe('invalid_claims');
    expect(await reasonOf(bearer(await forge({ claims: { nbf: Math.floor(Date.now() / 1000) + 600 } })).authorization)).toBe(
      'invalid_claims',
    );
    expect(await reasonOf(bearer(await forge({ claims: { exp: Math.floor(Date.now() / 1000) - 1 } })).authorization)).toBe(
      'expired',
    );
  });

  it('refuses a correctly signed token that was never issued (not recorded)', async () => {
    expect(await reasonOf(bearer(await forge()).authorization)).toBe('revoked');
  });

  it('expires issued tokens after ACCESS_TOKEN_TTL', async () => {
    const tokens = await clientCredentialsToken(t, client.id, client.secret!);
    expect(await reasonOf(bearer(tokens).authorization)).toBe('accepted');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 3601 * 1000);
      expect(await reasonOf(bearer(tokens).authorization)).toBe('expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers a warm token from memory, and sees every published change at once', async () => {
    const tokens = await passwordToken(t, { client: portal, username: user.email, password: user.password });
    const header = bearer(tokens).authorization;
    expect(await reasonOf(header)).toBe('accepted');
    const db = t.orm.em.fork().getConnection();
    const bus = t.app.services.invalidation;

    // Without a notification the cached state stands: proof that no query was made.
    await db.execute('update "user" set disabled = true where id = ?', [user.id]);
    expect(await reasonOf(header)).toBe('accepted');
    await bus.publish({ kind: 'user', id: user.id });
    expect(await reasonOf(header)).toBe('user_disabled');
    await db.execute('update "user" set disabled = false where id = ?', [user.id]);
    await bus.publish({ kind: 'user', id: user.id });
    expect(await reasonOf(header)).toBe('accepted');

    const principal = await t.app.services.authenticator.authenticate(header);
    expect([...principal.permissions]).toEqual(['customers.view']);
    await db.execute(
      `insert into user_permissions (user_id, permission_id) select ?, id from permission where name = 'users.view'`,
      [user.id],
    );
    await bus.publish({ kind: 'subject', type: 'user', id: user.id });
    expect([...(await t.app.services.authenticator.authenticate(header)).permissions].sort()).toEqual([
      'customers.view',
      'users.view',
    ]);

    await db.execute('update app_client set deleted_at = now() where id = ?', [portal.id]);
    expect(await reasonOf(header)).toBe('accepted');
    await bus.publish({ kind: 'client', id: portal.id });
    expect(await reasonOf(header)).toBe('client_deleted');
  });

  it('sees role changes through the roles event', async () => {
    const tokens = await clientCredentialsToken(t, client.id, client.secret!);
    const header = bearer(tokens).authorization;
    const db = t.orm.em.fork().getConnection();
    const roleId = randomUUID();
    await db.execute(
      `insert into role (id, name, description, created_at, updated_at) values (?, 'order-desk', '', now(), now())`,
      [roleId],
    );
    await db.execute(
      `insert into role_permissions (role_id, permission_id) select ?, id from permission where name = 'orders.create'`,
      [roleId],
    );
    await db.execute('insert into app_client_roles (app_client_id, role_id) values (?, ?)', [client.id, roleId]);
    await t.app.services.invalidation.publish({ kind: 'subject', type: 'client', id: client.id });
    // Issued without a scope, the token follows the client's permissions: the new one applies at once.
    expect([...(await t.app.services.authenticator.authenticate(header)).permissions].sort()).toEqual([
      'customers.view',
      'orders.create',
      'orders.view',
    ]);
    const wider = await clientCredentialsToken(t, client.id, client.secret!, 'orders.create');
    expect([...(await t.app.services.authenticator.authenticate(bearer(wider).authorization)).permissions]).toEqual([
      'orders.create',
    ]);

    await db.execute(`delete from role_permissions where role_id = ?`, [roleId]);
    await t.app.services.invalidation.publish({ kind: 'roles' });
    expect([...(await t.app.services.authenticator.authenticate(bearer(wider).authorization)).permissions]).toEqual([]);
  });
  it('answers a warm Bearer token without awaiting only while nothing it was made from changed', async () => {
    const authenticator = t.app.services.authenticator;
    const app = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    const tokens = await passwordToken(t, { client: app, username: user.email, password: user.password });
    const header = bearer(tokens).authorization;
    expect(authenticator.cachedPrincipal(header)).toBeUndefined(); // never verified
    const principal = await authenticator.authenticate(header);
    expect(authenticator.cachedPrincipal(header)).toBe(principal);
    const hits = t.app.services.state.tokens.stats.hits;
    authenticator.cachedPrincipal(header);
    expect(t.app.services.state.tokens.stats.hits).toBe(hits + 1);

    for (const event of [
      { kind: 'user', id: user.id },
      { kind: 'subject', type: 'user', id: user.id },
      { kind: 'client', id: app.id },
      { kind: 'roles' },
      { kind: 'token', id: principal.tokenId },
    ] as const) {
      await t.app.services.invalidation.publish(event);
      expect(authenticator.cachedPrincipal(header), event.kind).toBeUndefined();
      expect(await authenticator.authenticate(header)).toEqual(principal);
      expect(authenticator.cachedPrincipal(header), event.kind).toEqual(principal);
    }

    expect(authenticator.cachedPrincipal(header.replace(/^Bearer/, 'DPoP'))).toBeUndefined();
    expect(authenticator.cachedPrincipal(undefined)).toBeUndefined();
    expect(authenticator.cachedPrincipal(`${header}x!`)).toBeUndefined();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 3601 * 1000);
      expect(authenticator.cachedPrincipal(header)).toBeUndefined();
      expect(await reasonOf(header)).toBe('expired');
    } finally {
      vi.useRealTimers();
    }
  });
});
