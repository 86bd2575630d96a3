import 'reflect-metadata';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DpopNonces, NONCE_WINDOW_SECONDS } from '../../src/auth/dpop-nonce.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/tokens.js';
import { dpopKey } from './dpop-proofs.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe('DPoP server nonces (RFC 9449 §8, §9) with DPOP_NONCE_REQUIRED=true', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;
  let integration: TestClient;
  let client: oauth.Client;

  beforeAll(async () => {
    t = await startTestApp({ DPOP_NONCE_REQUIRED: 'true' });
    integration = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    client = { client_id: integration.id };
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => t.close());

  const tokenRequest = (dpop: oauth.DPoPHandle) =>
    oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(integration.secret!),
      {},
      { DPoP: dpop, ...insecure },
    );
  const viewer = (token: string, dpop: oauth.DPoPHandle) =>
    oauth.protectedResourceRequest(
      token,
      'POST',
      new URL(`${t.config.issuer}/graphql`),
      new Headers({ 'content-type': 'application/json' }),
      JSON.stringify({ query: '{ viewer { type } }' }),
      { DPoP: dpop, ...insecure },
    );

  it('the token endpoint answers use_dpop_nonce (400, DPoP-Nonce) and oauth4webapi retries with the nonce', async () => {
    const dpop = oauth.DPoP(client, (await dpopKey()).pair);
    const first = await tokenRequest(dpop);
    expect(first.status).toBe(400);
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const error = await oauth.processClientCredentialsResponse(as, client, first).catch((caught: unknown) => caught);
    expect(oauth.isDPoPNonceError(error)).toBe(true);
    const second = await tokenRequest(dpop);
    expect(second.headers.get('dpop-nonce')).toBe(nonce);
    const tokens = await oauth.processClientCredentialsResponse(as, client, second);
    expect(tokens.token_type).toBe('dpop');

    // The handle keeps the nonce for the origin: the resource request carries it and passes.
    const response = await viewer(tokens.access_token, dpop);
    expect(response.status).toBe(200);
    expect(response.headers.get('dpop-nonce')).toBe(nonce);
  });

  it('the resource answers 401 use_dpop_nonce with a DPoP challenge and DPoP-Nonce; a retry passes', async () => {
    const key = (await dpopKey()).pair;
    const issuing = oauth.DPoP(client, key);
    await tokenRequest(issuing).catch(() => undefined);
    const tokens = await oauth.processClientCredentialsResponse(as, client, await tokenRequest(issuing));
    // A new handle for the same key knows no nonce yet.
    const fresh = oauth.DPoP(client, key);
    const refused = await viewer(tokens.access_token, fresh).catch((caught: unknown) => caught);
    expect(oauth.isDPoPNonceError(refused)).toBe(true);
    const response = (refused as oauth.WWWAuthenticateChallengeError).response;
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^DPoP error="use_dpop_nonce", error_description="[^"]+", algs="/);
    expect(response.headers.get('dpop-nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await viewer(tokens.access_token, fresh)).status).toBe(200);
  });
});

describe('DpopNonces', () => {
  afterEach(() => vi.useRealTimers());

  it('every instance with the same key agrees; a nonce is good for its window and the next, then rotates out', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') });
    const a = new DpopNonces('the signing key');
    const b = new DpopNonces('the signing key');
    const nonce = a.current();
    expect(b.current()).toBe(nonce);
    expect(() => b.check(nonce)).not.toThrow();
    expect(() => new DpopNonces('another key').check(nonce)).toThrow(/not current/);

    vi.advanceTimersByTime(NONCE_WINDOW_SECONDS * 1000);
    expect(a.current()).not.toBe(nonce);
    expect(() => b.check(nonce)).not.toThrow();
    vi.advanceTimersByTime(NONCE_WINDOW_SECONDS * 1000);
    expect(() => b.check(nonce)).toThrow(/not current/);
    expect(() => b.check(undefined)).toThrow(/required/);
    expect(() => b.check(42)).toThrow(/not current/);
  });
});
