import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientCreateArgs } from '../../src/cli/commands/client-create.js';
import {
  authorizeUrl,
  codeRequest,
  obtainCode,
  pkcePair,
  type SeededClient,
  seedClient,
  seedUser,
} from '../authorize/fixtures.js';
import { HttpBrowser, redirectParams } from '../authorize/http-browser.js';
import { createCallers } from '../graphql/callers.js';
import { dataOf, gql } from '../graphql/graphql-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { basicAuth, createTestClient, type TestClient, tokenRequest } from '../helpers/tokens.js';
import { type DpopKey, dpopKey, forgeProof, jwtClaims } from './dpop-proofs.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const VIEWER = JSON.stringify({ query: '{ viewer { type } }' });
const json = () => new Headers({ 'content-type': 'application/json' });
const dpopFor = (clientId: string, pair: oauth.CryptoKeyPair) => oauth.DPoP({ client_id: clientId } as oauth.Client, pair);
const jktOf = (key: DpopKey) => dpopFor('any', key.pair).calculateThumbprint();

describe('DPoP (RFC 9449) through oauth4webapi', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;
  let integration: TestClient;
  let portal: SeededClient;
  let key: DpopKey;
  const email = 'dpop@example.com';

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_MAX_FAILURES: '100' });
    integration = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    portal = await seedClient(t, { allowedScopes: ['openid', 'orders.view.own'] });
    await seedUser(t, email);
    key = await dpopKey();
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => t.close());

  const graphqlUrl = () => new URL(`${t.config.issuer}/graphql`);
  const userinfoUrl = () => new URL(`${t.config.issuer}/oauth/userinfo`);

  async function integrationToken(dpop: oauth.DPoPHandle) {
    const client = { client_id: integration.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(integration.secret!),
      { scope: 'orders.view' },
      { DPoP: dpop, ...insecure },
    );
    return oauth.processClientCredentialsResponse(as, client, response);
  }

  async function portalTokens(dpop: oauth.DPoPHandle, extra: Record<string, string> = {}) {
    const { verifier, challenge } = pkcePair();
    const redirect = await obtainCode(t, portal, { email, challenge, scope: 'openid orders.view.own', extra });
    const client = { client_id: portal.id };
    const params = oauth.validateAuthResponse(as, client, redirect, 'st-123');
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, portal.redirectUri, verifier, {
      DPoP: dpop,
      ...insecure,
    });
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }

  const viewer = (token: string, dpop: oauth.DPoPHandle) =>
    oauth.protectedResourceRequest(token, 'POST', graphqlUrl(), json(), VIEWER, { DPoP: dpop, ...insecure });

  /** A raw request with exactly these headers: the attacks oauth4webapi would never send. */
  const raw = (url: URL, headers: Record<string, string>, method = 'POST') =>
    fetch(url.href.replace(t.config.issuer, t.url), {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
      body: method === 'POST' ? VIEWER : undefined,
    });

  it('advertises its algorithms in both metadata documents', async () => {
    expect(as.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'PS256', 'RS256', 'EdDSA']));
    expect(as.dpop_signing_alg_values_supported).not.toContain('none');
    expect(as.dpop_signing_alg_values_supported?.some((alg) => alg.startsWith('HS'))).toBe(false);
    const resource = (await (await fetch(`${t.url}/.well-known/oauth-protected-resource`)).json()) as Record<string, unknown>;
    expect(resource.dpop_signing_alg_values_supported).toEqual(as.dpop_signing_alg_values_supported);
    expect(resource.dpop_bound_access_tokens_required).toBe(false);
  });

  it('client credentials with a proof: token_type DPoP, cnf.jkt the key thumbprint; /graphql accepts it with a proof', async () => {
    const dpop = dpopFor(integration.id, key.pair);
    const tokens = await integrationToken(dpop);
    expect(tokens.token_type).toBe('dpop');
    expect(jwtClaims(tokens.access_token).cnf).toEqual({ jkt: await dpop.calculateThumbprint() });
    const response = await viewer(tokens.access_token, dpop);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { type: 'CLIENT' } } });
    // Each request has its own proof: a second one passes too.
    expect((await viewer(tokens.access_token, dpop)).status).toBe(200);
  });

  it('every advertised algorithm works end to end (key made by oauth4webapi)', async () => {
    // oauth4webapi names Ed25519 keys' algorithm `Ed25519` (RFC 9864).
    for (const alg of ['ES256', 'ES384', 'PS256', 'PS384', 'RS256', 'RS384', 'Ed25519']) {
      const dpop = dpopFor(integration.id, await oauth.generateKeyPair(alg));
      const tokens = await integrationToken(dpop).catch((error) => {
        throw new Error(`${alg}: ${error.error_description ?? error.message}`);
      });
      expect(tokens.token_type, alg).toBe('dpop');
      expect(jwtClaims(tokens.access_token).cnf, alg).toEqual({ jkt: await dpop.calculateThumbprint() });
      expect((await viewer(tokens.access_token, dpop)).status, alg).toBe(200);
    }
    // The same Ed25519 signature under the older name, `EdDSA`.
    const renamed = oauth.DPoP({ client_id: integration.id } as oauth.Client, await oauth.generateKeyPair('Ed25519'), {
      [oauth.modifyAssertion]: (header) => {
        header.alg = 'EdDSA';
      },
    });
    const tokens = await integrationToken(renamed);
    expect(tokens.token_type).toBe('dpop');
    expect((await viewer(tokens.access_token, renamed)).status).toBe(200);
  });

  it('introspection reports token_type DPoP and cnf', async () => {
    const { access_token } = await integrationToken(dpopFor(integration.id, key.pair));
    const response = await fetch(`${t.url}/oauth/introspect`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth(integration.id, integration.secret!),
      },
      body: new URLSearchParams({ token: access_token }),
    });
    const body = await response.json();
    expect(body).toMatchObject({ active: true, token_type: 'DPoP', cnf: jwtClaims(access_token).cnf });
  });

  it('without a proof the token stays Bearer, and not DPoP-bound', async () => {
    const client = { client_id: integration.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(integration.secret!),
      {},
      insecure,
    );
    const tokens = await oauth.processClientCredentialsResponse(as, client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(jwtClaims(tokens.access_token).cnf).toBeUndefined();
    // A Bearer token presented with the DPoP scheme is refused: nothing binds it.
    const dpopHeaders = {
      authorization: `DPoP ${tokens.access_token}`,
      dpop: forgeProof(key, { method: 'POST', url: graphqlUrl().href, token: tokens.access_token }),
    };
    const refused = await raw(graphqlUrl(), dpopHeaders);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);
  });

  it('authorization code with dpop_jkt, userinfo with a proof, and a refresh bound to the key (public client)', async () => {
    const dpop = dpopFor(portal.id, key.pair);
    const tokens = await portalTokens(dpop, { dpop_jkt: await dpop.calculateThumbprint() });
    expect(tokens.token_type).toBe('dpop');
    const info = await oauth.protectedResourceRequest(tokens.access_token, 'GET', userinfoUrl(), new Headers(), null, {
      DPoP: dpop,
      ...insecure,
    });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { sub: unknown }).sub).toEqual(expect.any(String));

    // Refreshed by another key (or none): invalid_grant, and the refresh token stays usable by its key.
    const client = { client_id: portal.id };
    const other = dpopFor(client.client_id, (await dpopKey()).pair);
    const stolen = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
      DPoP: other,
      ...insecure,
    });
    await expectOAuthError(stolen, { status: 400, error: 'invalid_grant', description: /bound to a DPoP key/ });
    const bare = await tokenRequest(t, {
      grant_type: 'refresh_token',
      client_id: portal.id,
      refresh_token: tokens.refresh_token!,
    });
    await expectOAuthError(bare, { status: 400, error: 'invalid_grant', description: /bound to a DPoP key/ });

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, { DPoP: dpop, ...insecure }),
    );
    expect(refreshed.token_type).toBe('dpop');
    expect(jwtClaims(refreshed.access_token).cnf).toEqual({ jkt: await dpop.calculateThumbprint() });
    // Introspection says which key the refresh token is bound to.
    const auditor = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['manage_system'] });
    const introspected = await fetch(`${t.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(auditor.id, auditor.secret!) },
      body: new URLSearchParams({ token: refreshed.refresh_token!, token_type_hint: 'refresh_token' }),
    });
    expect(await introspected.json()).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      cnf: { jkt: await dpop.calculateThumbprint() },
    });
    // The successor is bound too.
    const next = await tokenRequest(t, {
      grant_type: 'refresh_token',
      client_id: portal.id,
      refresh_token: refreshed.refresh_token!,
    });
    await expectOAuthError(next, { status: 400, error: 'invalid_grant' });
  });

  it('a code bound by dpop_jkt is exchanged only with a proof by that key', async () => {
    const dpop = dpopFor(portal.id, key.pair);
    const other = dpopFor(portal.id, (await dpopKey()).pair);
    await expect(portalTokens(other, { dpop_jkt: await dpop.calculateThumbprint() })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // A malformed dpop_jkt is refused at the redirect URI, before any sign-in.
    const malformed = await new HttpBrowser().get(
      authorizeUrl(t, codeRequest(portal, pkcePair().challenge, { scope: 'orders.view.own', dpop_jkt: 'short' })),
    );
    const error = redirectParams(malformed);
    expect(error.get('error')).toBe('invalid_request');
    expect(error.get('error_description')).toMatch(/dpop_jkt/);
  });

  it('a proof sent with a pushed authorization request binds the code like dpop_jkt (§10.1)', async () => {
    const client = { client_id: portal.id };
    const dpop = dpopFor(portal.id, key.pair);
    const params = {
      response_type: 'code',
      redirect_uri: portal.redirectUri,
      scope: 'orders.view.own',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    };
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      await oauth.pushedAuthorizationRequest(as, client, oauth.None(), params, { DPoP: dpop, ...insecure }),
    );
    const hash = createHash('sha256').update(pushed.request_uri.split(':').at(-1)!).digest('hex');
    const rows = await t.orm.em
      .fork()
      .getConnection()
      .execute<{ params: Record<string, string> }[]>(
        'select params from pushed_authorization_request where request_uri_hash = ?',
        [hash],
      );
    expect(rows[0].params.dpop_jkt).toBe(await dpop.calculateThumbprint());
    const mismatch = await oauth.pushedAuthorizationRequest(
      as,
      client,
      oauth.None(),
      { ...params, dpop_jkt: await jktOf(await dpopKey()) },
      { DPoP: dpop, ...insecure },
    );
    await expectOAuthError(mismatch, { status: 400, error: 'invalid_dpop_proof', description: /dpop_jkt does not match/ });
  });

  it('a confidential client: the refresh token is not bound, the new access token is bound when a proof is sent', async () => {
    const backend = await seedClient(t, {
      name: 'Backend',
      confidential: true,
      redirectUris: ['https://backend.example.test/cb'],
      allowedScopes: ['orders.view.own'],
    });
    const { verifier, challenge } = pkcePair();
    const redirect = await obtainCode(t, backend, { email, challenge, scope: 'orders.view.own' });
    const client = { client_id: backend.id };
    const dpop = dpopFor(client.client_id, key.pair);
    const auth = oauth.ClientSecretBasic(backend.secret!);
    const params = oauth.validateAuthResponse(as, client, redirect, 'st-123');
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, backend.redirectUri, verifier, {
        DPoP: dpop,
        ...insecure,
      }),
    );
    expect(tokens.token_type).toBe('dpop');
    const bearer = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
    );
    expect(bearer.token_type).toBe('bearer');
    const bound = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, bearer.refresh_token!, { DPoP: dpop, ...insecure }),
    );
    expect(bound.token_type).toBe('dpop');
  });

  it('requireDpop (GraphQL and CLI): no token without a proof', async () => {
    const callers = await createCallers(t);
    const created = dataOf(
      await gql(
        t,
        callers.admin.token,
        'mutation ($input: CreateAppClientInput!) { createAppClient(input: $input) { appClient { id requireDpop } clientSecret } }',
        { input: { name: 'Strict', grantTypes: ['CLIENT_CREDENTIALS'], requireDpop: true } },
      ),
    ).createAppClient;
    expect(created.appClient.requireDpop).toBe(true);
    const strict = { id: created.appClient.id as string, secret: created.clientSecret as string };
    const bare = await tokenRequest(
      t,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(strict.id, strict.secret) },
    );
    await expectOAuthError(bare, { status: 400, error: 'invalid_dpop_proof', description: /must send a DPoP proof/ });
    const client = { client_id: strict.id };
    const withProof = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic(strict.secret),
        {},
        {
          DPoP: dpopFor(client.client_id, key.pair),
          ...insecure,
        },
      ),
    );
    expect(withProof.token_type).toBe('dpop');
    const updated = await gql(
      t,
      callers.admin.token,
      `mutation { updateAppClient(id: "${strict.id}", input: { requireDpop: false }) { requireDpop } }`,
    );
    expect(dataOf(updated).updateAppClient.requireDpop).toBe(false);
    expect(parseClientCreateArgs(['--name', 'x', '--grant', 'client_credentials', '--require-dpop']).input.requireDpop).toBe(
      true,
    );
  });

  describe('the attack list', () => {
    let token: string;
    beforeAll(async () => {
      token = (await integrationToken(dpopFor(integration.id, key.pair))).access_token;
    });
    const request = (overrides: { method?: string; url?: string } = {}) => ({
      method: overrides.method ?? 'POST',
      url: overrides.url ?? graphqlUrl().href,
      token,
    });
    const refusedWith = async (headers: Record<string, string>, error: string, description?: RegExp) => {
      const response = await raw(graphqlUrl(), headers);
      const body = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(401);
      const challenge = response.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(new RegExp(`^DPoP error="${error}", error_description="[^"]*", algs="ES256 [^"]+"$`));
      if (description) expect(challenge).toMatch(description);
      // The same body as any refused GraphQL request.
      expect(body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason: expect.any(String) } }],
      });
      return body;
    };
    const asDpop = (proof: string) => ({ authorization: `DPoP ${token}`, dpop: proof });

    it('an honest forged-by-hand proof passes (so each refusal below is the one change)', async () => {
      expect((await raw(graphqlUrl(), asDpop(forgeProof(key, request())))).status).toBe(200);
    });

    it('a proof for another method or URL; htu compared without query and fragment', async () => {
      await refusedWith(asDpop(forgeProof(key, request({ method: 'GET' }))), 'invalid_dpop_proof', /htm/);
      await refusedWith(
        asDpop(forgeProof(key, request({ url: `${t.config.issuer}/oauth/userinfo` }))),
        'invalid_dpop_proof',
        /htu/,
      );
      await refusedWith(
        asDpop(forgeProof(key, request({ url: 'https://elsewhere.example.test/graphql' }))),
        'invalid_dpop_proof',
        /htu/,
      );
      const withQuery = forgeProof(key, request({ url: `${graphqlUrl().href}?x=1#frag` }));
      expect((await raw(graphqlUrl(), asDpop(withQuery))).status).toBe(200);
    });

    it('a replayed proof', async () => {
      const proof = forgeProof(key, request());
      expect((await raw(graphqlUrl(), asDpop(proof))).status).toBe(200);
      await refusedWith(asDpop(proof), 'invalid_dpop_proof', /already used/);
    });

    it('a proof by another key; a proof for another token (ath)', async () => {
      await refusedWith(asDpop(forgeProof(await dpopKey(), request())), 'invalid_dpop_proof', /key the token is bound to/);
      await refusedWith(asDpop(forgeProof(key, request(), { ath: 'x'.repeat(43) })), 'invalid_dpop_proof', /ath/);
      await refusedWith(asDpop(forgeProof(key, { ...request(), token: undefined })), 'invalid_dpop_proof', /ath/);
    });

    it('the DPoP-bound token used as Bearer, with or without a proof', async () => {
      const attempts: Record<string, string>[] = [
        { authorization: `Bearer ${token}` },
        { authorization: `Bearer ${token}`, dpop: forgeProof(key, request()) },
      ];
      for (const headers of attempts) {
        await refusedWith(headers, 'invalid_token', /DPoP-bound/);
      }
      const info = await raw(userinfoUrl(), { authorization: `Bearer ${token}` }, 'GET');
      await expectOAuthError(info, { status: 401, error: 'invalid_token', wwwAuthenticate: /^DPoP error="invalid_token"/ });
    });

    it('an expired or a future iat', async () => {
      const now = Math.floor(Date.now() / 1000);
      await refusedWith(asDpop(forgeProof(key, request(), { iat: now - 120 })), 'invalid_dpop_proof', /too old/);
      await refusedWith(asDpop(forgeProof(key, request(), { iat: now + 120 })), 'invalid_dpop_proof', /future/);
      await refusedWith(asDpop(forgeProof(key, request(), { iat: String(now) })), 'invalid_dpop_proof', /iat/);
    });

    it('alg none, HS256, RS256 with an EC key; another typ; a private key or a symmetric key in the header', async () => {
      await refusedWith(asDpop(forgeProof(key, request(), {}, { alg: 'none' })), 'invalid_dpop_proof');
      await refusedWith(asDpop(forgeProof(key, request(), {}, { alg: 'HS256' })), 'invalid_dpop_proof', /alg must be one of/);
      await refusedWith(asDpop(forgeProof(key, request(), {}, { alg: 'RS256' })), 'invalid_dpop_proof', /needs a RSA key/);
      await refusedWith(asDpop(forgeProof(key, request(), {}, { typ: 'JWT' })), 'invalid_dpop_proof', /typ/);
      await refusedWith(asDpop(forgeProof(key, request(), {}, { jwk: key.privateJwk })), 'invalid_dpop_proof', /private key/);
      await refusedWith(asDpop(forgeProof(key, request(), {}, { jwk: { kty: 'oct', k: 'c2VjcmV0' } })), 'invalid_dpop_proof');
    });

    it('no proof, two proofs, or a malformed one', async () => {
      await refusedWith({ authorization: `DPoP ${token}` }, 'invalid_dpop_proof', /compact JWS/);
      const twice = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: [
          ['content-type', 'application/json'],
          ['authorization', `DPoP ${token}`],
          ['dpop', forgeProof(key, request())],
          ['dpop', forgeProof(key, request())],
        ],
        body: VIEWER,
      });
      expect(twice.status).toBe(401);
      await refusedWith(asDpop('not-a-jws'), 'invalid_dpop_proof');
      await refusedWith(asDpop(`${Buffer.from('{').toString('base64url')}.e30.c2ln`), 'invalid_dpop_proof', /not JSON/);
    });

    it('at the token endpoint: a replayed proof, a proof for another URL, invalid_dpop_proof as 400 JSON', async () => {
      const tokenUrl = `${t.config.issuer}/oauth/token`;
      const headers = (proof: string) => ({ authorization: basicAuth(integration.id, integration.secret!), dpop: proof });
      const proof = forgeProof(key, { method: 'POST', url: tokenUrl });
      expect((await tokenRequest(t, { grant_type: 'client_credentials' }, headers(proof))).status).toBe(200);
      await expectOAuthError(await tokenRequest(t, { grant_type: 'client_credentials' }, headers(proof)), {
        status: 400,
        error: 'invalid_dpop_proof',
        description: /already used/,
      });
      const elsewhere = forgeProof(key, { method: 'POST', url: `${t.config.issuer}/graphql` });
      await expectOAuthError(await tokenRequest(t, { grant_type: 'client_credentials' }, headers(elsewhere)), {
        status: 400,
        error: 'invalid_dpop_proof',
        description: /htu/,
      });
    });
  });

  it('CORS: a browser may send DPoP and read DPoP-Nonce and WWW-Authenticate', async () => {
    const origin = 'https://portal.example.test';
    for (const path of ['/oauth/token', '/graphql']) {
      const preflight = await fetch(`${t.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'dpop, authorization' },
      });
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('dpop');
    }
    const refused = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: VIEWER,
    });
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/DPoP-Nonce/);
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/);
  });
});
