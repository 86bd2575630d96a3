// A customer portal as a single-page app on its own origin: public client, authorization
// code + PKCE, everything by fetch() from the page through oauth4webapi. The test serves
// this file with the library beside it and reads what it writes into #result.
import * as oauth from '/oauth4webapi.js';

const { issuer: issuerUrl, clientId, scope, dpop: useDpop } = await (await fetch('/config.json')).json();
const issuer = new URL(issuerUrl);
// The test server speaks plain http on loopback; a real portal talks https and drops this.
const http = { [oauth.allowInsecureRequests]: true };
const client = { client_id: clientId };
const auth = oauth.None();
const redirectUri = `${location.origin}/callback`;

const show = (status, result) => {
  document.querySelector('#result').textContent = JSON.stringify(result);
  document.querySelector('#status').textContent = status;
};
const failure = (error) => ({ name: error.name, message: error.message, error: error.error });

/** Runs a request and its processing again once if the server asked for a (new) DPoP nonce. */
async function withNonceRetry(run) {
  try {
    return await run();
  } catch (error) {
    if (oauth.isDPoPNonceError(error)) return run();
    throw error;
  }
}

async function graphql(accessToken, query, DPoP) {
  const url = new URL('/graphql', issuer);
  const headers = new Headers({ 'content-type': 'application/json' });
  // With DPoP, oauth4webapi adds the proof (and the nonce it last saw) and sends `Authorization: DPoP`.
  const response = DPoP
    ? await withNonceRetry(() =>
        oauth.protectedResourceRequest(accessToken, 'POST', url, headers, JSON.stringify({ query }), { DPoP, ...http }),
      )
    : await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ query }),
      });
  return { status: response.status, body: await response.json() };
}

async function signIn(as) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

async function callback(as) {
  const { verifier, state } = JSON.parse(sessionStorage.getItem('pkce'));
  sessionStorage.removeItem('pkce');
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), state);
  // A DPoP key made in the page by WebCrypto: its private key cannot be exported by any script.
  const DPoP = useDpop ? oauth.DPoP(client, await oauth.generateKeyPair('ES256')) : undefined;
  const options = { ...http, DPoP };
  const tokens = await withNonceRetry(async () =>
    oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, options),
    ),
  );
  const api = await graphql(
    tokens.access_token,
    '{ viewer { type permissions } customers { totalCount } appClients { totalCount } }',
    DPoP,
  );
  const refreshed = await withNonceRetry(async () =>
    oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token, options),
    ),
  );
  const afterRefresh = await graphql(refreshed.access_token, '{ viewer { type } }', DPoP);
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token, http));
  const afterRevocation = await oauth
    .refreshTokenGrantRequest(as, client, auth, refreshed.refresh_token, options)
    .then((response) => oauth.processRefreshTokenResponse(as, client, response))
    .then(() => ({ refreshed: true }), failure);
  return {
    tokenType: tokens.token_type,
    scope: tokens.scope,
    api,
    rotated: refreshed.refresh_token !== tokens.refresh_token,
    afterRefresh,
    afterRevocation,
  };
}

/** What a page on an origin that is no client's can do: read discovery, and nothing else. */
async function probe(as) {
  const token = await oauth
    .refreshTokenGrantRequest(as, client, auth, 'not-a-real-refresh-token', http)
    .then((response) => ({ status: response.status }), failure);
  const api = await graphql('not-a-real-token', '{ viewer { type } }').catch(failure);
  return { discovered: as.issuer, token, api };
}

try {
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...http }));
  if (location.pathname === '/probe') show('probed', await probe(as));
  else if (location.pathname === '/callback') show('signed in', await callback(as));
  else await signIn(as);
} catch (error) {
  show('failed', failure(error));
}
