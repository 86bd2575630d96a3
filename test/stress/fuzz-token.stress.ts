import 'reflect-metadata';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectNoServerError, expectOAuthRefusal, expectTokenResponse, oauthKind } from './support/checks.js';
import { headersFor } from './support/encoding.js';
import { fuzzRoute } from './support/fuzz-run.js';
import { hostileString } from './support/hostile.js';
import { KNOWN_REDIRECTS, KNOWN_SCOPES, type OAuthCase, oauthCase, optionalField } from './support/oauth-arbitraries.js';
import { createOAuthFixture, type OAuthFixture } from './support/oauth-fixture.js';

const CASES = 3000;

/**
 * `POST /oauth/token` under generated input: every grant type (and unknown ones), every
 * client authentication method done right and wrong, real refresh tokens and codes of
 * another client, hostile values in every parameter and every body encoding. Property:
 * no 5xx; a 200 is a token response; anything else is an exact RFC 6749 §5.2 error and
 * leaves the database as it was.
 */
describe('fuzzing POST /oauth/token', () => {
  let f: OAuthFixture;
  beforeAll(async () => {
    f = await createOAuthFixture();
  });
  afterAll(() => f?.t.close());

  const tokenFields = (fixture: OAuthFixture) =>
    fc.record({
      grant_type: fc.oneof(
        { weight: 4, arbitrary: fc.constant('client_credentials') },
        { weight: 3, arbitrary: fc.constant('refresh_token') },
        { weight: 3, arbitrary: fc.constant('authorization_code') },
        { weight: 1, arbitrary: fc.constant('password') },
        { weight: 2, arbitrary: optionalField(['urn:ietf:params:oauth:grant-type:jwt-bearer', 'implicit', 'token']) },
      ),
      scope: optionalField(KNOWN_SCOPES),
      username: optionalField([fixture.user.email, fixture.user.email.toUpperCase(), '+46701234567']),
      password: optionalField([fixture.user.password, 'wrong password']),
      refresh_token: optionalField([fixture.otherRefreshToken, fixture.revokedRefreshToken]),
      code: optionalField([fixture.otherCode]),
      redirect_uri: optionalField(KNOWN_REDIRECTS),
      code_verifier: optionalField(['a'.repeat(43), 'short']),
      token: fc.option(hostileString, { nil: undefined }),
    });

  /** RFC 9449 proofs that cannot pass: any header text, or three segments of arbitrary JSON (typ, alg, jwk, claims). */
  const segment = (value: fc.Arbitrary<unknown>) =>
    value.map((json) => Buffer.from(JSON.stringify(json) ?? '').toString('base64url'));
  const dpopHeader = fc.option(
    fc.oneof(
      fc.stringMatching(/^[\x21-\x7e]{0,300}$/),
      fc
        .tuple(
          segment(
            fc.record(
              {
                typ: fc.constantFrom('dpop+jwt', 'JWT'),
                alg: fc.constantFrom('ES256', 'RS256', 'PS256', 'EdDSA', 'none', 'HS256', 'ES512'),
                jwk: fc.oneof(
                  fc.object(),
                  fc.record(
                    {
                      kty: fc.constantFrom('EC', 'RSA', 'OKP', 'oct'),
                      crv: fc.string(),
                      x: fc.string(),
                      y: fc.string(),
                      n: fc.string(),
                      e: fc.string(),
                      d: fc.string(),
                    },
                    { requiredKeys: ['kty'] },
                  ),
                ),
                crit: fc.array(fc.string()),
              },
              { requiredKeys: [] },
            ),
          ),
          segment(fc.oneof(fc.object(), fc.jsonValue())),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
        )
        .map((parts) => parts.join('.')),
    ),
    { nil: undefined },
  );

  it(`${CASES} generated requests: no 5xx, exact errors, no state change when refused`, async () => {
    const cases = fc.tuple(oauthCase(f, tokenFields(f)), dpopHeader).map(([input, dpop]) => ({ ...input, dpop }));
    await fuzzRoute(f.t.orm, 'POST /oauth/token', cases, send, { numRuns: CASES });
  });

  async function send(input: OAuthCase & { dpop?: string }, context: string) {
    const response = await f.t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: headersFor(input.body, { authorization: input.authorization, dpop: input.dpop }),
      payload: input.body.payload,
      remoteAddress: input.ip,
    });
    expectNoServerError(response, context);
    if (response.statusCode === 200) expectTokenResponse(response, context);
    else expectOAuthRefusal(response, context);
    return { status: response.statusCode, accepted: response.statusCode === 200, kind: oauthKind(response) };
  }
});
