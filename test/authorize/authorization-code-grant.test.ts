import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/auth/principal.js';
import { sha256 } from '../../src/lib/secrets.js';
import { AccessToken } from '../../src/modules/token/access-token.entity.js';
import { AuthorizationCode } from '../../src/modules/token/authorization-code.entity.js';
import { User } from '../../src/modules/user/user.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { refreshRequest, tokenRequest } from '../helpers/tokens.js';
import { obtainCode, PORTAL_CALLBACK, pkcePair, type SeededClient, seedClient, seedUser } from './fixtures.js';

describe('POST /oauth/token grant_type=authorization_code', () => {
  let t: TestApp;
  let portal: SeededClient;
  let backend: SeededClient;
  const email = 'alice@example.com';

  beforeAll(async () => {
    t = await startTestApp();
    portal = await seedClient(t);
    backend = await seedClient(t, {
      name: 'Billing backend',
      confidential: true,
      redirectUris: ['https://billing.example.test/cb'],
    });
    await seedUser(t, email, ['orders.view.own', 'customers.view.own', 'users.view']);
  });
  afterAll(() => t.close());

  const as = (): oauth.AuthorizationServer => ({
    issuer: t.config.issuer,
    authorization_endpoint: `${t.url}/oauth/authorize`,
    token_endpoint: `${t.url}/oauth/token`,
    authorization_response_iss_parameter_supported: true,
  });
  const insecure = () => ({ [oauth.allowInsecureRequests]: true });

  function exchange(client: SeededClient, fields: Record<string, string | undefined>) {
    const params: Record<string, string> = {
      grant_type: 'authorization_code',
      client_id: client.id,
      redirect_uri: client.redirectUri,
    };
    if (client.secret) params.client_secret = client.secret;
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) delete params[name];
      else params[name] = value;
    }
    return tokenRequest(t, params);
  }

  it('exchanges a code with PKCE through oauth4webapi (public client); effective permissions = user’s ∩ granted scopes', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await obtainCode(t, portal, { email, challenge, scope: 'orders.view.own' });
    const client: oauth.Client = { client_id: portal.id };
    const validated = oauth.validateAuthResponse(as(), client, callback, 'st-123');
    const response = await oauth.authorizationCodeGrantRequest(
      as(),
      client,
      oauth.None(),
      validated,
      PORTAL_CALLBACK,
      verifier,
      insecure(),
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = await oauth.processAuthorizationCodeResponse(as(), client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('orders.view.own');
    expect(tokens.refresh_token).toBeTruthy();

    const principal = await t.app.services.authenticator.authenticate(`Bearer ${tokens.access_token}`);
    expect(principal.type).toBe('user');
    expect(principal.clientId).toBe(portal.id);
    expect([...principal.permissions]).toEqual(['orders.view.own']);
    const record = await t.orm.em.fork().findOneOrFail(AccessToken, { id: principal.tokenId });
    expect(record.grantType).toBe('authorization_code');
    expect(record.authorizationCodeId).toBeTruthy();
  });

  it('a confidential client authenticates with client_secret_basic', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await obtainCode(t, backend, { email, challenge });
    const client: oauth.Client = { client_id: backend.id };
    const validated = oauth.validateAuthResponse(as(), client, callback, 'st-123');
    const response = await oauth.authorizationCodeGrantRequest(
      as(),
      client,
      oauth.ClientSecretBasic(backend.secret as string),
      validated,
      backend.redirectUri,
      verifier,
      insecure(),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as(), client, response);
    expect(tokens.scope).toBe('orders.view.own customers.view.own');
  });

  it('a confidential client without PKCE may exchange without a verifier', async () => {
    const callback = await obtainCode(t, backend, { email, challenge: null });
    const response = await exchange(backend, { code: callback.get('code') ?? '' });
    expect(response.status).toBe(200);
  });

  describe('refusals (RFC 6749 §5.2 invalid_grant unless said otherwise)', () => {
    it('PKCE downgrade: a code_verifier for a code issued without a challenge', async () => {
      const callback = await obtainCode(t, backend, { email, challenge: null });
      await expectOAuthError(await exchange(backend, { code: callback.get('code') ?? '', code_verifier: pkcePair().verifier }), {
        status: 400,
        error: 'invalid_grant',
        description: /no code_challenge/,
      });
    });

    it('no code_verifier for a code issued with a challenge', async () => {
      const callback = await obtainCode(t, portal, { email });
      await expectOAuthError(await exchange(portal, { code: callback.get('code') ?? '' }), {
        status: 400,
        error: 'invalid_grant',
        description: /code_verifier is required/,
      });
    });

    it('a wrong code_verifier', async () => {
      const callback = await obtainCode(t, portal, { email });
      await expectOAuthError(await exchange(portal, { code: callback.get('code') ?? '', code_verifier: pkcePair().verifier }), {
        status: 400,
        error: 'invalid_grant',
        description: /does not match the code_challenge/,
      });
    });

    it('a malformed code_verifier → invalid_request', async () => {
      const callback = await obtainCode(t, portal, { email });
      await expectOAuthError(await exchange(portal, { code: callback.get('code') ?? '', code_verifier: 'short' }), {
        status: 400,
        error: 'invalid_request',
        description: /43 to 128/,
      });
    });

    it('an unknown code, and a missing one', async () => {
      await expectOAuthError(await exchange(portal, { code: 'x'.repeat(43), code_verifier: pkcePair().verifier }), {
        status: 400,
        error: 'invalid_grant',
        description: /invalid/,
      });
      await expectOAuthError(await exchange(portal, { code: undefined }), {
        status: 400,
        error: 'invalid_request',
        description: /code/,
      });
    });

    it('a code issued to another client', async () => {
      const { verifier, challenge } = pkcePair();
      const callback = await obtainCode(t, portal, { email, challenge });
      const response = await exchange(backend, {
        code: callback.get('code') ?? '',
        code_verifier: verifier,
        redirect_uri: portal.redirectUri,
      });
      await expectOAuthError(response, { status: 400, error: 'invalid_grant', description: /another client/ });
    });

    it('a redirect_uri other than the authorization request’s, or none', async () => {
      const { verifier, challenge } = pkcePair();
      const code = (await obtainCode(t, portal, { email, challenge })).get('code') ?? '';
      for (const redirect of ['https://portal.example.test/other', undefined]) {
        await expectOAuthError(await exchange(portal, { code, code_verifier: verifier, redirect_uri: redirect }), {
          status: 400,
          error: 'invalid_grant',
          description: /redirect_uri/,
        });
      }
    });

    it('an expired code (60 s)', async () => {
      const { verifier, challenge } = pkcePair();
      const code = (await obtainCode(t, portal, { email, challenge })).get('code') ?? '';
      await t.orm.em
        .fork()
        .nativeUpdate(AuthorizationCode, { codeHash: sha256(code) }, { expiresAt: new Date(Date.now() - 1000) });
      await expectOAuthError(await exchange(portal, { code, code_verifier: verifier }), {
        status: 400,
        error: 'invalid_grant',
        description: /expired/,
      });
    });

    it('a code of a user disabled since', async () => {
      await seedUser(t, 'carol@example.com');
      const { verifier, challenge } = pkcePair();
      const code = (await obtainCode(t, portal, { email: 'carol@example.com', challenge })).get('code') ?? '';
      await t.orm.em.fork().nativeUpdate(User, { email: 'carol@example.com' }, { disabled: true });
      await t.app.services.invalidation.publish({
        kind: 'user',
        id: (await t.orm.em.fork().findOneOrFail(User, { email: 'carol@example.com' })).id,
      });
      await expectOAuthError(await exchange(portal, { code, code_verifier: verifier }), {
        status: 400,
        error: 'invalid_grant',
        description: /disabled/,
      });
    });

    it('a public client cannot use another client’s id with a secret-less exchange of a confidential code', async () => {
      const callback = await obtainCode(t, backend, { email, challenge: null });
      const response = await tokenRequest(t, {
        grant_type: 'authorization_code',
        client_id: backend.id,
        code: callback.get('code') ?? '',
        redirect_uri: backend.redirectUri,
      });
      await expectOAuthError(response, { status: 401, error: 'invalid_client' });
    });
  });

  it('a reused code is refused and every token issued from it is revoked, refresh tokens included', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await obtainCode(t, portal, { email, challenge })).get('code') ?? '';
    const first = await exchange(portal, { code, code_verifier: verifier });
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as { access_token: string; refresh_token: string };
    await t.app.services.authenticator.authenticate(`Bearer ${tokens.access_token}`);

    await expectOAuthError(await exchange(portal, { code, code_verifier: verifier }), {
      status: 400,
      error: 'invalid_grant',
      description: /already used/,
    });
    await expect(t.app.services.authenticator.authenticate(`Bearer ${tokens.access_token}`)).rejects.toSatisfy(
      (error: unknown) => error instanceof AuthenticationError && error.reason === 'revoked',
    );
    const refresh = await refreshRequest(t, { id: portal.id, secret: null }, tokens.refresh_token);
    await expectOAuthError(refresh, { status: 400, error: 'invalid_grant' });
  });

  it('a code replayed after a refresh also revokes the rotated tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await obtainCode(t, portal, { email, challenge })).get('code') ?? '';
    const first = (await (await exchange(portal, { code, code_verifier: verifier })).json()) as { refresh_token: string };
    const rotated = await refreshRequest(t, { id: portal.id, secret: null }, first.refresh_token);
    const successor = (await rotated.json()) as { access_token: string };
    expect(rotated.status).toBe(200);
    expect((await exchange(portal, { code, code_verifier: verifier })).status).toBe(400);
    await expect(t.app.services.authenticator.authenticate(`Bearer ${successor.access_token}`)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('8 concurrent exchanges of one code: exactly one succeeds and its tokens end revoked', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await obtainCode(t, portal, { email, challenge })).get('code') ?? '';
    const responses = await Promise.all(Array.from({ length: 8 }, () => exchange(portal, { code, code_verifier: verifier })));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
    const winner = (await responses.find((response) => response.status === 200)?.json()) as { access_token: string };
    await expect(t.app.services.authenticator.authenticate(`Bearer ${winner.access_token}`)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });
});
