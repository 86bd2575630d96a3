import 'reflect-metadata';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { createClient } from '../../src/modules/client/client.service.js';
import { User } from '../../src/modules/user/user.entity.js';
import { type AuthorizeFixture, createAuthorizeFixture } from './support/authorize-fixture.js';
import { describeResponse, expectNoServerError, expectOAuthRefusal, expectSafePage } from './support/checks.js';
import { encodedBody, headersFor } from './support/encoding.js';
import { type CaseOutcome, fuzzRoute } from './support/fuzz-run.js';
import { fieldValue, hostileString } from './support/hostile.js';
import { extraFields, remoteAddress } from './support/oauth-arbitraries.js';

const CASES = 1500;
const SIGNED_OUT = 'https://portal.example.test/signed-out';

/**
 * The OpenID Connect endpoints under generated input. `/oauth/logout`: no 5xx; a redirect
 * goes only to a post-logout URI registered, character for character, by the client the
 * request names; anything else is one of our pages; a refused request ends nothing.
 * `/oauth/userinfo`: no 5xx; claims only for a live user token granted openid, otherwise
 * an RFC 6750 refusal with its challenge; it never writes.
 */
describe('fuzzing the OpenID Connect endpoints', () => {
  let f: AuthorizeFixture;
  let tokens: { openid: string; plain: string };
  let expiredHint: string;
  beforeAll(async () => {
    f = await createAuthorizeFixture();
    await createClient(f.t.orm.em.fork(), {
      name: 'Logout portal',
      grantTypes: ['authorization_code'],
      redirectUris: ['https://portal.example.test/callback'],
      postLogoutRedirectUris: [SIGNED_OUT],
    });
    await f.t.orm.em.fork().nativeUpdate(AppClient, { id: f.portal.id }, { postLogoutRedirectUris: [SIGNED_OUT] });
    const user = await f.t.orm.em.fork().findOneOrFail(User, { email: f.email });
    const issue = (scopes: string[]) =>
      f.t.app.services.tokens.issue(f.t.orm.em.fork(), {
        client: { id: f.portal.id },
        userId: user.id,
        scopes,
        grantType: 'authorization_code',
      });
    tokens = {
      openid: (await issue(['openid', 'email'])).response.access_token,
      plain: (await issue(['orders.view.own'])).response.access_token,
    };
    expiredHint = await f.t.app.services.keys.signIdToken({
      sub: user.id,
      clientId: f.portal.id,
      authTime: 1,
      expiresAt: 2,
    });
  });
  afterAll(() => f?.t.close());

  const param = (known: string[]) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 8, arbitrary: fieldValue(known, 5) },
      { weight: 1, arbitrary: fc.array(fieldValue(known), { minLength: 2, maxLength: 3 }) },
    );

  const logoutFields = () =>
    fc.record({
      id_token_hint: param([f.idTokenHint, expiredHint, `${f.idTokenHint.slice(0, -3)}abc`, tokens.openid]),
      client_id: param([f.portal.id, f.firstParty.id, f.portal.id.toUpperCase(), 'nope']),
      post_logout_redirect_uri: param([
        SIGNED_OUT,
        `${SIGNED_OUT}/`,
        SIGNED_OUT.toUpperCase(),
        f.portal.redirectUri,
        'https://evil.example/',
      ]),
      state: param(['s-1', '<script>alert(1)</script>', 'x'.repeat(3000)]),
    });

  const logoutCase = () =>
    fc
      .tuple(
        logoutFields(),
        extraFields,
        fc.constantFrom<string | undefined>(f.signedIn.cookie, undefined),
        remoteAddress,
        fc.boolean(),
      )
      .chain(([own, extra, cookie, ip, post]) => {
        const fields = { ...extra, ...Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined)) };
        return encodedBody(fields).map((body) => ({ fields, body, cookie, ip, post }));
      });

  function logoutOutcome(response: LightMyRequestResponse, fields: Record<string, unknown>, context: string): CaseOutcome {
    expectNoServerError(response, context);
    const message = `${context}\n→ ${describeResponse(response)}`;
    if (response.statusCode === 303) {
      const target = new URL(String(response.headers.location));
      expect(fields.post_logout_redirect_uri, message).toBe(SIGNED_OUT);
      expect(`${target.origin}${target.pathname}`, message).toBe(SIGNED_OUT);
      return { status: 303, accepted: true, kind: 'redirect' };
    }
    expectSafePage(response, context);
    return { status: response.statusCode, accepted: response.statusCode === 200, kind: /<h1>([^<]*)/.exec(response.body)?.[1] };
  }

  it(`GET|POST /oauth/logout: ${CASES} generated requests`, async () => {
    await fuzzRoute(
      f.t.orm,
      '/oauth/logout',
      logoutCase(),
      async (input, context) => {
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(input.fields)) {
          for (const item of [value].flat()) query.append(name, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
        }
        const response = input.post
          ? await f.t.app.inject({
              method: 'POST',
              url: '/oauth/logout',
              headers: headersFor(input.body, { cookie: input.cookie }),
              payload: input.body.payload,
              remoteAddress: input.ip,
            })
          : await f.t.app.inject({
              method: 'GET',
              url: `/oauth/logout?${query}`,
              headers: headersFor({}, { cookie: input.cookie }),
              remoteAddress: input.ip,
            });
        return logoutOutcome(response, input.fields, context);
      },
      { numRuns: CASES },
    );
  });

  it(`GET|POST /oauth/userinfo: ${CASES} generated requests`, async () => {
    const authorization = fc.oneof(
      fc.constantFrom(
        `Bearer ${tokens.openid}`,
        `Bearer ${tokens.plain}`,
        `bearer ${tokens.openid}`,
        `Bearer ${f.idTokenHint}`,
        'Bearer',
        'Basic abc',
      ),
      hostileString.map((text) => `Bearer ${text.replace(/[^\x20-\x7e]/g, '')}`),
      fc.constant(undefined),
    );
    const cases = fc
      .tuple(authorization, extraFields, fc.boolean(), remoteAddress)
      .chain(([header, extra, post, ip]) => encodedBody(extra).map((body) => ({ header, body, post, ip })));
    await fuzzRoute(
      f.t.orm,
      '/oauth/userinfo',
      cases,
      async (input, context) => {
        const headers = {
          ...(input.post ? headersFor(input.body) : {}),
          ...(input.header ? { authorization: input.header } : {}),
        };
        const response = await f.t.app.inject({
          method: input.post ? 'POST' : 'GET',
          url: '/oauth/userinfo',
          headers,
          payload: input.post ? input.body.payload : undefined,
          remoteAddress: input.ip,
        });
        expectNoServerError(response, context);
        if (response.statusCode === 200) {
          expect(input.header?.toLowerCase(), context).toBe(`bearer ${tokens.openid}`.toLowerCase());
          expect(Object.keys(JSON.parse(response.body)).sort(), context).toEqual(['email', 'email_verified', 'sub']);
          return { status: 200, accepted: false, kind: 'claims' };
        }
        if (response.statusCode === 403) {
          expect(String(response.headers['www-authenticate']), context).toContain('error="insufficient_scope"');
          return { status: 403, accepted: false, kind: 'insufficient_scope' };
        }
        expectOAuthRefusal(response, context);
        return { status: response.statusCode, accepted: false, kind: JSON.parse(response.body).error };
      },
      { numRuns: CASES },
    );
  });
});
