import 'reflect-metadata';
import { createPublicKey, createSign, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importPKCS8, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { basicAuth, bearer, clientCredentialsToken, createTestClient, type TestClient } from '../helpers/tokens.js';

type Forge = (t: TestApp, claims: JWTPayload, kid: string) => Promise<string>;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const serverKey = () => importPKCS8(inject('privateKey'), 'RS256');

/** RS256 by hand, for headers jose refuses to produce. */
const rawSigned = (header: Record<string, unknown>, claims: JWTPayload) => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(inject('privateKey')).toString('base64url')}`;
};

/** Signs with the server's own private key: only the header or the claims are wrong. */
const signed =
  (header: Record<string, unknown> = {}, alg = 'RS256'): Forge =>
  async (_t, claims, kid) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, typ: 'at+jwt', kid, ...header })
      .sign(alg === 'RS256' ? await serverKey() : await importPKCS8(inject('privateKey'), alg));

const withClaims =
  (change: (now: number) => JWTPayload): Forge =>
  (t, claims, kid) =>
    signed()(t, { ...claims, ...change(Math.floor(Date.now() / 1000)) }, kid);

/** An attacker's own key pair, offered in the header in every way a naive verifier would trust. */
const attackerKey =
  (header: (jwk: Record<string, unknown>) => Record<string, unknown>): Forge =>
  async (_t, claims, kid) => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = await exportJWK(publicKey);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid, ...header(jwk) }).sign(privateKey);
  };

/** RFC 8725 §2 and RFC 9068 §4: every way an access token can be forged or bent, each refused everywhere. */
const ATTACKS: Record<string, Forge> = {
  'alg none': async (_t, claims) => new UnsecuredJWT(claims).encode(),
  'alg none with typ and kid': async (_t, claims, kid) => `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(claims)}.`,
  'alg "None" with the real signature': async (t, claims, kid) => {
    const real = (await signed()(t, claims, kid)).split('.');
    return `${b64({ alg: 'None', typ: 'at+jwt', kid })}.${real[1]}.${real[2]}`;
  },
  'HS256 keyed with the public key PEM': async (_t, claims, kid) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(inject('publicKey'))),
  'HS256 keyed with the public key DER': async (_t, claims, kid) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(createPublicKey(inject('publicKey')).export({ type: 'spki', format: 'der' })),
  'RS512 with the server key (outside the allow-list)': signed({}, 'RS512'),
  'PS256 with the server key (outside the allow-list)': signed({}, 'PS256'),
  'another key under the server kid': attackerKey(() => ({})),
  'attacker key embedded as jwk': attackerKey((jwk) => ({ jwk })),
  'attacker key by jku': attackerKey(() => ({ jku: 'https://attacker.example/jwks.json' })),
  'attacker key by x5u': attackerKey(() => ({ x5u: 'https://attacker.example/cert.pem' })),
  'unknown kid': signed({ kid: 'a'.repeat(43) }),
  'no kid': async (_t, claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' }).sign(await serverKey()),
  'kid path traversal': signed({ kid: '../../../../../../dev/null' }),
  'kid SQL injection': signed({ kid: "x' UNION SELECT 'secret' --" }),
  'kid as an object': signed({ kid: { $ne: null } }),
  'typ JWT': signed({ typ: 'JWT' }),
  'no typ': async (_t, claims, kid) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(await serverKey()),
  'unknown critical header': async (_t, claims, kid) =>
    rawSigned({ alg: 'RS256', typ: 'at+jwt', kid, crit: ['x-attack'], 'x-attack': true }, claims),
  'wrong audience': withClaims(() => ({ aud: 'https://other-api.example' })),
  'no audience': withClaims(() => ({ aud: undefined })),
  'wrong issuer': withClaims(() => ({ iss: 'https://attacker.example' })),
  expired: withClaims((now) => ({ iat: now - 7200, exp: now - 3600 })),
  'not yet valid': withClaims((now) => ({ nbf: now + 3600 })),
  'never issued (unknown jti)': withClaims(() => ({ jti: randomUUID() })),
  'payload widened, signature kept': async (t, claims, kid) => {
    const [header, , signature] = (await signed()(t, claims, kid)).split('.');
    return `${header}.${b64({ ...claims, scope: '*', client_id: 'admin' })}.${signature}`;
  },
  'signature stripped': async (t, claims, kid) => `${(await signed()(t, claims, kid)).split('.').slice(0, 2).join('.')}.`,
};

describe('JWT attacks against every endpoint that takes an access token', () => {
  let t: TestApp;
  let client: TestClient;
  let real: string;
  let claims: JWTPayload;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['customers.view'] });
    real = (await clientCredentialsToken(t, client.id, client.secret!)).access_token;
    // The real token's own claims: each attack changes only what it is about.
    claims = JSON.parse(Buffer.from(real.split('.')[1], 'base64url').toString()) as JWTPayload;
  });
  afterAll(() => t.close());

  const graphql = (token: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ query: '{ customers(first: 1) { totalCount } }' }),
    });
  const introspect = async (token: string) =>
    (
      await fetch(`${t.url}/oauth/introspect`, {
        method: 'POST',
        headers: { authorization: basicAuth(client.id, client.secret!), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      })
    ).json();

  for (const [name, forge] of Object.entries(ATTACKS)) {
    it(`${name}: GraphQL 401, introspection inactive, logout 401`, async () => {
      const token = await forge(t, { ...claims }, t.app.services.keys.kid);
      const response = await graphql(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(await introspect(token)).toEqual({ active: false });
      const logout = await fetch(`${t.url}/logout`, { method: 'POST', headers: bearer(token) });
      expect(logout.status).toBe(401);
    });
  }

  it('control: the same forging with nothing changed is accepted, so each refusal above is the attack’s', async () => {
    const token = await signed()(t, { ...claims }, t.app.services.keys.kid);
    expect((await graphql(token)).status).toBe(200);
    expect(rawSigned({ alg: 'RS256', typ: 'at+jwt', kid: t.app.services.keys.kid }, claims)).toBe(token);
  });

  it('the genuine token still works after all of them (nothing was revoked by the attempts)', async () => {
    expect((await graphql(real)).status).toBe(200);
    expect(await introspect(real)).toMatchObject({ active: true, client_id: client.id });
  });
});
