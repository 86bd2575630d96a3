import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { tokenRequest } from '../helpers/tokens.js';
import {
  authorizationUrl,
  CALLBACK,
  HttpBrowser,
  locationOf,
  type Portal,
  runBrowser,
  seedOidcUser,
  seedPortal,
} from './support.js';

const EMAIL = 'radia@example.test';
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

/** The ID token's own defences: the nonce bound through the code, one audience with azp, types kept apart. */
describe('ID token defences', () => {
  let t: TestApp;
  let portal: Portal;
  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedPortal(t);
    await seedOidcUser(t, EMAIL);
  });
  afterAll(() => t.close());

  /** Runs the pages and returns the code and what the portal kept. */
  async function code(extra: Record<string, string> = {}) {
    const pending = await authorizationUrl(portal, extra);
    const callback = await runBrowser(t, new HttpBrowser(), pending.url, EMAIL);
    return { pending, code: callback.searchParams.get('code') ?? '' };
  }

  const exchange = (value: string, verifier: string, extra: Record<string, string> = {}) =>
    tokenRequest(t, {
      grant_type: 'authorization_code',
      client_id: portal.id,
      code: value,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
      ...extra,
    });

  it('takes the nonce from the authorization request only: one sent to the token endpoint is ignored', async () => {
    const { pending, code: value } = await code();
    const response = await exchange(value, pending.verifier, { nonce: 'attacker-chosen' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id_token: string };
    expect(payloadOf(body.id_token).nonce).toBe(pending.nonce);
  });

  it('issues the ID token of a nonce once: a replayed code is invalid_grant and revokes the first tokens', async () => {
    const { pending, code: value } = await code();
    const first = (await (await exchange(value, pending.verifier)).json()) as { id_token: string; access_token: string };
    expect(payloadOf(first.id_token).nonce).toBe(pending.nonce);
    await expectOAuthError(await exchange(value, pending.verifier), {
      status: 400,
      error: 'invalid_grant',
      description: /already used/,
    });
    const userinfo = await fetch(`${t.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(userinfo.status).toBe(401);
  });

  it('has exactly one audience, the client, named again in azp; no nonce claim without a nonce', async () => {
    const { pending, code: value } = await code({ nonce: '' });
    const body = (await (await exchange(value, pending.verifier)).json()) as { id_token: string };
    const claims = payloadOf(body.id_token);
    expect(claims.aud).toBe(portal.id);
    expect(claims.azp).toBe(portal.id);
    expect(claims).not.toHaveProperty('nonce');
    expect(Object.keys(claims).sort()).toEqual(['at_hash', 'aud', 'auth_time', 'azp', 'exp', 'iat', 'iss', 'sid', 'sub']);
  });

  it('an ID token is no access token: GraphQL and userinfo refuse it as a Bearer token', async () => {
    const pending = await authorizationUrl(portal);
    const callback = await runBrowser(t, new HttpBrowser(), pending.url, EMAIL);
    const tokens = await client.authorizationCodeGrant(portal.config, callback, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
    const idToken = tokens.id_token ?? '';
    for (const url of [`${t.url}/oauth/userinfo`, `${t.url}/graphql`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { type } }' }),
      });
      expect(response.status, url).toBe(401);
    }
  });

  it('a client not allowed openid cannot ask for it', async () => {
    const limited = await seedPortal(t, { name: 'Orders only', allowedScopes: ['orders.view.own'] });
    const pending = await authorizationUrl(limited);
    const response = await new HttpBrowser().get(pending.url.href);
    expect(Object.fromEntries(locationOf(response, t.url).searchParams)).toMatchObject({
      error: 'invalid_scope',
      error_description: 'scope openid is not allowed for this client',
    });
  });
});
