import 'reflect-metadata';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientCreateArgs } from '../../src/cli/commands/client-create.js';
import { authorizeUrl, codeRequest, PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from '../authorize/fixtures.js';
import { HttpBrowser, redirectParams } from '../authorize/http-browser.js';
import { createCallers } from '../graphql/callers.js';
import { dataOf, gql } from '../graphql/graphql-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe('pushed authorization requests (RFC 9126)', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;
  let portal: SeededClient;
  let backend: SeededClient;
  let strict: SeededClient;
  const email = 'par@example.com';

  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedClient(t);
    backend = await seedClient(t, { name: 'Billing', confidential: true, redirectUris: ['https://billing.example.test/cb'] });
    strict = await seedClient(t, {
      name: 'Bank',
      redirectUris: ['https://bank.example.test/cb'],
      requirePushedAuthorizationRequests: true,
      firstParty: true,
    });
    await seedUser(t, email);
    const issuer = new URL(t.config.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => t.close());

  const push = (client: SeededClient, auth: oauth.ClientAuth, params: Record<string, string>) =>
    oauth.pushedAuthorizationRequest(as, { client_id: client.id }, auth, params, insecure);
  const pushFor = (client: SeededClient, challenge: string) =>
    push(client, client.secret ? oauth.ClientSecretBasic(client.secret) : oauth.None(), {
      response_type: 'code',
      redirect_uri: client.redirectUri,
      scope: 'orders.view.own',
      state: 'st-par',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
  const byReference = (client: SeededClient, requestUri: string) =>
    authorizeUrl(t, { client_id: client.id, request_uri: requestUri });

  /** Signs in (and allows, if asked) in a fresh browser; returns the final response. */
  async function signIn(url: string): Promise<Response> {
    const browser = new HttpBrowser();
    const login = await browser.get(url);
    expect(login.status, await login.clone().text()).toBe(200);
    await browser.submit(t.url, await login.text(), { username: email, password: PASSWORD });
    const next = await browser.get(url);
    if (next.status !== 200) return next;
    return browser.submit(t.url, await next.text(), { decision: 'allow' });
  }

  it('advertises the endpoint; per-client requirement, so not required server-wide', () => {
    expect(as.pushed_authorization_request_endpoint).toBe(`${t.config.issuer}/oauth/par`);
    expect(as.require_pushed_authorization_requests).toBe(false);
  });

  it('pushes, authorizes by request_uri and exchanges the code through oauth4webapi; the request_uri then is spent', async () => {
    const { verifier, challenge } = pkcePair();
    const response = await pushFor(portal, challenge);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pushed = await oauth.processPushedAuthorizationResponse(as, { client_id: portal.id }, response);
    expect(pushed.expires_in).toBe(60);
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);

    // Parameters in the URL besides client_id and request_uri are ignored (§4).
    const url = `${byReference(portal, pushed.request_uri)}&scope=customers.view.own&redirect_uri=https%3A%2F%2Fevil.example.test`;
    const params = oauth.validateAuthResponse(as, { client_id: portal.id }, redirectParams(await signIn(url)), 'st-par');
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      { client_id: portal.id },
      await oauth.authorizationCodeGrantRequest(
        as,
        { client_id: portal.id },
        oauth.None(),
        params,
        portal.redirectUri,
        verifier,
        insecure,
      ),
    );
    expect(tokens.scope).toBe('orders.view.own');

    const again = await new HttpBrowser().get(byReference(portal, pushed.request_uri));
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/expired or already used/);
  });

  it('a confidential client authenticates to push; a wrong secret is invalid_client', async () => {
    const ok = await pushFor(backend, pkcePair().challenge);
    expect(ok.status).toBe(201);
    const wrong = await push(backend, oauth.ClientSecretBasic('not-the-secret'), {
      response_type: 'code',
      redirect_uri: backend.redirectUri,
    });
    await expectOAuthError(wrong, { status: 401, error: 'invalid_client' });
  });

  it('refuses a request_uri used by another client, an unknown one and an expired one', async () => {
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      { client_id: portal.id },
      await pushFor(portal, pkcePair().challenge),
    );
    const browser = new HttpBrowser();
    for (const url of [
      byReference(backend, pushed.request_uri),
      byReference(portal, 'urn:ietf:params:oauth:request_uri:unknown'),
      byReference(portal, 'https://elsewhere.example.test/request'),
    ]) {
      const response = await browser.get(url);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/expired or already used/);
    }
    await t.orm.em
      .fork()
      .getConnection()
      .execute("update pushed_authorization_request set expires_at = now() - interval '1 second'");
    expect((await browser.get(byReference(portal, pushed.request_uri))).status).toBe(400);
  });

  it('checks the pushed parameters as the authorization endpoint would, answering JSON errors', async () => {
    const base = {
      response_type: 'code',
      redirect_uri: portal.redirectUri,
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    };
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...base, redirect_uri: 'https://evil.example.test/cb' }, 'invalid_request', /redirect/i],
      [{ response_type: 'code', redirect_uri: portal.redirectUri, scope: 'orders.view.own' }, 'invalid_request', /PKCE/],
      [{ ...base, response_type: 'token' }, 'unsupported_response_type', /code/],
      [{ ...base, scope: 'manage_system' }, 'invalid_scope', /./],
      [{ ...base, resource: 'https://unknown.example.test' }, 'invalid_target', /resource/],
      [{ ...base, request_uri: 'urn:ietf:params:oauth:request_uri:x' }, 'invalid_request', /must not be pushed/],
      [{ ...base, client_id: backend.id }, 'invalid_request', /does not match/],
    ];
    for (const [params, error, description] of cases) {
      const body = new URLSearchParams({ client_id: portal.id, ...params });
      if (params.client_id) body.set('client_id', params.client_id);
      const response = await fetch(`${t.url}/oauth/par`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      // A client_id of a confidential client without its secret fails authentication first.
      if (params.client_id === backend.id) {
        await expectOAuthError(response, { status: 401, error: 'invalid_client' });
        continue;
      }
      await expectOAuthError(response, { status: 400, error, description });
    }
  });

  it('a client with requirePushedAuthorizationRequests is refused a plain request, served a pushed one', async () => {
    const plain = await new HttpBrowser().get(authorizeUrl(t, codeRequest(strict, pkcePair().challenge)));
    const refused = redirectParams(plain);
    expect(refused.get('error')).toBe('invalid_request');
    expect(refused.get('error_description')).toMatch(/must push/);

    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      { client_id: strict.id },
      await pushFor(strict, pkcePair().challenge),
    );
    const callback = redirectParams(await signIn(byReference(strict, pushed.request_uri)));
    expect(callback.get('code')).toBeTruthy();
    expect(callback.get('state')).toBe('st-par');
  });

  it('is set through GraphQL (createAppClient, updateAppClient) and the CLI (--require-par)', async () => {
    const callers = await createCallers(t);
    const created = dataOf(
      await gql(
        t,
        callers.admin.token,
        `mutation ($input: CreateAppClientInput!) { createAppClient(input: $input) { appClient { id requirePushedAuthorizationRequests } } }`,
        {
          input: {
            name: 'FAPI app',
            grantTypes: ['AUTHORIZATION_CODE'],
            redirectUris: ['https://fapi.example.test/cb'],
            requirePushedAuthorizationRequests: true,
          },
        },
      ),
    );
    const { id, requirePushedAuthorizationRequests } = created.createAppClient.appClient;
    expect(requirePushedAuthorizationRequests).toBe(true);
    const updated = dataOf(
      await gql(
        t,
        callers.admin.token,
        `mutation ($id: ID!) { updateAppClient(id: $id, input: { requirePushedAuthorizationRequests: false }) { requirePushedAuthorizationRequests } }`,
        { id },
      ),
    );
    expect(updated.updateAppClient.requirePushedAuthorizationRequests).toBe(false);

    const args = ['--name', 'CLI app', '--grant', 'authorization_code', '--redirect-uri', 'https://cli.example.test/cb'];
    expect(parseClientCreateArgs([...args, '--require-par']).input.requirePushedAuthorizationRequests).toBe(true);
    expect(parseClientCreateArgs(args).input.requirePushedAuthorizationRequests).toBe(false);
  });
});
