import 'reflect-metadata';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { basicAuth, bearer, clientCredentialsToken, createTestClient, type TestClient, tokenRequest } from '../helpers/tokens.js';

describe('client_credentials grant', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['customers.view', 'orders.view'] });
  });
  afterAll(() => t.close());

  it('issues an RFC 9068 access token with the client’s permissions as default scope', async () => {
    const response = await tokenRequest(
      t,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(client.id, client.secret!) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as TokenResponse;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'customers.view orders.view' });

    const header = decodeProtectedHeader(body.access_token);
    expect(header).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: t.app.services.keys.kid });
    const claims = decodeJwt(body.access_token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub']);
    expect(claims).toMatchObject({ iss: t.config.issuer, aud: t.config.tokenAudience, sub: client.id, client_id: client.id });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('accepts client_secret_post and JSON bodies', async () => {
    const response = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: client.secret,
        scope: 'orders.view',
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as TokenResponse).scope).toBe('orders.view');
  });

  it('yields a principal whose permissions are the client’s narrowed to the scope', async () => {
    const token = await clientCredentialsToken(t, client.id, client.secret!, 'customers.view');
    const principal = await t.app.services.authenticator.authenticate(bearer(token).authorization);
    expect(principal).toMatchObject({ type: 'client', clientId: client.id, userId: null, scopes: ['customers.view'] });
    expect([...principal.permissions]).toEqual(['customers.view']);
  });

  it('refuses a scope the client lacks, and "*" for a third-party client', async () => {
    const auth = { authorization: basicAuth(client.id, client.secret!) };
    await expectOAuthError(await tokenRequest(t, { grant_type: 'client_credentials', scope: 'users.delete' }, auth), {
      status: 400,
      error: 'invalid_scope',
      description: /users\.delete/,
    });
    await expectOAuthError(await tokenRequest(t, { grant_type: 'client_credentials', scope: '*' }, auth), {
      status: 400,
      error: 'invalid_scope',
    });
  });

  it('refuses a wrong secret, an unknown client and a missing authentication with 401 and a challenge', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: basicAuth(client.id, 'wrong') },
      { authorization: basicAuth('8d4f8a9e-0000-4000-8000-000000000000', 'x') },
      { authorization: basicAuth('not-a-uuid', 'x') },
      {},
    ];
    for (const headers of attempts) {
      await expectOAuthError(await tokenRequest(t, { grant_type: 'client_credentials' }, headers), {
        status: 401,
        error: 'invalid_client',
        wwwAuthenticate: /^Basic realm=/,
      });
    }
  });

  it('refuses a client without the grant (unauthorized_client) and an unknown grant type', async () => {
    const passwordOnly = await createTestClient(t, { grantTypes: ['password'] });
    const auth = { authorization: basicAuth(passwordOnly.id, passwordOnly.secret!) };
    await expectOAuthError(await tokenRequest(t, { grant_type: 'client_credentials' }, auth), {
      status: 400,
      error: 'unauthorized_client',
    });
    await expectOAuthError(await tokenRequest(t, { grant_type: 'urn:example:nothing' }, auth), {
      status: 400,
      error: 'unsupported_grant_type',
    });
  });
});
