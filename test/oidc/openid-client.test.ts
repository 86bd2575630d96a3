import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  authorizationUrl,
  CALLBACK,
  HttpBrowser,
  locationOf,
  type Portal,
  runBrowser,
  SIGNED_OUT,
  seedOidcUser,
  seedPortal,
  signIn,
} from './support.js';

const EMAIL = 'ada@example.test';
const atHash = (token: string) => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

/**
 * A portal signs users in with openid-client 6 (an OpenID-certified relying party),
 * configured from discovery alone: code + PKCE + nonce, ID token validation (signature
 * included), userinfo, refresh with a new ID token, and RP-initiated logout.
 */
describe('OpenID Connect through openid-client', () => {
  let t: TestApp;
  let portal: Portal;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedPortal(t);
    userId = await seedOidcUser(t, EMAIL);
  });
  afterAll(() => t.close());

  it('discovers one document at both well-known addresses, naming every OIDC endpoint', async () => {
    const metadata = portal.config.serverMetadata();
    expect(metadata).toMatchObject({
      issuer: t.config.issuer,
      authorization_endpoint: `${t.config.issuer}/oauth/authorize`,
      token_endpoint: `${t.config.issuer}/oauth/token`,
      userinfo_endpoint: `${t.config.issuer}/oauth/userinfo`,
      end_session_endpoint: `${t.config.issuer}/oauth/logout`,
      jwks_uri: `${t.config.issuer}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    });
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'phone', 'orders.view']));
    expect(metadata.claims_supported).toEqual(
      expect.arrayContaining(['sub', 'auth_time', 'nonce', 'sid', 'name', 'email_verified', 'phone_number']),
    );
    const oidc = await (await fetch(`${t.url}/.well-known/openid-configuration`)).json();
    const rfc8414 = await (await fetch(`${t.url}/.well-known/oauth-authorization-server`)).json();
    expect(rfc8414).toEqual(oidc);
  });

  it('signs in with code + PKCE + nonce and a fully checked ID token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { tokens, callback } = await signIn(t, portal, new HttpBrowser(), EMAIL);
    expect(callback.searchParams.get('iss')).toBe(t.config.issuer);
    expect(tokens.scope).toBe('openid profile email phone orders.view.own');
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: t.config.issuer,
      sub: userId,
      aud: portal.id,
      azp: portal.id,
      at_hash: atHash(tokens.access_token),
      sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(claims?.auth_time).toBeGreaterThanOrEqual(before - 1);
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(t.config.accessTokenTtl);
    const header = JSON.parse(Buffer.from((tokens.id_token ?? '').split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: t.app.services.keys.kid });
  });

  it('answers userinfo with the claims of the granted scopes only', async () => {
    const { tokens } = await signIn(t, portal, new HttpBrowser(), EMAIL);
    const sub = tokens.claims()?.sub ?? '';
    const info = await client.fetchUserInfo(portal.config, tokens.access_token, sub);
    expect(info).toEqual({
      sub: userId,
      name: 'Ada Lovelace',
      updated_at: expect.any(Number),
      email: EMAIL,
      email_verified: true,
      phone_number: '+46701112233',
      phone_number_verified: false,
    });

    const narrow = await signIn(t, portal, new HttpBrowser(), EMAIL, { scope: 'openid email' });
    expect(await client.fetchUserInfo(portal.config, narrow.tokens.access_token, userId)).toEqual({
      sub: userId,
      email: EMAIL,
      email_verified: true,
    });
  });

  it('refreshes into a new ID token for the same sign-in, without the nonce', async () => {
    const { tokens } = await signIn(t, portal, new HttpBrowser(), EMAIL);
    const first = tokens.claims();
    const refreshed = await client.refreshTokenGrant(portal.config, tokens.refresh_token ?? '');
    const second = refreshed.claims();
    expect(refreshed.id_token).not.toBe(tokens.id_token);
    expect(second).toMatchObject({
      sub: first?.sub,
      aud: portal.id,
      azp: portal.id,
      auth_time: first?.auth_time,
      sid: first?.sid,
      at_hash: atHash(refreshed.access_token),
    });
    expect(second).not.toHaveProperty('nonce');
    // Narrowed without openid, the refresh carries no ID token.
    const plain = await client.refreshTokenGrant(portal.config, refreshed.refresh_token ?? '', { scope: 'orders.view.own' });
    expect(plain.id_token).toBeUndefined();
    expect(plain.scope).toBe('orders.view.own');
  });

  it('signs in silently with prompt=none, then logs out through the end-session URL with state', async () => {
    const browser = new HttpBrowser();
    const { tokens } = await signIn(t, portal, browser, EMAIL);
    const cookieBeforeLogout = browser.sessionCookie;

    // Signed in and consented: prompt=none answers with a code straight away, no page.
    const silent = await authorizationUrl(portal, { prompt: 'none' });
    const answer = await browser.get(silent.url.href);
    expect(answer.status).toBe(303);
    const again = await client.authorizationCodeGrant(portal.config, locationOf(answer, t.url), {
      pkceCodeVerifier: silent.verifier,
      expectedState: silent.state,
      expectedNonce: silent.nonce,
    });
    expect(again.claims()?.sid).toBe(tokens.claims()?.sid);

    const logout = client.buildEndSessionUrl(portal.config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: SIGNED_OUT,
      state: 'bye-1',
    });
    const ended = await browser.get(logout.href);
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe(`${SIGNED_OUT}?state=bye-1`);
    expect(ended.headers.getSetCookie().join('\n')).toMatch(/core_session=; Max-Age=0; Path=\/oauth;/);

    const afterLogout = await authorizationUrl(portal, { prompt: 'none' });
    const refused = locationOf(await browser.get(afterLogout.url.href), t.url);
    expect(`${refused.origin}${refused.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(refused.searchParams)).toEqual({
      error: 'login_required',
      error_description: 'the user must sign in',
      state: afterLogout.state,
      iss: t.config.issuer,
    });
    await expect(
      client.authorizationCodeGrant(portal.config, refused, {
        pkceCodeVerifier: afterLogout.verifier,
        expectedState: afterLogout.state,
      }),
    ).rejects.toMatchObject({ error: 'login_required' });

    // A copy of the old cookie signs nobody in either: the sign-in record itself has ended.
    const stolen = await fetch(afterLogout.url.href, { headers: { cookie: cookieBeforeLogout ?? '' }, redirect: 'manual' });
    expect(locationOf(stolen, t.url).searchParams.get('error')).toBe('login_required');
  });

  it('runs a confidential client with client_secret_basic the same way', async () => {
    const { client: created, secret } = await import('../../src/modules/client/client.service.js').then((module) =>
      module.createClient(t.orm.em.fork(), {
        name: 'Server-side portal',
        grantTypes: ['authorization_code'],
        redirectUris: [CALLBACK],
        confidential: true,
        firstParty: true,
      }),
    );
    const config = await client.discovery(
      new URL(t.config.issuer),
      created.id,
      undefined,
      client.ClientSecretBasic(secret ?? ''),
      { execute: [client.allowInsecureRequests] },
    );
    const confidential = { id: created.id, config };
    const pending = await authorizationUrl(confidential, { scope: 'openid email' });
    const callback = await runBrowser(t, new HttpBrowser(), pending.url, EMAIL);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
    expect(tokens.claims()).toMatchObject({ aud: created.id, azp: created.id, sub: userId });
  });
});
