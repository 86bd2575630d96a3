import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from '../../authorize/fixtures.js';
import { readForm } from '../../authorize/http-browser.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { countRowWrites } from './db-state.js';

/** A browser session of the authorization pages: its cookie and the CSRF token of its current form. */
export interface PageSession {
  cookie: string;
  csrfToken: string;
}

export interface AuthorizeFixture {
  t: TestApp;
  /** Public, PKCE required, not first-party: a signed-in user sees the consent screen. */
  portal: SeededClient;
  /** Confidential, first-party, two redirect URIs (one with a query): a signed-in user gets a code at once. */
  firstParty: SeededClient & { redirectUris: string[] };
  email: string;
  challenge: string;
  /** No user yet: the login form's token. */
  anonymous: PageSession;
  /** Signed in: the consent form's token (for the portal). */
  signedIn: PageSession;
  /** Every redirect URI registered, for the open-redirect check. */
  registered: string[];
  /** An ID token of the portal for the user, for `id_token_hint`. */
  idTokenHint: string;
}

const FIRST_PARTY_URIS = ['https://admin.example.test/cb', 'myapp://oauth/callback?tenant=a'];

/** Failures are not limited (the fuzzers would only see 429 pages); the limits have their own tests. */
export async function createAuthorizeFixture(): Promise<AuthorizeFixture> {
  const t = await startTestApp({ RATE_LIMIT_MAX_FAILURES: '100000000', LOGIN_ATTRIBUTES: 'email,phone' });
  const email = 'fuzz.user@example.test';
  const userId = await seedUser(t, email, ['orders.view.own', 'customers.view.own'], '+46701234567');
  const portal = await seedClient(t);
  const firstParty = {
    ...(await seedClient(t, {
      name: 'Admin console',
      confidential: true,
      firstParty: true,
      redirectUris: FIRST_PARTY_URIS,
    })),
    redirectUris: FIRST_PARTY_URIS,
  };
  const { challenge } = pkcePair();
  const query = authorizeQuery(portal, challenge);
  const loginPage = await t.app.inject({ method: 'GET', url: `/oauth/authorize?${query}` });
  const anonymous = { cookie: sessionCookie(loginPage), csrfToken: readForm(loginPage.body).fields.csrf_token };
  const signedIn = await signIn(t.app, anonymous, loginPage.body, email, query);
  await countRowWrites(t.orm);
  return {
    t,
    portal,
    firstParty,
    email,
    challenge,
    anonymous,
    signedIn,
    registered: [portal.redirectUri, ...FIRST_PARTY_URIS],
    idTokenHint: await t.app.services.keys.signIdToken({
      sub: userId,
      clientId: portal.id,
      authTime: Math.floor(Date.now() / 1000),
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    }),
  };
}

export function authorizeQuery(client: SeededClient, challenge: string): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: client.id,
    redirect_uri: client.redirectUri,
    scope: 'orders.view.own',
    state: 'fuzz',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
}

/** Posts the login form, then opens the consent screen with the new session. */
async function signIn(
  app: FastifyInstance,
  anonymous: PageSession,
  loginHtml: string,
  email: string,
  query: string,
): Promise<PageSession> {
  const form = readForm(loginHtml);
  const login = await app.inject({
    method: 'POST',
    url: form.action,
    headers: { cookie: anonymous.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...form.fields, username: email, password: PASSWORD }).toString(),
  });
  if (login.statusCode !== 303) throw new Error(`sign-in failed: ${login.statusCode}`);
  const cookie = sessionCookie(login);
  const consent = await app.inject({ method: 'GET', url: `/oauth/authorize?${query}`, headers: { cookie } });
  return { cookie, csrfToken: readForm(consent.body).fields.csrf_token };
}

function sessionCookie(response: LightMyRequestResponse): string {
  const header = [response.headers['set-cookie'] ?? []].flat().find((value) => value.startsWith('core_session='));
  if (!header) throw new Error('no session cookie');
  return header.split(';')[0];
}
