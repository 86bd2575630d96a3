import 'reflect-metadata';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  authorizeUrl,
  codeRequest,
  obtainCode,
  PASSWORD,
  pkcePair,
  type SeededClient,
  seedClient,
  seedUser,
} from '../authorize/fixtures.js';
import { HttpBrowser, redirectParams } from '../authorize/http-browser.js';
import { gql } from '../graphql/graphql-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { basicAuth, createTestClient, type TestClient, tokenRequest } from '../helpers/tokens.js';

const BILLING_API = 'https://billing.example.test/api';
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The payload of a JWT, unverified (the signature is checked by the server and by oauth4webapi elsewhere). */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

describe('resource indicators (RFC 8707)', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;
  let integration: TestClient;
  let portal: SeededClient;
  const email = 'rhea@example.com';
  const graphqlResource = () => `${t.config.issuer}/graphql`;

  beforeAll(async () => {
    t = await startTestApp({ RESOURCES: `${BILLING_API}, https://reports.example.test` });
    integration = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    portal = await seedClient(t);
    await seedUser(t, email);
    await seedUser(t, 'consent-viewer@example.com');
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => t.close());

  const clientCredentials = (resource?: string) =>
    oauth.clientCredentialsGrantRequest(
      as,
      { client_id: integration.id },
      oauth.ClientSecretBasic(integration.secret!),
      resource === undefined ? { scope: 'orders.view' } : { scope: 'orders.view', resource },
      insecure,
    );

  it('names the configured resources in both metadata documents', async () => {
    expect(as.protected_resources).toEqual([graphqlResource(), BILLING_API, 'https://reports.example.test']);
    const resource = (await (await fetch(`${t.url}/.well-known/oauth-protected-resource`)).json()) as Record<string, unknown>;
    expect(resource.resource).toBe(graphqlResource());
  });

  it('aims a client-credentials token at another API: its aud, introspection agrees, /graphql refuses it', async () => {
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      { client_id: integration.id },
      await clientCredentials(BILLING_API),
    );
    expect(claimsOf(tokens.access_token).aud).toBe(BILLING_API);

    const graphql = await gql(t, tokens.access_token, '{ viewer { type } }');
    expect(graphql.status).toBe(401);
    expect(graphql.headers.get('www-authenticate')).toMatch(/error="invalid_token".*another resource/);

    const introspection = await fetch(`${t.url}/oauth/introspect`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(integration.id, integration.secret!),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokens.access_token }),
    });
    expect(await introspection.json()).toMatchObject({ active: true, aud: BILLING_API, client_id: integration.id });
  });

  it('a token aimed at the GraphQL resource, or at none, is accepted by /graphql', async () => {
    const aimed = await oauth.processClientCredentialsResponse(
      as,
      { client_id: integration.id },
      await clientCredentials(graphqlResource()),
    );
    expect(claimsOf(aimed.access_token).aud).toBe(graphqlResource());
    const plain = await oauth.processClientCredentialsResponse(as, { client_id: integration.id }, await clientCredentials());
    expect(claimsOf(plain.access_token).aud).toBe(t.config.tokenAudience);
    for (const token of [aimed.access_token, plain.access_token]) {
      const response = await gql(t, token, '{ viewer { type } }');
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ viewer: { type: 'CLIENT' } });
    }
  });

  it('refuses unknown, relative, fragment-bearing and repeated resources with invalid_target', async () => {
    const cases: [string | string[], RegExp][] = [
      ['https://unknown.example.test/api', /not an API this server issues tokens for/],
      ['/graphql', /absolute URI/],
      [`${BILLING_API}#part`, /without a fragment/],
      [[BILLING_API, 'https://reports.example.test'], /only one resource/],
    ];
    for (const [resource, description] of cases) {
      const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders.view' });
      for (const value of [resource].flat()) body.append('resource', value);
      const response = await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: basicAuth(integration.id, integration.secret!),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
      });
      await expectOAuthError(response, { status: 400, error: 'invalid_target', description });
    }
  });

  it('the consent screen names the API a resource-aimed request is for, and only then', async () => {
    const browser = new HttpBrowser();
    const { challenge } = pkcePair();
    const aimed = authorizeUrl(t, codeRequest(portal, challenge, { resource: BILLING_API }));
    const login = await (await browser.get(aimed)).text();
    await browser.submit(t.url, login, { username: 'consent-viewer@example.com', password: PASSWORD });
    const consent = await (await browser.get(aimed)).text();
    expect(consent).toContain('wants to access your account');
    expect(consent).toContain(`Access to the API at <strong>${BILLING_API}</strong>`);
    const plain = await (await browser.get(authorizeUrl(t, codeRequest(portal, challenge)))).text();
    expect(plain).toContain('wants to access your account');
    expect(plain).not.toContain('Access to the API');
  });

  it('carries the authorization request’s resource through the code and every refresh; another one is invalid_target', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await obtainCode(t, portal, { email, challenge, extra: { resource: BILLING_API } });
    const client: oauth.Client = { client_id: portal.id };
    const validated = oauth.validateAuthResponse(as, client, callback, 'st-123');

    const exchange = (resource: string) =>
      tokenRequest(t, {
        grant_type: 'authorization_code',
        client_id: portal.id,
        redirect_uri: portal.redirectUri,
        code: validated.get('code')!,
        code_verifier: verifier,
        resource,
      });
    // A refused resource leaves the code usable (it is checked before the claim).
    await expectOAuthError(await exchange('https://reports.example.test'), {
      status: 400,
      error: 'invalid_target',
      description: /differs from the one the grant was issued for/,
    });
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      validated,
      portal.redirectUri,
      verifier,
      {
        ...insecure,
        additionalParameters: { resource: BILLING_API },
      },
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(claimsOf(tokens.access_token).aud).toBe(BILLING_API);

    const widened = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
      ...insecure,
      additionalParameters: { resource: graphqlResource() },
    });
    await expectOAuthError(widened, { status: 400, error: 'invalid_target' });
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, insecure),
    );
    expect(claimsOf(refreshed.access_token).aud).toBe(BILLING_API);

    // Introspection of the refresh token names the API its access tokens are for.
    const auditor = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['manage_system'] });
    const introspected = await fetch(`${t.url}/oauth/introspect`, {
      method: 'POST',
      headers: { authorization: basicAuth(auditor.id, auditor.secret!), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshed.refresh_token!, token_type_hint: 'refresh_token' }),
    });
    expect(await introspected.json()).toMatchObject({ active: true, token_type: 'refresh_token', aud: BILLING_API });
  });

  it('a code from a request without a resource cannot be exchanged for a token aimed at another API', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await obtainCode(t, portal, { email, challenge });
    const response = await tokenRequest(t, {
      grant_type: 'authorization_code',
      client_id: portal.id,
      redirect_uri: portal.redirectUri,
      code: callback.get('code')!,
      code_verifier: verifier,
      resource: BILLING_API,
    });
    await expectOAuthError(response, { status: 400, error: 'invalid_target' });
  });

  it('an authorization request for an unknown resource goes back to the client as invalid_target', async () => {
    const browser = new HttpBrowser();
    const url = authorizeUrl(t, codeRequest(portal, pkcePair().challenge, { resource: 'https://unknown.example.test' }));
    const params = redirectParams(await browser.get(url));
    expect(params.get('error')).toBe('invalid_target');
    expect(params.get('state')).toBe('st-123');
  });

  it('RESOURCES must hold absolute URIs without fragments', () => {
    expect(loadConfig({ RESOURCES: 'https://a.example.test, https://b.example.test' }).resources).toEqual([
      'http://127.0.0.1:3000/graphql',
      'https://a.example.test',
      'https://b.example.test',
    ]);
    expect(() => loadConfig({ RESOURCES: 'relative/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ RESOURCES: 'https://a.example.test#x' })).toThrow(/RESOURCES/);
  });
});
