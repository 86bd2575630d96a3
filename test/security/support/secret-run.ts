import { PERSONAL_ACCESS_CLIENT } from '../../../src/cli/commands/install.js';
import { createClient } from '../../../src/modules/client/client.service.js';
import { authorizeUrl, codeRequest, PASSWORD, pkcePair, seedClient, seedUser } from '../../authorize/fixtures.js';
import { HttpBrowser, readForm } from '../../authorize/http-browser.js';
import { createCallers } from '../../graphql/callers.js';
import { gql } from '../../graphql/graphql-client.js';
import type { TestApp } from '../../helpers/app.js';
import { basicAuth, bearer, createTestClient, createTestUser, type TestClient, tokenRequest } from '../../helpers/tokens.js';

/**
 * Exercises every endpoint with real credentials, the way clients do and the way
 * careless clients do (JSON bodies, secrets in the query string, bad tokens, failed
 * logins), and returns every secret it used or was given: the values a log must never
 * show.
 */
export async function exerciseEveryEndpoint(t: TestApp, web: TestClient): Promise<string[]> {
  const secrets: string[] = [web.secret!];
  const keep = (...values: (string | null | undefined)[]) => {
    for (const value of values) if (value) secrets.push(value);
  };
  const json = async (response: Response) => (await response.json()) as Record<string, string>;

  const machine = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
  keep(machine.secret);
  const basic = { authorization: basicAuth(machine.id, machine.secret!) };
  const cc = await json(await tokenRequest(t, { grant_type: 'client_credentials' }, basic));
  keep(cc.access_token);
  const post = await fetch(`${t.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: machine.id, client_secret: machine.secret }),
  });
  keep((await json(post)).access_token);
  // A careless client puts its secret in the URL (RFC 6749 §2.3.1 forbids it; the server reads only the body).
  await fetch(`${t.url}/oauth/token?client_id=${machine.id}&client_secret=${machine.secret}`, { method: 'POST' });
  await tokenRequest(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(machine.id, 'wrong-secret-value-x') });
  keep('wrong-secret-value-x');

  const user = await createTestUser(t, { password: 'a password nobody may log', permissions: ['orders.view'] });
  keep(user.password);
  const pw = await json(
    await tokenRequest(t, {
      grant_type: 'password',
      client_id: web.id,
      client_secret: web.secret!,
      username: user.email,
      password: user.password,
    }),
  );
  keep(pw.access_token, pw.refresh_token);
  await tokenRequest(t, {
    grant_type: 'password',
    client_id: web.id,
    client_secret: web.secret!,
    username: user.email,
    password: 'typo password 1',
  });
  keep('typo password 1');
  const refreshed = await json(
    await tokenRequest(t, {
      grant_type: 'refresh_token',
      client_id: web.id,
      client_secret: web.secret!,
      refresh_token: pw.refresh_token,
    }),
  );
  keep(refreshed.access_token, refreshed.refresh_token);
  await tokenRequest(t, {
    grant_type: 'refresh_token',
    client_id: web.id,
    client_secret: web.secret!,
    refresh_token: pw.refresh_token,
  });

  for (const path of ['/oauth/introspect', '/oauth/revoke']) {
    await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: cc.access_token }),
    });
  }

  keep(...(await proxyAndLogout(t, user.email, user.password)));
  keep(...(await authorizationCodeFlow(t)));
  keep(...(await openIdConnectFlow(t)));
  keep(...(await graphqlSecrets(t)));
  for (const path of [
    '/healthz',
    '/.well-known/oauth-authorization-server',
    '/.well-known/openid-configuration',
    '/.well-known/oauth-protected-resource',
    '/.well-known/jwks.json',
  ]) {
    await fetch(`${t.url}${path}`);
  }
  return secrets;
}

async function proxyAndLogout(t: TestApp, email: string, password: string): Promise<string[]> {
  const login = await fetch(`${t.url}/clients/web/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: email, password }),
  });
  const tokens = (await login.json()) as { access_token: string; refresh_token: string };
  const cookie = login.headers.getSetCookie()[0].split(';')[0];
  const refresh = await fetch(`${t.url}/clients/web/refresh`, { method: 'POST', headers: { cookie } });
  const rotated = (await refresh.json()) as { access_token: string; refresh_token: string };
  await fetch(`${t.url}/logout`, { method: 'POST', headers: bearer(rotated.access_token) });
  await fetch(`${t.url}/logout`, { method: 'POST', headers: bearer(rotated.access_token) });
  return [tokens.access_token, tokens.refresh_token, rotated.access_token, rotated.refresh_token];
}

/** Login page (password, CSRF token, session cookie), consent, code, exchange with the PKCE verifier. */
async function authorizationCodeFlow(t: TestApp): Promise<string[]> {
  const client = await seedClient(t);
  await seedUser(t, 'pages.user@example.test');
  const { verifier, challenge } = pkcePair();
  const browser = new HttpBrowser();
  const url = authorizeUrl(t, codeRequest(client, challenge));
  const login = await (await browser.get(url)).text();
  const loginCsrf = readForm(login).fields.csrf_token;
  await browser.submit(t.url, login, { username: 'pages.user@example.test', password: 'wrong page password' });
  const again = await (await browser.get(url)).text();
  await browser.submit(t.url, again, { username: 'pages.user@example.test', password: PASSWORD });
  const consent = await (await browser.get(url)).text();
  const consentCsrf = readForm(consent).fields.csrf_token;
  const allowed = await browser.submit(t.url, consent, { decision: 'allow' });
  const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!;
  const exchanged = await tokenRequest(t, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    client_id: client.id,
    code_verifier: verifier,
  });
  const tokens = (await exchanged.json()) as { access_token: string; refresh_token: string };
  await tokenRequest(t, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    client_id: client.id,
    code_verifier: verifier,
  });
  const session = browser.sessionCookie?.split('=').slice(1).join('=') ?? '';
  return [
    PASSWORD,
    'wrong page password',
    loginCsrf,
    consentCsrf,
    code,
    verifier,
    tokens.access_token,
    tokens.refresh_token,
    session,
  ];
}

/** OpenID Connect: ID tokens in token responses, userinfo, and an ID token in the logout URL's query. */
async function openIdConnectFlow(t: TestApp): Promise<string[]> {
  const client = await seedClient(t, { name: 'OIDC log check', allowedScopes: ['openid', 'email'] });
  await seedUser(t, 'oidc.user@example.test');
  const { verifier, challenge } = pkcePair();
  const browser = new HttpBrowser();
  const url = authorizeUrl(t, codeRequest(client, challenge, { scope: 'openid email', nonce: 'log-check-nonce' }));
  const login = await (await browser.get(url)).text();
  await browser.submit(t.url, login, { username: 'oidc.user@example.test', password: PASSWORD });
  const consent = await (await browser.get(url)).text();
  const allowed = await browser.submit(t.url, consent, { decision: 'allow' });
  const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!;
  const exchanged = await tokenRequest(t, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    client_id: client.id,
    code_verifier: verifier,
  });
  const tokens = (await exchanged.json()) as { access_token: string; refresh_token: string; id_token: string };
  const refreshed = (await (
    await tokenRequest(t, { grant_type: 'refresh_token', client_id: client.id, refresh_token: tokens.refresh_token })
  ).json()) as { access_token: string; refresh_token: string; id_token: string };
  await fetch(`${t.url}/oauth/userinfo`, { headers: bearer(refreshed.access_token) });
  await fetch(`${t.url}/oauth/userinfo`, { headers: bearer(tokens.id_token) });
  await browser.get(`${t.url}/oauth/logout?${new URLSearchParams({ id_token_hint: refreshed.id_token, state: 'x' })}`);
  return [
    code,
    verifier,
    tokens.access_token,
    tokens.refresh_token,
    tokens.id_token,
    refreshed.access_token,
    refreshed.refresh_token,
    refreshed.id_token,
  ];
}

/** Secrets through GraphQL: variables with passwords, payloads with client secrets and personal access tokens, bad tokens. */
async function graphqlSecrets(t: TestApp): Promise<string[]> {
  const callers = await createCallers(t);
  await createClient(t.orm.em.fork(), PERSONAL_ACCESS_CLIENT);
  const admin = callers.admin.token;
  const created = await gql(
    t,
    admin,
    'mutation($i: CreateAppClientInput!) { createAppClient(input: $i) { appClient { id } clientSecret } }',
    {
      i: { name: 'Log check', grantTypes: ['CLIENT_CREDENTIALS'] },
    },
  );
  const clientId = created.data?.createAppClient.appClient.id;
  const rotated = await gql(t, admin, 'mutation($id: ID!) { rotateAppClientSecret(id: $id) { clientSecret } }', { id: clientId });
  const user = await gql(t, admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
    i: { email: 'gql.user@example.test', password: 'graphql variable password' },
  });
  await gql(t, admin, 'mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }', {
    id: user.data?.createUser.id,
    i: { password: 'another variable password' },
  });
  await gql(t, admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
    i: { email: 'bad', password: 'sh0rt!' },
  });
  const pat = await gql(
    t,
    admin,
    'mutation($i: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $i) { token } }',
    {
      i: { name: 'log check', scopes: ['orders.view'] },
    },
  );
  await gql(t, `${admin.slice(0, -6)}AAAAAA`, '{ viewer { type } }');
  await gql(t, callers.portal.token, '{ users(first: 5) { totalCount } }');
  return [
    admin,
    callers.integration.token,
    callers.portal.token,
    callers.integration.client.secret,
    callers.admin.client.secret,
    created.data?.createAppClient.clientSecret,
    rotated.data?.rotateAppClientSecret.clientSecret,
    'graphql variable password',
    'another variable password',
    'sh0rt!',
    pat.data?.createPersonalAccessToken.token,
  ].filter((value): value is string => typeof value === 'string');
}
