import 'reflect-metadata';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { sha256 } from '../../src/lib/secrets.js';
import type { TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { bearer, createTestUser, startAppWithProxyClients, type TestClient, type TestUser } from '../helpers/tokens.js';
import { type DpopKey, dpopKey, forgeProof, jwtClaims } from './dpop-proofs.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const VIEWER = JSON.stringify({ query: '{ viewer { type } }' });
const dpopFor = (key: DpopKey) => oauth.DPoP({ client_id: 'proxy' } as oauth.Client, key.pair);
const jktOf = (key: DpopKey) => dpopFor(key).calculateThumbprint();

/**
 * RFC 9449 through the first-party proxy (`/clients/:name/login` and `/refresh`): the
 * proxy runs the token endpoint, so a proof in the request's `DPoP` header binds the
 * tokens as at `/oauth/token`, with `htu` the proxy's own URL. A proxy client is always
 * confidential (it has a secret), so its refresh tokens are not bound (§5): each refresh
 * binds its new access token to whatever key proves it, or to none.
 */
describe('DPoP (RFC 9449) through the first-party proxy', () => {
  let t: TestApp & { proxyClients: Record<string, TestClient> };
  let user: TestUser;
  let key: DpopKey;

  beforeAll(async () => {
    t = await startAppWithProxyClients(['web']);
    user = await createTestUser(t, { permissions: ['customers.view'] });
    key = await dpopKey();
  });
  afterAll(() => t.close());

  const loginUrl = () => `${t.config.issuer}/clients/web/login`;
  const refreshUrl = () => `${t.config.issuer}/clients/web/refresh`;
  const graphqlUrl = () => `${t.config.issuer}/graphql`;

  const post = (path: string, body: Record<string, string> | undefined, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const login = (headers: Record<string, string> = {}) =>
    post('/clients/web/login', { username: user.email, password: user.password }, headers);
  const withProof = (proof: string) => ({ dpop: proof });
  const cookieOf = (response: Response) => response.headers.getSetCookie().find((cookie) => cookie.startsWith('refresh_token='));

  async function tokensOf(response: Response): Promise<TokenResponse> {
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body as TokenResponse;
  }

  /** Access tokens issued to the proxy client so far: a refusal must not add one. */
  async function issuedCount(): Promise<number> {
    const rows = await t.orm.em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>('select count(*)::int as n from access_token where client_id = ?', [t.proxyClients.web.id]);
    return Number(rows[0].n);
  }

  async function refreshJktOf(refreshToken: string): Promise<string | null> {
    const rows = await t.orm.em
      .fork()
      .getConnection()
      .execute<{ dpop_jkt: string | null }[]>('select dpop_jkt from refresh_token where token_hash = ?', [sha256(refreshToken)]);
    expect(rows).toHaveLength(1);
    return rows[0].dpop_jkt;
  }

  /** `/graphql` with `Authorization: DPoP` and a fresh proof made by oauth4webapi for that request. */
  const viewerWithDpop = (token: string, dpop: oauth.DPoPHandle) =>
    oauth.protectedResourceRequest(
      token,
      'POST',
      new URL(graphqlUrl()),
      new Headers({ 'content-type': 'application/json' }),
      VIEWER,
      { DPoP: dpop, ...insecure },
    );
  const viewerRaw = (headers: Record<string, string>) =>
    fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: VIEWER });

  it('login with a proof for the proxy URL: token_type DPoP, cnf.jkt the key thumbprint; /graphql takes it only as DPoP', async () => {
    const response = await login(withProof(forgeProof(key, { method: 'POST', url: loginUrl() })));
    const tokens = await tokensOf(response);
    expect(tokens.token_type).toBe('DPoP');
    expect(jwtClaims(tokens.access_token).cnf).toEqual({ jkt: await jktOf(key) });
    // The refresh token still travels in the cookie, as without DPoP.
    expect(cookieOf(response)).toContain(`refresh_token=${tokens.refresh_token};`);

    const dpop = dpopFor(key);
    const resource = await viewerWithDpop(tokens.access_token, dpop);
    expect(resource.status).toBe(200);
    expect(await resource.json()).toEqual({ data: { viewer: { type: 'USER' } } });
    // Another request, another fresh proof.
    expect((await viewerWithDpop(tokens.access_token, dpop)).status).toBe(200);

    // As a Bearer token, with or without a proof, it is refused: it is DPoP-bound.
    for (const headers of [
      bearer(tokens),
      { ...bearer(tokens), dpop: forgeProof(key, { method: 'POST', url: graphqlUrl(), token: tokens.access_token }) },
    ]) {
      const refused = await viewerRaw(headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token", error_description="[^"]*DPoP-bound/);
    }
    // A proof by another key does not pass either.
    const stranger = await viewerRaw({
      authorization: `DPoP ${tokens.access_token}`,
      dpop: forgeProof(await dpopKey(), { method: 'POST', url: graphqlUrl(), token: tokens.access_token }),
    });
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_dpop_proof"/);
  });

  it('login with a proof for another URL or another method: 400 invalid_dpop_proof, nothing issued, no cookie', async () => {
    const before = await issuedCount();
    const attempts: [string, RegExp][] = [
      [forgeProof(key, { method: 'POST', url: `${t.config.issuer}/oauth/token` }), /htu/],
      [forgeProof(key, { method: 'POST', url: refreshUrl() }), /htu/],
      [forgeProof(key, { method: 'POST', url: `https://elsewhere.example.test/clients/web/login` }), /htu/],
      [forgeProof(key, { method: 'GET', url: loginUrl() }), /htm/],
      [forgeProof(key, { method: 'POST', url: loginUrl() }, {}, { alg: 'none' }), /./],
    ];
    for (const [proof, description] of attempts) {
      const response = await login(withProof(proof));
      expect(cookieOf(response)).toBeUndefined();
      await expectOAuthError(response, { status: 400, error: 'invalid_dpop_proof', description });
    }
    expect(await issuedCount()).toBe(before);
  });

  it('a replayed proof (same jti) is refused at the proxy the second time', async () => {
    const proof = forgeProof(key, { method: 'POST', url: loginUrl() });
    expect((await tokensOf(await login(withProof(proof)))).token_type).toBe('DPoP');
    const before = await issuedCount();
    const replayed = await login(withProof(proof));
    expect(cookieOf(replayed)).toBeUndefined();
    await expectOAuthError(replayed, { status: 400, error: 'invalid_dpop_proof', description: /already used/ });
    expect(await issuedCount()).toBe(before);
  });

  it('refresh (confidential client): the refresh token is not bound; each refresh binds its access token to its proof', async () => {
    const first = await tokensOf(await login(withProof(forgeProof(key, { method: 'POST', url: loginUrl() }))));
    // RFC 9449 §5: a confidential client's refresh token is not bound to the key.
    expect(await refreshJktOf(first.refresh_token!)).toBeNull();
    const cookie = (token: string) => ({ cookie: `refresh_token=${token}` });

    // From the cookie, with a proof whose htu is the refresh URL: DPoP-bound again, cookie rotated.
    const viaCookie = await post('/clients/web/refresh', undefined, {
      ...cookie(first.refresh_token!),
      ...withProof(forgeProof(key, { method: 'POST', url: refreshUrl() })),
    });
    const second = await tokensOf(viaCookie);
    expect(second.token_type).toBe('DPoP');
    expect(jwtClaims(second.access_token).cnf).toEqual({ jkt: await jktOf(key) });
    expect(cookieOf(viaCookie)).toContain(`refresh_token=${second.refresh_token};`);
    expect((await viewerWithDpop(second.access_token, dpopFor(key))).status).toBe(200);

    // A bad proof is refused before the grant runs: the refresh token is not spent and the cookie stays.
    const before = await issuedCount();
    for (const proof of [
      forgeProof(key, { method: 'POST', url: loginUrl() }),
      forgeProof(key, { method: 'PUT', url: refreshUrl() }),
    ]) {
      const refused = await post('/clients/web/refresh', undefined, { ...cookie(second.refresh_token!), ...withProof(proof) });
      expect(cookieOf(refused)).toBeUndefined();
      await expectOAuthError(refused, { status: 400, error: 'invalid_dpop_proof', description: /htu|htm/ });
    }
    expect(await issuedCount()).toBe(before);

    // A replayed refresh proof is refused too.
    const refreshProof = forgeProof(key, { method: 'POST', url: refreshUrl() });
    const third = await tokensOf(
      await post('/clients/web/refresh', { refresh_token: second.refresh_token! }, withProof(refreshProof)),
    );
    expect(third.token_type).toBe('DPoP');
    await expectOAuthError(await post('/clients/web/refresh', { refresh_token: third.refresh_token! }, withProof(refreshProof)), {
      status: 400,
      error: 'invalid_dpop_proof',
      description: /already used/,
    });

    // Not bound: another key's proof binds the new access token to that key, and no proof gives a Bearer token.
    const other = await dpopKey();
    const rebound = await tokensOf(
      await post(
        '/clients/web/refresh',
        { refresh_token: third.refresh_token! },
        withProof(forgeProof(other, { method: 'POST', url: refreshUrl() })),
      ),
    );
    expect(rebound.token_type).toBe('DPoP');
    expect(jwtClaims(rebound.access_token).cnf).toEqual({ jkt: await jktOf(other) });
    expect(await refreshJktOf(rebound.refresh_token!)).toBeNull();
    const plain = await tokensOf(await post('/clients/web/refresh', { refresh_token: rebound.refresh_token! }));
    expect(plain.token_type).toBe('Bearer');
    expect(jwtClaims(plain.access_token).cnf).toBeUndefined();
  });

  it('without a DPoP header the proxy issues Bearer tokens, as before', async () => {
    const tokens = await tokensOf(await login());
    expect(tokens.token_type).toBe('Bearer');
    expect(jwtClaims(tokens.access_token).cnf).toBeUndefined();
    expect(await refreshJktOf(tokens.refresh_token!)).toBeNull();
    const resource = await viewerRaw(bearer(tokens));
    expect(resource.status).toBe(200);
    expect(await resource.json()).toEqual({ data: { viewer: { type: 'USER' } } });
  });
});
