import 'reflect-metadata';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResponse, expectNoServerError, expectOAuthRefusal, oauthKind } from './support/checks.js';
import { headersFor } from './support/encoding.js';
import { fuzzRoute } from './support/fuzz-run.js';
import { type OAuthCase, oauthCase, optionalField } from './support/oauth-arbitraries.js';
import { createOAuthFixture, type OAuthFixture } from './support/oauth-fixture.js';

const CASES = 2000;

/**
 * `POST /oauth/revoke` (RFC 7009) and `POST /oauth/introspect` (RFC 7662) under generated
 * input, with real tokens of the caller and of another client among the hostile ones.
 * Beyond "no 5xx, exact errors": a revocation changes state only for the caller's own
 * tokens (an unknown or foreign token is answered 200 and changes nothing), introspection
 * never changes state, and never describes another client's token.
 */
describe('fuzzing POST /oauth/revoke and /oauth/introspect', () => {
  let f: OAuthFixture;
  let ownTokens: Set<string>;
  beforeAll(async () => {
    f = await createOAuthFixture();
    ownTokens = new Set([f.confidentialAccessToken, f.userAccessToken]);
  });
  afterAll(() => f?.t.close());

  const tokenFields = (fixture: OAuthFixture) =>
    fc.record({
      token: optionalField([
        fixture.otherAccessToken,
        fixture.otherRefreshToken,
        fixture.revokedRefreshToken,
        fixture.confidentialAccessToken,
        fixture.userAccessToken,
        `${fixture.userAccessToken.slice(0, -4)}AAAA`,
        fixture.otherCode,
      ]),
      token_type_hint: optionalField(['access_token', 'refresh_token', 'id_token']),
    });

  const post = (url: string, input: OAuthCase) =>
    f.t.app.inject({
      method: 'POST',
      url,
      headers: headersFor(input.body, { authorization: input.authorization }),
      payload: input.body.payload,
      remoteAddress: input.ip,
    });

  it(`introspect: ${CASES} generated requests, never a state change, never another client's token`, async () => {
    await fuzzRoute(
      f.t.orm,
      'POST /oauth/introspect',
      oauthCase(f, tokenFields(f)),
      async (input, context) => {
        const response = await post('/oauth/introspect', input);
        expectNoServerError(response, context);
        if (response.statusCode !== 200) {
          expectOAuthRefusal(response, context);
          return { status: response.statusCode, accepted: false, kind: oauthKind(response) };
        }
        const body = JSON.parse(response.body) as { active: boolean; client_id?: string };
        expect(response.headers['cache-control'], context).toBe('no-store');
        if (!body.active) expect(body, `${context}\n→ ${describeResponse(response)}`).toEqual({ active: false });
        else expect(body.client_id, `${context}\n→ ${describeResponse(response)}`).toBe(f.confidential.id);
        return { status: 200, accepted: false, kind: body.active ? 'active' : 'inactive' };
      },
      { numRuns: CASES },
    );
  });

  it(`revoke: ${CASES} generated requests; only the caller's own tokens change state`, async () => {
    await fuzzRoute(
      f.t.orm,
      'POST /oauth/revoke',
      oauthCase(f, tokenFields(f)),
      async (input, context) => {
        const response = await post('/oauth/revoke', input);
        expectNoServerError(response, context);
        if (response.statusCode !== 200) {
          expectOAuthRefusal(response, context);
          return { status: response.statusCode, accepted: false, kind: oauthKind(response) };
        }
        expect(response.body, context).toBe('');
        const own = input.as === 'confidential' && ownTokens.has(input.fields.token as string);
        return { status: 200, accepted: own, kind: own ? 'own token' : 'unknown or foreign token' };
      },
      { numRuns: CASES },
    );
  });
});
