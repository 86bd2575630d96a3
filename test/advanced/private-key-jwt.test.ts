import 'reflect-metadata';
import { createPrivateKey, randomUUID, sign, webcrypto } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientCreateArgs } from '../../src/cli/commands/client-create.js';
import { createCallers } from '../graphql/callers.js';
import { dataOf, gql } from '../graphql/graphql-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { basicAuth, createTestClient, type TestClient } from '../helpers/tokens.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface KeyPair {
  privateKey: webcrypto.CryptoKey;
  publicJwk: webcrypto.JsonWebKey & { kid: string };
  privateJwk: webcrypto.JsonWebKey;
}

async function es256Pair(): Promise<KeyPair> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const kid = randomUUID();
  const publicJwk = { ...(await webcrypto.subtle.exportKey('jwk', pair.publicKey)), kid };
  return { privateKey: pair.privateKey, publicJwk, privateJwk: await webcrypto.subtle.exportKey('jwk', pair.privateKey) };
}

/** A compact ES256 JWS signed with node:crypto, so a test can say anything an attacker would. */
function es256(pair: KeyPair, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const key = createPrivateKey({ key: pair.privateJwk as never, format: 'jwk' });
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

describe('private_key_jwt client authentication (RFC 7523)', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;
  let keys: KeyPair;
  let integration: TestClient;
  let secretClient: TestClient;

  beforeAll(async () => {
    // Every refused assertion counts as a failed authentication: room for the whole attack list.
    t = await startTestApp({ RATE_LIMIT_MAX_FAILURES: '100' });
    keys = await es256Pair();
    integration = await createTestClient(t, {
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [keys.publicJwk as { kty: 'EC' }] },
      permissions: ['orders.view'],
    });
    secretClient = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => t.close());

  const client = (): oauth.Client => ({ client_id: integration.id });
  const auth = () => oauth.PrivateKeyJwt({ key: keys.privateKey, kid: keys.publicJwk.kid });
  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: integration.id,
      sub: integration.id,
      aud: t.config.issuer,
      iat: now,
      exp: now + 60,
      jti: randomUUID(),
      ...overrides,
    };
  };
  const withAssertion = (assertion: string, extra: Record<string, string> = {}) =>
    fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion,
        ...extra,
      }),
    });

  it('advertises private_key_jwt and its algorithms', () => {
    expect(as.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS256', 'PS256', 'ES256', 'EdDSA']);
  });

  it('a client with registered keys has no secret and authenticates through oauth4webapi at token, introspection, revocation and PAR', async () => {
    expect(integration.secret).toBeNull();
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client(),
      await oauth.clientCredentialsGrantRequest(as, client(), auth(), { scope: 'orders.view' }, insecure),
    );
    expect(tokens.scope).toBe('orders.view');
    const introspected = await oauth.processIntrospectionResponse(
      as,
      client(),
      await oauth.introspectionRequest(as, client(), auth(), tokens.access_token, insecure),
    );
    expect(introspected).toMatchObject({ active: true, client_id: integration.id });
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client(), auth(), tokens.access_token, insecure));
    const after = await oauth.processIntrospectionResponse(
      as,
      client(),
      await oauth.introspectionRequest(as, client(), auth(), tokens.access_token, insecure),
    );
    expect(after.active).toBe(false);
    // PAR authenticates the same way (the request is then refused for what it asks, not for who asks: no such redirect URI).
    const par = await oauth.pushedAuthorizationRequest(
      as,
      client(),
      auth(),
      { response_type: 'code', redirect_uri: 'https://x.example.test/cb' },
      insecure,
    );
    await expectOAuthError(par, { status: 400, error: 'invalid_request', description: /redirect address/ });
  });

  it('refuses a reused assertion, even to another endpoint', async () => {
    const assertion = es256(keys, { alg: 'ES256', kid: keys.publicJwk.kid }, claims());
    expect((await withAssertion(assertion)).status).toBe(200);
    await expectOAuthError(await withAssertion(assertion), { status: 401, error: 'invalid_client' });
  });

  it('refuses assertions that are wrong in any one way', async () => {
    const other = await es256Pair();
    const header = { alg: 'ES256', kid: keys.publicJwk.kid };
    const bad: [string, string][] = [
      ['signed by another key', es256(other, { alg: 'ES256', kid: keys.publicJwk.kid }, claims())],
      ['iss is another client', es256(keys, header, claims({ iss: secretClient.id }))],
      ['sub is another client', es256(keys, header, claims({ sub: secretClient.id, iss: secretClient.id }))],
      ['aud is someone else', es256(keys, header, claims({ aud: 'https://other.example.test' }))],
      ['expired', es256(keys, header, claims({ exp: Math.floor(Date.now() / 1000) - 60 }))],
      ['exp an hour ahead', es256(keys, header, claims({ exp: Math.floor(Date.now() / 1000) + 3600 }))],
      ['no jti', es256(keys, header, claims({ jti: undefined }))],
      [
        'alg none',
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`,
      ],
      ['alg HS256', es256(keys, { alg: 'HS256', kid: keys.publicJwk.kid }, claims())],
      ['not a JWT', 'not-a-jwt'],
    ];
    for (const [why, assertion] of bad) {
      const response = await withAssertion(assertion);
      expect(response.status, why).toBe(401);
      await expectOAuthError(response, { status: 401, error: 'invalid_client' });
    }
  });

  it('refuses mixing methods and a wrong assertion type; a secret client cannot use an assertion, nor the key client a secret', async () => {
    const assertion = es256(keys, { alg: 'ES256', kid: keys.publicJwk.kid }, claims());
    await expectOAuthError(await withAssertion(assertion, { client_assertion_type: 'urn:example:saml' }), {
      status: 400,
      error: 'invalid_request',
      description: /client_assertion_type/,
    });
    await expectOAuthError(await withAssertion(assertion, { client_id: secretClient.id }), {
      status: 400,
      error: 'invalid_request',
    });
    const mixed = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(integration.id, 'x'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion,
      }),
    });
    await expectOAuthError(mixed, { status: 400, error: 'invalid_request' });
    const forSecretClient = es256(keys, { alg: 'ES256' }, claims({ iss: secretClient.id, sub: secretClient.id }));
    await expectOAuthError(await withAssertion(forSecretClient), { status: 401, error: 'invalid_client' });
    const withSecret = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(integration.id, 'guessed'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    await expectOAuthError(withSecret, { status: 401, error: 'invalid_client' });
  });

  it('is registered through GraphQL and the CLI; private keys and missing keys are refused', async () => {
    const callers = await createCallers(t);
    const create = (input: Record<string, unknown>) =>
      gql(
        t,
        callers.admin.token,
        'mutation ($input: CreateAppClientInput!) { createAppClient(input: $input) { clientSecret appClient { tokenEndpointAuthMethod jwks } } }',
        { input: { name: 'Agent', grantTypes: ['CLIENT_CREDENTIALS'], ...input } },
      );
    const jwks = JSON.stringify({ keys: [keys.publicJwk] });
    const created = dataOf(await create({ tokenEndpointAuthMethod: 'private_key_jwt', jwks }));
    expect(created.createAppClient.clientSecret).toBeNull();
    expect(created.createAppClient.appClient.tokenEndpointAuthMethod).toBe('private_key_jwt');
    expect(JSON.parse(created.createAppClient.appClient.jwks)).toEqual({ keys: [keys.publicJwk] });
    for (const input of [
      { tokenEndpointAuthMethod: 'private_key_jwt' },
      { tokenEndpointAuthMethod: 'private_key_jwt', jwks: JSON.stringify({ keys: [keys.privateJwk] }) },
      { tokenEndpointAuthMethod: 'private_key_jwt', jwks: '{not json' },
      { tokenEndpointAuthMethod: 'none' },
    ]) {
      const refused = await create(input);
      expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect(() =>
      parseClientCreateArgs(['--name', 'x', '--grant', 'client_credentials', '--token-endpoint-auth-method', 'private_key_jwt']),
    ).toThrow(/jwks/);
    expect(() =>
      parseClientCreateArgs(['--name', 'x', '--grant', 'client_credentials', '--jwks-file', '/nonexistent/jwks.json']),
    ).toThrow(/cannot be read/);
  });
});
