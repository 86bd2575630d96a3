import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../src/modules/customer/customer.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { basicAuth, clientCredentialsToken } from '../helpers/tokens.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, gql } from './graphql-client.js';

/** PRODUCT §5: no or a bad Bearer token → 401 with an RFC 6750 challenge, before anything executes. */
describe('POST /graphql authentication', () => {
  let t: TestApp;
  let callers: Callers;
  let metadata: string;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    metadata = `resource_metadata="${t.config.issuer}/.well-known/oauth-protected-resource"`;
  });
  afterAll(() => t.close());

  const CREATE = 'mutation { createCustomer(input: { name: "Should not exist" }) { id } }';

  async function expectRefused(token: string | null, reason: string, headers: Record<string, string> = {}) {
    const response = await gql(t, token, CREATE, undefined, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const challenge = response.headers.get('www-authenticate');
    if (reason === 'missing_token') {
      // Both schemes are offered: Bearer, and DPoP with its algorithms (RFC 9449 §7.1).
      expect(challenge).toMatch(new RegExp(`^Bearer realm="core-api", ${escapeRegExp(metadata)}, DPoP algs="ES256 [^"]+"$`));
    } else {
      expect(challenge).toMatch(
        new RegExp(`^Bearer realm="core-api", error="invalid_token", error_description="[^"]+", ${escapeRegExp(metadata)}$`),
      );
    }
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason } }]);
    // Nothing executed: the mutation created no customer.
    expect(await t.orm.em.fork().count(Customer, { name: 'Should not exist' })).toBe(0);
  }

  it('refuses a request without a token', async () => {
    await expectRefused(null, 'missing_token');
  });

  it('refuses a header that is not a Bearer token', async () => {
    await expectRefused(null, 'malformed_token', { authorization: basicAuth('a', 'b') });
    await expectRefused(null, 'malformed_token', { authorization: 'Bearer two words' });
  });

  it('refuses a token that is not a signed JWT of this server', async () => {
    await expectRefused('not.a.jwt', 'malformed_token');
    const [header, payload] = callers.admin.token.split('.');
    await expectRefused(`${header}.${payload}.${'A'.repeat(342)}`, 'invalid_signature');
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await t.app.services.keys.sign({
      jti: randomUUID(),
      sub: callers.integration.client.id,
      clientId: callers.integration.client.id,
      scopes: ['customers.view'],
      issuedAt: past,
      expiresAt: past + 3600,
    });
    await expectRefused(expired, 'expired');
  });

  it('refuses a token revoked at the revocation endpoint from the next request on', async () => {
    const { client } = callers.integration;
    const { access_token } = await clientCredentialsToken(t, client.id, client.secret!);
    expect(dataOf(await gql(t, access_token, '{ viewer { type } }'))).toEqual({ viewer: { type: 'CLIENT' } });
    const revoke = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
      body: new URLSearchParams({ token: access_token }),
    });
    expect(revoke.status).toBe(200);
    await expectRefused(access_token, 'revoked');
  });

  it('lets a valid token through to execution', async () => {
    const response = await gql(t, callers.admin.token, CREATE.replace('Should not exist', 'Created with a token'));
    expect(dataOf(response).createCustomer.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
