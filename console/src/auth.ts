/**
 * Sign-in for the console, a first-party public client: authorization code + PKCE through
 * /oauth/authorize (no consent screen), tokens in memory only. A reload signs in again
 * through the browser's session; only the PKCE verifier, the state and the page to return
 * to cross the redirect, in sessionStorage, and are removed on return.
 */
const clientId = document.querySelector<HTMLMetaElement>('meta[name="console-client-id"]')?.content ?? '';
const origin = window.location.origin;
export const REDIRECT_URI = `${origin}/console/callback`;
export const SIGNED_OUT_URI = `${origin}/console/signed-out`;
const PENDING = 'core-console-sign-in';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

let tokens: Tokens | undefined;
let refreshing: Promise<void> | undefined;
let refreshTimer: number | undefined;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Sends the browser to /oauth/authorize, remembering where to come back to. */
export async function signIn(): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const returnTo = window.location.pathname.startsWith('/console/callback')
    ? '/console/apps'
    : window.location.pathname + window.location.search;
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL('/oauth/authorize', origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    // All of the signed-in user's permissions, as they are at each request (a first-party client's `*`).
    scope: '*',
    state,
  }).toString();
  window.location.assign(url.toString());
}

async function tokenRequest(params: Record<string, string>): Promise<void> {
  const response = await fetch('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, ...params }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error_description ?? body.error ?? `token endpoint answered ${response.status}`);
  tokens = {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? tokens?.refreshToken,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
  scheduleRefresh();
}

function scheduleRefresh(): void {
  window.clearTimeout(refreshTimer);
  if (!tokens?.refreshToken) return;
  const delay = Math.max(0, tokens.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = window.setTimeout(() => void refresh().catch(() => signIn()), delay);
}

function refresh(): Promise<void> {
  const refreshToken = tokens?.refreshToken;
  if (!refreshToken) return Promise.reject(new Error('no refresh token'));
  refreshing ??= tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/**
 * On /console/callback: exchanges the code and returns the path to show. Anywhere else,
 * with no token yet: starts a sign-in and returns undefined (the page is leaving).
 */
export async function completeSignIn(): Promise<string | undefined> {
  const params = new URLSearchParams(window.location.search);
  if (window.location.pathname !== '/console/callback') {
    await signIn();
    return undefined;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (params.get('error')) throw new Error(params.get('error_description') ?? params.get('error') ?? 'sign-in failed');
  if (!pending || params.get('state') !== pending.state)
    throw new Error('The sign-in answer does not match a sign-in of this tab');
  await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    code_verifier: pending.verifier,
  });
  return pending.returnTo;
}

/** The access token, refreshed first when it is about to expire. */
export async function currentToken(): Promise<string> {
  if (tokens && tokens.expiresAt - Date.now() < REFRESH_MARGIN_MS && tokens.refreshToken) await refresh();
  if (!tokens) throw new Error('not signed in');
  return tokens.accessToken;
}

/** Forgets the tokens, revokes the refresh token and ends the browser's session at the logout endpoint. */
export async function signOut(): Promise<void> {
  window.clearTimeout(refreshTimer);
  const refreshToken = tokens?.refreshToken;
  tokens = undefined;
  if (refreshToken) {
    await fetch('/oauth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, token: refreshToken, token_type_hint: 'refresh_token' }),
    }).catch(() => undefined);
  }
  const url = new URL('/oauth/logout', origin);
  url.search = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: SIGNED_OUT_URI }).toString();
  window.location.assign(url.toString());
}
