import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRegisteredRedirectUri } from '../../src/modules/client/redirect-uri.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { authorizeUrl, codeRequest, obtainCode, pkcePair, type SeededClient, seedClient, seedUser } from './fixtures.js';

describe('redirect URI matching', () => {
  const registered = [
    'https://portal.example.test/cb',
    'http://127.0.0.1/cb?app=1',
    'http://[::1]:8080/native',
    'http://localhost:3000/cb',
  ];

  it('matches registered URIs character for character', () => {
    for (const uri of registered) expect(isRegisteredRedirectUri(registered, uri), uri).toBe(true);
    for (const uri of [
      'https://portal.example.test/cb/',
      'https://PORTAL.example.test/cb',
      'https://portal.example.test:443/cb',
      'https://portal.example.test:8443/cb',
      'http://localhost:3001/cb',
      'http://localhost/cb',
    ]) {
      expect(isRegisteredRedirectUri(registered, uri), uri).toBe(false);
    }
  });

  it('lets a loopback IP redirect name any port, everything else exact (RFC 8252 §7.3)', () => {
    for (const uri of [
      'http://127.0.0.1:51004/cb?app=1',
      'http://127.0.0.1:1/cb?app=1',
      'http://[::1]/native',
      'http://[::1]:65535/native',
    ]) {
      expect(isRegisteredRedirectUri(registered, uri), uri).toBe(true);
    }
    for (const uri of [
      'http://127.0.0.1:51004/cb',
      'http://127.0.0.1:51004/cb?app=2',
      'http://127.0.0.1:0/cb?app=1',
      'http://127.0.0.1:65536/cb?app=1',
      'http://127.0.0.1:080/cb?app=1',
      'http://127.0.0.2:51004/cb?app=1',
      'https://127.0.0.1:51004/cb?app=1',
      'http://127.0.0.1:51004@evil.example/cb?app=1',
      'http://127.0.0.1:51004/cb?app=1#x',
      'http://[::1]:8080/native/',
      'http://[::2]:8080/native',
    ]) {
      expect(isRegisteredRedirectUri(registered, uri), uri).toBe(false);
    }
  });
});

describe('GET /oauth/authorize for a native app on loopback', () => {
  let t: TestApp;
  let native: SeededClient;
  const { challenge } = pkcePair();

  beforeAll(async () => {
    t = await startTestApp();
    native = await seedClient(t, { name: 'Desktop app', redirectUris: ['http://127.0.0.1/callback'] });
    await seedUser(t, 'desktop@example.com', ['orders.view.own', 'customers.view.own']);
  });
  afterAll(() => t.close());

  it('accepts the registered loopback redirect on the port the app chose', async () => {
    const url = authorizeUrl(t, codeRequest(native, challenge, { redirect_uri: 'http://127.0.0.1:49152/callback' }));
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Sign in/);
  });

  it('refuses another path or host on loopback with the error page', async () => {
    for (const redirect of ['http://127.0.0.1:49152/other', 'http://localhost:49152/callback']) {
      const response = await fetch(authorizeUrl(t, codeRequest(native, challenge, { redirect_uri: redirect })), {
        redirect: 'manual',
      });
      expect(response.status, redirect).toBe(400);
      expect(response.headers.get('location'), redirect).toBeNull();
    }
  });

  it('completes the flow through oauth4webapi: the code is bound to the port-specific URI it was issued for', async () => {
    const chosen = 'http://127.0.0.1:49152/callback';
    const { verifier, challenge: pkce } = pkcePair();
    const callback = await obtainCode(t, { ...native, redirectUri: chosen }, { email: 'desktop@example.com', challenge: pkce });
    const as: oauth.AuthorizationServer = {
      issuer: t.config.issuer,
      token_endpoint: `${t.url}/oauth/token`,
      authorization_response_iss_parameter_supported: true,
    };
    const client: oauth.Client = { client_id: native.id };
    const params = oauth.validateAuthResponse(as, client, callback, 'st-123');
    const insecure = { [oauth.allowInsecureRequests]: true } as const;
    // Another port at the token endpoint is not the URI the code was issued for.
    const elsewhere = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      'http://127.0.0.1:49153/callback',
      verifier,
      insecure,
    );
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ error: 'invalid_grant' });
    // A refused exchange may have spent the code (single use): take a fresh one.
    const again = pkcePair();
    const second = await obtainCode(
      t,
      { ...native, redirectUri: chosen },
      { email: 'desktop@example.com', challenge: again.challenge },
    );
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      oauth.validateAuthResponse(as, client, second, 'st-123'),
      chosen,
      again.verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(tokens.scope).toBe('orders.view.own customers.view.own');
  });
});
