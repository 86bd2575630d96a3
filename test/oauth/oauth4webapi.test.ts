import 'reflect-metadata';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, createTestUser, type TestClient, type TestUser } from '../helpers/tokens.js';

/** The loopback test server speaks http; oauth4webapi insists on https unless told. */
const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe('the authorization server through oauth4webapi', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;
  let integration: TestClient;
  let portal: TestClient;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    integration = await createTestClient(t, {
      grantTypes: ['client_credentials'],
      permissions: ['orders.view', 'orders.create'],
    });
    portal = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    user = await createTestUser(t, { permissions: ['customers.view'] });
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => t.close());

  it('discovers RFC 8414 metadata that validates and names every endpoint', () => {
    expect(as).toMatchObject({
      issuer: t.config.issuer,
      token_endpoint: `${t.config.issuer}/oauth/token`,
      revocation_endpoint: `${t.config.issuer}/oauth/revoke`,
      introspection_endpoint: `${t.config.issuer}/oauth/introspect`,
      jwks_uri: `${t.config.issuer}/.well-known/jwks.json`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(as.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'password', 'refresh_token']));
    expect(as.scopes_supported).toEqual(expect.arrayContaining(['manage_system', 'orders.view', '*']));
  });

  it('gets a client-credentials token, which validates as an RFC 9068 JWT against the JWKS', async () => {
    const client: oauth.Client = { client_id: integration.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(integration.secret!),
      { scope: 'orders.view' },
      insecure,
    );
    const tokens = await oauth.processClientCredentialsResponse(as, client, response);
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'orders.view', expires_in: 3600 });

    const request = new Request(`${t.config.issuer}/graphql`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(as, request, t.config.tokenAudience, {
      ...insecure,
      signingAlgorithms: ['RS256'],
    });
    expect(claims).toMatchObject({ client_id: integration.id, sub: integration.id, scope: 'orders.view', iss: t.config.issuer });
  });

  it('runs password → refresh (rotated) → introspect → revoke → introspect', async () => {
    const client: oauth.Client = { client_id: portal.id };
    const auth = oauth.ClientSecretPost(portal.secret!);
    const first = await oauth.processGenericTokenEndpointResponse(
      as,
      client,
      await oauth.genericTokenEndpointRequest(
        as,
        client,
        auth,
        'password',
        { username: user.email, password: user.password },
        insecure,
      ),
    );
    expect(first.refresh_token).toBeTruthy();

    const second = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, insecure),
    );
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const introspect = async (token: string) =>
      oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token, insecure));
    expect(await introspect(second.access_token)).toMatchObject({ active: true, client_id: portal.id, sub: user.id, scope: '*' });
    expect(await introspect(second.refresh_token!)).toMatchObject({ active: true, token_type: 'refresh_token', sub: user.id });
    expect(await introspect(first.refresh_token!)).toEqual({ active: false });

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, second.access_token, insecure));
    expect(await introspect(second.access_token)).toEqual({ active: false });
    expect(await introspect(second.refresh_token!)).toMatchObject({ active: true });

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, second.refresh_token!, {
        ...insecure,
        additionalParameters: { token_type_hint: 'refresh_token' },
      }),
    );
    expect(await introspect(second.refresh_token!)).toEqual({ active: false });
  });

  it('surfaces RFC 6749 errors as ResponseBodyError', async () => {
    const client: oauth.Client = { client_id: integration.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(integration.secret!),
      { scope: 'users.delete' },
      insecure,
    );
    const failure = await oauth.processClientCredentialsResponse(as, client, response).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(oauth.ResponseBodyError);
    expect(failure).toMatchObject({ status: 400, error: 'invalid_scope' });
  });

  it('publishes RFC 9728 metadata for the GraphQL resource and the JWKS with thumbprint kids', async () => {
    const resource = await (await fetch(`${t.url}/.well-known/oauth-protected-resource`)).json();
    expect(resource).toMatchObject({
      resource: `${t.config.issuer}/graphql`,
      authorization_servers: [t.config.issuer],
      bearer_methods_supported: ['header'],
    });
    expect(await (await fetch(`${t.url}/.well-known/oauth-protected-resource/graphql`)).json()).toEqual(resource);
    const jwks = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: t.app.services.keys.kid });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
