import 'reflect-metadata';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInSession } from '../../src/modules/session/sign-in-session.entity.js';
import { type AuthorizeFixture, createAuthorizeFixture, type PageSession } from './support/authorize-fixture.js';
import { describeResponse, expectNoServerError, expectSafePage } from './support/checks.js';
import { type EncodedBody, encodedBody, headersFor } from './support/encoding.js';
import { type CaseOutcome, fuzzRoute } from './support/fuzz-run.js';
import { fieldValue, hostileString } from './support/hostile.js';
import { extraFields, remoteAddress } from './support/oauth-arbitraries.js';

const CASES = 2000;

interface PageCase {
  fields: Record<string, unknown>;
  cookie?: string;
  body: EncodedBody;
  ip: string;
}

/**
 * The authorization endpoint and its two forms under generated input: every request
 * parameter (repeated, missing, hostile; redirect URIs that almost match), sessions
 * present, absent and forged, CSRF tokens right and wrong. Properties: no 5xx; a redirect
 * goes only to a redirect URI registered for the client the request names (never an
 * open redirect) or back to our own authorize page; everything else is one of our pages
 * with nothing injected into its markup; and nothing is written unless a code is issued
 * or the user decides.
 */
describe('fuzzing the authorization endpoint and its forms', () => {
  let f: AuthorizeFixture;
  beforeAll(async () => {
    f = await createAuthorizeFixture();
  });
  afterAll(() => f?.t.close());

  /** A parameter: absent, one value, or (rarely) repeated. */
  const param = (known: string[]) =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 8, arbitrary: fieldValue(known, 5) },
      { weight: 1, arbitrary: fc.array(fieldValue(known), { minLength: 2, maxLength: 3 }) },
    );

  /**
   * A valid request of one of the clients with zero to three parameters changed: dropped,
   * repeated, or given a hostile or almost-right value (redirect URIs that nearly match).
   */
  const requestFields = (fixture: AuthorizeFixture) => {
    const nearMisses = fixture.registered.flatMap((uri) => [
      `${uri}/`,
      uri.toUpperCase(),
      `${uri}#frag`,
      `${uri}&evil=1`,
      uri.replace('https://', 'http://'),
      uri.replace('.test', '.test.evil.example'),
      `${uri}/../../evil`,
      encodeURIComponent(uri),
    ]);
    const known: Record<string, string[]> = {
      response_type: ['code', 'token', 'code id_token'],
      client_id: [fixture.portal.id, fixture.firstParty.id, fixture.portal.id.toUpperCase()],
      redirect_uri: [...fixture.registered, ...nearMisses, '//evil.example', 'javascript:alert(1)'],
      scope: ['orders.view.own', 'orders.view.own customers.view.own', '*', 'users.delete', 'openid', ''],
      state: ['st-1', '<script>alert(1)</script>', 'a"b\'c&d', 'x'.repeat(3000)],
      code_challenge: [fixture.challenge, 'x'.repeat(43)],
      code_challenge_method: ['S256', 'plain'],
      nonce: ['n-1', '<b>"n', 'x'.repeat(600)],
      prompt: ['none', 'login', 'consent', 'select_account', 'none login', 'login consent', 'create'],
      max_age: ['0', '3600', '-1', '1e3', '999999999999'],
      login_hint: [fixture.email, '<script>alert(1)</script>', 'x'.repeat(300)],
      id_token_hint: [fixture.idTokenHint, `${fixture.idTokenHint.slice(0, -2)}xx`, 'not.a.jwt'],
    };
    const base = (client: { id: string }, redirectUri: string) => ({
      response_type: 'code',
      client_id: client.id,
      redirect_uri: redirectUri,
      scope: 'orders.view.own',
      state: 'st-1',
      code_challenge: fixture.challenge,
      code_challenge_method: 'S256',
    });
    const valid = [
      base(fixture.portal, fixture.portal.redirectUri),
      ...fixture.firstParty.redirectUris.map((uri) => base(fixture.firstParty, uri)),
    ];
    const change = fc
      .constantFrom(...Object.keys(known))
      .chain((name) => param(known[name]).map((value) => [name, value] as const));
    return fc.tuple(fc.constantFrom(...valid), fc.array(change, { maxLength: 3 })).map(([request, changes]) => {
      const fields: Record<string, unknown> = { ...request };
      for (const [name, value] of changes) {
        if (value === undefined) delete fields[name];
        else fields[name] = value;
      }
      return fields;
    });
  };

  /** Mostly a session and its own form's token; sometimes another session's, a forged cookie or none. */
  const sessionAndToken = (sessions: PageSession[]) =>
    fc.constantFrom(...sessions).chain((session) =>
      fc.record({
        cookie: fc.oneof(
          { weight: 6, arbitrary: fc.constant<string | undefined>(session.cookie) },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom(...sessions.map((other) => other.cookie)) },
          { weight: 1, arbitrary: hostileString.map((text) => `core_session=${text.replace(/[^\x21-\x7e]/g, '')}`) },
          { weight: 1, arbitrary: fc.constant(`${session.cookie.slice(0, -3)}abc`) },
        ),
        csrf_token: fc.oneof(
          { weight: 6, arbitrary: fc.constant<unknown>(session.csrfToken) },
          { weight: 2, arbitrary: param(sessions.map((other) => other.csrfToken)) },
        ),
      }),
    );

  const sessionCookie = (sessions: PageSession[]) => sessionAndToken(sessions).map((chosen) => chosen.cookie);

  const pageCase = (fields: fc.Arbitrary<Record<string, unknown>>, cookie: fc.Arbitrary<string | undefined>) =>
    fc.tuple(fields, extraFields, cookie, remoteAddress).chain(([own, extra, cookieHeader, ip]) => {
      const all = { ...extra, ...Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined)) };
      return encodedBody(all).map((body): PageCase => ({ fields: all, cookie: cookieHeader, body, ip }));
    });

  /** A form post: the request's fields, the form's own, and a session with (mostly) its CSRF token. */
  const formCase = (own: fc.Arbitrary<Record<string, unknown>>, sessions: PageSession[]) =>
    fc
      .tuple(requestFields(f), own, sessionAndToken(sessions), extraFields, remoteAddress)
      .chain(([request, form, session, extra, ip]) => {
        const fields: Record<string, unknown> = { ...extra, ...request, ...form };
        if (session.csrf_token !== undefined) fields.csrf_token = session.csrf_token;
        for (const [name, value] of Object.entries(fields)) if (value === undefined) delete fields[name];
        return encodedBody(fields).map((body): PageCase => ({ fields, cookie: session.cookie, body, ip }));
      });

  /** No redirect leaves for an address the named client did not register (RFC 9700 §4.1.3, open redirectors §4.11). */
  const checkRedirect = (response: LightMyRequestResponse, input: PageCase, context: string): URL => {
    const location = String(response.headers.location);
    const target = new URL(location, 'http://server.invalid');
    const message = `${context}\n→ ${describeResponse(response)} location ${location}`;
    if (target.origin === 'http://server.invalid') {
      expect(target.pathname, message).toBe('/oauth/authorize');
      return target;
    }
    const named = [input.fields.client_id].flat()[0];
    const client = [f.portal, f.firstParty].find(
      (candidate) => typeof named === 'string' && candidate.id === named.toLowerCase(),
    );
    const registered = client === f.firstParty ? f.firstParty.redirectUris : client ? [client.redirectUri] : [];
    expect(registered, message).toContain(input.fields.redirect_uri);
    const base = new URL(input.fields.redirect_uri as string);
    expect(`${target.origin}${target.pathname}`, message).toBe(`${base.origin}${base.pathname}`);
    expect(target.searchParams.get('iss'), message).toBe(f.t.config.issuer);
    return target;
  };

  const outcome = (response: LightMyRequestResponse, input: PageCase, context: string): CaseOutcome => {
    expectNoServerError(response, context);
    if (response.statusCode === 303) {
      const target = checkRedirect(response, input, context);
      const code = target.searchParams.has('code');
      const denied = target.searchParams.get('error') === 'access_denied';
      // Back to our own authorize page only after the session changed: a sign-in (recorded,
      // so that a logout can end it) or "use another account" (which ends the sign-in).
      const sessionChanged = target.origin === 'http://server.invalid';
      const kind = code ? 'code' : (target.searchParams.get('error') ?? 'to the authorize page');
      return { status: 303, accepted: code || denied || sessionChanged, kind };
    }
    expectSafePage(response, context);
    return { status: response.statusCode, accepted: false, kind: /<h1>([^<]*)/.exec(response.body)?.[1] };
  };

  it(`GET /oauth/authorize: ${CASES} generated requests`, async () => {
    const cases = pageCase(requestFields(f), sessionCookie([f.anonymous, f.signedIn])).map((input) => ({
      ...input,
      body: {},
    }));
    await fuzzRoute(
      f.t.orm,
      'GET /oauth/authorize',
      cases,
      async (input, context) => {
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(input.fields)) {
          for (const item of [value].flat()) query.append(name, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
        }
        const response = await f.t.app.inject({
          method: 'GET',
          url: `/oauth/authorize?${query}`,
          headers: headersFor({}, { cookie: input.cookie }),
          remoteAddress: input.ip,
        });
        return outcome(response, input, context);
      },
      { numRuns: CASES },
    );
  });

  it(`POST /oauth/authorize/login: ${CASES} generated form posts`, async () => {
    /** The right password one case in ten, and a password at all one in three: each check costs an argon2 verification. */
    const loginFields = fc.record({
      username: param([f.email, '+46701234567', f.email.toUpperCase()]),
      password: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.constant('correct horse battery staple') },
      ),
    });
    await fuzzRoute(
      f.t.orm,
      'POST /oauth/authorize/login',
      formCase(loginFields, [f.anonymous, f.anonymous, f.anonymous, f.signedIn]),
      (input, context) => postForm('/oauth/authorize/login', input, context),
      { numRuns: CASES },
    );
  });

  it(`POST /oauth/authorize (consent): ${CASES} generated form posts`, async () => {
    const consentFields = fc.record({ decision: param(['allow', 'deny', 'switch_account', 'ALLOW']) });
    await fuzzRoute(
      f.t.orm,
      'POST /oauth/authorize',
      formCase(consentFields, [f.signedIn, f.signedIn, f.anonymous]),
      async (input, context) => {
        const outcome = await postForm('/oauth/authorize', input, context);
        // "Use another account" ends the fixture's sign-in; bring it back so later cases still
        // reach the consent decision (an accepted case, so the reset's row write is allowed).
        if (outcome.accepted && outcome.kind === 'to the authorize page') {
          await f.t.orm.em.fork().nativeUpdate(SignInSession, { endedAt: { $ne: null } }, { endedAt: null });
        }
        return outcome;
      },
      { numRuns: CASES },
    );
  });

  async function postForm(url: string, input: PageCase, context: string): Promise<CaseOutcome> {
    const response = await f.t.app.inject({
      method: 'POST',
      url,
      headers: headersFor(input.body, { cookie: input.cookie }),
      payload: input.body.payload,
      remoteAddress: input.ip,
    });
    return outcome(response, input, context);
  }
});
