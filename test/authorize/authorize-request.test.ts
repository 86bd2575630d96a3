import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { authorizeUrl, codeRequest, pkcePair, type SeededClient, seedClient } from './fixtures.js';
import { redirectParams } from './http-browser.js';

/** RFC 6749 §4.1.2.1 in order: the client and its exact redirect URI, then everything else. */
describe('GET /oauth/authorize request validation', () => {
  let t: TestApp;
  let portal: SeededClient;
  let confidential: SeededClient;
  let credentialsOnly: SeededClient;
  let firstParty: SeededClient;
  const { challenge } = pkcePair();

  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedClient(t);
    confidential = await seedClient(t, {
      name: 'Billing backend',
      confidential: true,
      redirectUris: ['https://billing.example.test/cb?tenant=north'],
    });
    firstParty = await seedClient(t, {
      name: 'Admin',
      firstParty: true,
      allowedScopes: ['*'],
      redirectUris: ['https://admin.example.test/cb'],
    });
    credentialsOnly = await seedClient(t, {
      grantTypes: ['client_credentials'],
      confidential: true,
      redirectUris: ['https://ops.example.test/cb'],
    });
  });
  afterAll(() => t.close());

  async function expectErrorPage(url: string, text: RegExp) {
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).toMatch(text);
  }

  describe('an untrusted client or redirect URI: an error page with 400, never a redirect', () => {
    const cases: [string, (c: SeededClient) => Record<string, string | undefined>, RegExp][] = [
      ['client_id missing', (c) => ({ ...codeRequest(c, challenge), client_id: undefined }), /not name a registered application/],
      [
        'client_id not a UUID',
        (c) => codeRequest(c, challenge, { client_id: "x' or 1=1 --" }),
        /not name a registered application/,
      ],
      [
        'client_id unknown',
        (c) => codeRequest(c, challenge, { client_id: '00000000-0000-4000-8000-000000000000' }),
        /not registered/,
      ],
      ['redirect_uri missing', (c) => ({ ...codeRequest(c, challenge), redirect_uri: undefined }), /has not registered/],
      [
        'redirect_uri elsewhere',
        (c) => codeRequest(c, challenge, { redirect_uri: 'https://evil.example/callback' }),
        /has not registered/,
      ],
      [
        'redirect_uri with a trailing slash',
        (c) => codeRequest(c, challenge, { redirect_uri: `${c.redirectUri}/` }),
        /has not registered/,
      ],
      [
        'redirect_uri in other case',
        (c) => codeRequest(c, challenge, { redirect_uri: c.redirectUri.toUpperCase() }),
        /has not registered/,
      ],
      [
        'redirect_uri with extra query',
        (c) => codeRequest(c, challenge, { redirect_uri: `${c.redirectUri}?next=/` }),
        /has not registered/,
      ],
      [
        'redirect_uri percent-encoded',
        (c) => codeRequest(c, challenge, { redirect_uri: c.redirectUri.replace('/callback', '/%63allback') }),
        /has not registered/,
      ],
    ];
    for (const [name, params, text] of cases) {
      it(name, () => expectErrorPage(authorizeUrl(t, params(portal)), text));
    }

    it('client_id given twice', async () => {
      const url = `${authorizeUrl(t, codeRequest(portal, challenge))}&client_id=${portal.id}`;
      await expectErrorPage(url, /not name a registered application/);
    });

    it('redirect_uri given twice', async () => {
      const url = `${authorizeUrl(t, codeRequest(portal, challenge))}&redirect_uri=${encodeURIComponent(portal.redirectUri)}`;
      await expectErrorPage(url, /has not registered/);
    });

    it('a deleted client', async () => {
      const deleted = await seedClient(t, { name: 'Gone' });
      const em = t.orm.em.fork();
      await em.nativeUpdate(AppClient, { id: deleted.id }, { deletedAt: new Date() });
      await expectErrorPage(authorizeUrl(t, codeRequest(deleted, challenge)), /not registered/);
    });
  });

  describe('after the redirect URI is trusted: 303 back to it with error, error_description, state', () => {
    const cases: [string, () => [SeededClient, Record<string, string | undefined>], string, RegExp][] = [
      [
        'response_type missing',
        () => [portal, { ...codeRequest(portal, challenge), response_type: undefined }],
        'invalid_request',
        /response_type is required/,
      ],
      [
        'response_type=token',
        () => [portal, codeRequest(portal, challenge, { response_type: 'token' })],
        'unsupported_response_type',
        /only response_type=code/,
      ],
      [
        'a client without the grant',
        () => [credentialsOnly, codeRequest(credentialsOnly, challenge)],
        'unauthorized_client',
        /authorization code grant/,
      ],
      [
        'scope missing',
        () => [portal, { ...codeRequest(portal, challenge), scope: undefined }],
        'invalid_scope',
        /scope is required/,
      ],
      ['scope empty', () => [portal, codeRequest(portal, challenge, { scope: '   ' })], 'invalid_scope', /scope is required/],
      [
        'scope outside the allowed scopes',
        () => [portal, codeRequest(portal, challenge, { scope: 'orders.view.own users.delete' })],
        'invalid_scope',
        /users\.delete is not allowed/,
      ],
      [
        'scope * from a third-party client',
        () => [portal, codeRequest(portal, challenge, { scope: '*' })],
        'invalid_scope',
        /\* is not allowed/,
      ],
      [
        '* combined with other scopes',
        () => [firstParty, codeRequest(firstParty, challenge, { scope: '* orders.view.own' })],
        'invalid_scope',
        /cannot be combined/,
      ],
      [
        'scope with forbidden characters',
        () => [portal, codeRequest(portal, challenge, { scope: 'orders.view.own "x"' })],
        'invalid_scope',
        /characters/,
      ],
      [
        'public client without PKCE',
        () => [portal, { ...codeRequest(portal, challenge), code_challenge: undefined, code_challenge_method: undefined }],
        'invalid_request',
        /public clients must use PKCE/,
      ],
      [
        'code_challenge_method=plain',
        () => [portal, codeRequest(portal, challenge, { code_challenge_method: 'plain' })],
        'invalid_request',
        /must be S256 \(plain is not accepted\)/,
      ],
      [
        'code_challenge without a method (plain by default)',
        () => [portal, { ...codeRequest(portal, challenge), code_challenge_method: undefined }],
        'invalid_request',
        /code_challenge_method=S256 is required/,
      ],
      [
        'code_challenge_method without a challenge',
        () => [confidential, { ...codeRequest(confidential, challenge), code_challenge: undefined }],
        'invalid_request',
        /code_challenge is required/,
      ],
      ['a malformed code_challenge', () => [portal, codeRequest(portal, 'short')], 'invalid_request', /43 base64url characters/],
      [
        'a too long state',
        () => [portal, codeRequest(portal, challenge, { state: 'x'.repeat(2049) })],
        'invalid_request',
        /state must be at most 2048/,
      ],
      [
        'a state with a NUL character',
        () => [portal, codeRequest(portal, challenge, { state: 'st\u0000' })],
        'invalid_request',
        /state must not contain a NUL character/,
      ],
      [
        'a nonce with a NUL character',
        () => [portal, codeRequest(portal, challenge, { nonce: '\u0000' })],
        'invalid_request',
        /nonce must not contain a NUL character/,
      ],
      [
        'a login_hint with a NUL character',
        () => [portal, codeRequest(portal, challenge, { login_hint: 'ann\u0000@example.test' })],
        'invalid_request',
        /login_hint must not contain a NUL character/,
      ],
    ];
    const stateRefused = new Set(['a too long state', 'a state with a NUL character']);
    for (const [name, make, error, description] of cases) {
      it(`${name} → ${error}`, async () => {
        const [client, params] = make();
        const response = await fetch(authorizeUrl(t, params), { redirect: 'manual' });
        expect(response.status).toBe(303);
        expect(response.headers.get('cache-control')).toBe('no-store');
        const location = new URL(response.headers.get('location') ?? '');
        expect(`${location.origin}${location.pathname}`).toBe(client.redirectUri.split('?')[0]);
        const query = redirectParams(response);
        expect(query.get('error')).toBe(error);
        expect(query.get('error_description')).toMatch(description);
        expect(query.get('iss')).toBe(t.config.issuer);
        expect(query.get('code')).toBeNull();
        if (!stateRefused.has(name)) expect(query.get('state')).toBe(params.state ?? null);
        else expect(query.has('state')).toBe(false);
      });
    }

    it('a client with no allowed scopes listed may ask for any permission of the catalogue, not an unknown one', async () => {
      const open = await seedClient(t, { name: 'Unrestricted portal', allowedScopes: [] });
      const allowed = await fetch(authorizeUrl(t, codeRequest(open, challenge, { scope: 'users.view' })), { redirect: 'manual' });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toMatch(/<form/);
      const unknown = await fetch(authorizeUrl(t, codeRequest(open, challenge, { scope: 'no.such.permission' })), {
        redirect: 'manual',
      });
      expect(unknown.status).toBe(303);
      expect(redirectParams(unknown).get('error_description')).toMatch(/not a known permission/);
    });

    it('keeps the registered query parameters of the redirect URI', async () => {
      const response = await fetch(authorizeUrl(t, codeRequest(confidential, challenge, { response_type: 'token' })), {
        redirect: 'manual',
      });
      const query = redirectParams(response);
      expect(query.get('tenant')).toBe('north');
      expect(query.get('error')).toBe('unsupported_response_type');
    });

    it('a repeated parameter → invalid_request', async () => {
      const url = `${authorizeUrl(t, codeRequest(portal, challenge))}&scope=orders.view.own`;
      const query = redirectParams(await fetch(url, { redirect: 'manual' }));
      expect(query.get('error')).toBe('invalid_request');
      expect(query.get('error_description')).toBe('scope was given more than once');
      expect(query.get('state')).toBe('st-123');
    });

    it('a repeated state → invalid_request without echoing either', async () => {
      const url = `${authorizeUrl(t, codeRequest(portal, challenge))}&state=other`;
      const query = redirectParams(await fetch(url, { redirect: 'manual' }));
      expect(query.get('error')).toBe('invalid_request');
      expect(query.has('state')).toBe(false);
    });

    it('state with reserved characters comes back intact', async () => {
      const state = 'a b&c=d/é?#%25<script>';
      const query = redirectParams(
        await fetch(authorizeUrl(t, codeRequest(portal, challenge, { response_type: 'token', state })), { redirect: 'manual' }),
      );
      expect(query.get('state')).toBe(state);
    });
  });

  describe('malformed posts to the forms: a 4xx page, never a 5xx', () => {
    const cases: [string, string, string, number][] = [
      ['text/plain (a cross-site form can send it)', 'text/plain', 'csrf_token=x', 403],
      ['an unknown content type', 'application/xml', '<a/>', 415],
      ['a JSON array', 'application/json', '[1,2]', 403],
      ['truncated JSON', 'application/json', '{"csrf_token":', 400],
      ['an oversized form', 'application/x-www-form-urlencoded', `username=${'a'.repeat(200_000)}`, 413],
      ['an empty form', 'application/x-www-form-urlencoded', '', 403],
      ['repeated fields', 'application/x-www-form-urlencoded', 'csrf_token=a&csrf_token=b', 403],
    ];
    for (const path of ['/oauth/authorize/login', '/oauth/authorize']) {
      for (const [name, type, body, status] of cases) {
        it(`${path}: ${name} → ${status}`, async () => {
          const response = await fetch(`${t.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': type },
            body,
            redirect: 'manual',
          });
          const expected = path === '/oauth/authorize' && status === 403 ? 400 : status;
          expect(response.status).toBe(expected);
          expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
          expect(response.headers.get('x-frame-options')).toBe('DENY');
        });
      }
    }
  });

  it('a valid request without a session shows the login page', async () => {
    const response = await fetch(authorizeUrl(t, codeRequest(portal, challenge)), { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in to continue');
  });
});
