import 'reflect-metadata';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoServerError, expectOAuthRefusal, expectTokenResponse, isRouterRefusal, oauthKind } from './support/checks.js';
import { type EncodedBody, encodedBody, headersFor } from './support/encoding.js';
import { fuzzRoute } from './support/fuzz-run.js';
import { hostileString } from './support/hostile.js';
import { compact, extraFields, KNOWN_SCOPES, optionalField, remoteAddress } from './support/oauth-arbitraries.js';
import { createOAuthFixture, type OAuthFixture } from './support/oauth-fixture.js';

const CASES = 2000;

interface ProxyCase {
  name: string;
  cookie?: string;
  authorization?: string;
  fields: Record<string, unknown>;
  body: EncodedBody;
  ip: string;
}

/**
 * The first-party proxy (`/clients/:name/login`, `/clients/:name/refresh`) and `/logout`
 * under generated input: configured and unknown client names, credentials and refresh
 * tokens in the body and in cookies, Bearer tokens real, forged and broken.
 */
describe('fuzzing the first-party proxy and /logout', () => {
  let f: OAuthFixture;
  beforeAll(async () => {
    f = await createOAuthFixture();
  });
  afterAll(() => f?.t.close());

  const clientName = fc.oneof(
    { weight: 6, arbitrary: fc.constant('web') },
    { weight: 1, arbitrary: fc.constantFrom('mobile', 'WEB', 'web%00', '..%2f..%2fetc', '__proto__', 'constructor') },
    { weight: 1, arbitrary: hostileString.map(encodeURIComponentSafe) },
  );

  /** Password checks cost an argon2 verification: one case in eight or so gets that far. */
  const loginFields = (email: string, password: string) =>
    fc
      .record({
        username: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: optionalField([email]) }),
        password: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: optionalField([]) }),
        scope: optionalField(KNOWN_SCOPES),
      })
      // The right password for the known user, so that logins succeed too.
      .map((fields) => (fields.username === email && fields.password === undefined ? { ...fields, password } : fields));

  const proxyCase = (fields: fc.Arbitrary<Record<string, unknown>>, cookie: fc.Arbitrary<string | undefined>) =>
    fc.tuple(clientName, fields, extraFields, cookie, remoteAddress).chain(([name, own, extra, cookieHeader, ip]) => {
      const all = compact(extra, own);
      return encodedBody(all).map((body): ProxyCase => ({ name, cookie: cookieHeader, fields: all, body, ip }));
    });

  const send = (path: string, input: ProxyCase) =>
    f.t.app.inject({
      method: 'POST',
      url: path,
      headers: headersFor(input.body, { cookie: input.cookie, authorization: input.authorization }),
      payload: input.body.payload,
      remoteAddress: input.ip,
    });

  const checkTokenOrRefusal = async (path: string, input: ProxyCase, context: string) => {
    const response = await send(path, input);
    expectNoServerError(response, context);
    if (isRouterRefusal(response)) return { status: response.statusCode, accepted: false, kind: 'name too long' };
    if (response.statusCode !== 200) {
      expectOAuthRefusal(response, context);
      return { status: response.statusCode, accepted: false, kind: oauthKind(response) };
    }
    expectTokenResponse(response, context);
    expect(String(response.headers['set-cookie']), context).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    return { status: 200, accepted: true };
  };

  it(`/clients/:name/login: ${CASES} generated requests`, async () => {
    await fuzzRoute(
      f.t.orm,
      'POST /clients/:name/login',
      proxyCase(loginFields(f.user.email, f.user.password), fc.constant(undefined)),
      (input, context) => checkTokenOrRefusal(`/clients/${input.name}/login`, input, context),
      { numRuns: CASES },
    );
  });

  it(`/clients/:name/refresh: ${CASES} generated requests (body and cookie)`, async () => {
    const refreshTokens = [f.otherRefreshToken, f.revokedRefreshToken, f.otherCode];
    const cookie = fc.oneof(
      fc.constant(undefined),
      fieldOrHostile(refreshTokens).map((token) => `refresh_token=${encodeURIComponentSafe(token)}`),
      hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, '')),
    );
    await fuzzRoute(
      f.t.orm,
      'POST /clients/:name/refresh',
      proxyCase(fc.record({ refresh_token: optionalField(refreshTokens), scope: optionalField(KNOWN_SCOPES) }), cookie),
      (input, context) => checkTokenOrRefusal(`/clients/${input.name}/refresh`, input, context),
      { numRuns: CASES },
    );
  });

  it(`/logout: ${CASES} generated requests`, async () => {
    const tokens = [f.otherAccessToken, f.userAccessToken, f.confidentialAccessToken];
    const authorization = fc.oneof(
      fieldOrHostile(tokens).map((token) => `Bearer ${token}`),
      fc.constantFrom(...tokens).map((token) => `bearer  ${token.split('.').reverse().join('.')}`),
      hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, '')),
      fc.constant(undefined),
    );
    const cases = proxyCase(fc.constant({}), fc.constant(undefined)).chain((input) =>
      authorization.map((header) => ({ ...input, authorization: header })),
    );
    await fuzzRoute(
      f.t.orm,
      'POST /logout',
      cases,
      async (input, context) => {
        const response = await send('/logout', input);
        expectNoServerError(response, context);
        if (response.statusCode === 204) return { status: 204, accepted: true };
        expectOAuthRefusal(response, context);
        return { status: response.statusCode, accepted: false, kind: oauthKind(response) };
      },
      { numRuns: CASES },
    );
  });
});

function fieldOrHostile(known: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostileString });
}

/** Path and cookie text for any string; lone surrogates, which cannot be encoded, are dropped. */
function encodeURIComponentSafe(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, (unit, index) => (isPaired(value, index) ? unit : '')));
}

function isPaired(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0xdc00) return (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
  return index > 0 && (text.charCodeAt(index - 1) & 0xfc00) === 0xd800;
}
