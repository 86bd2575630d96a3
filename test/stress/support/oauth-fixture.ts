import type { TokenResponse } from '../../../src/auth/token-issuer.js';
import { issueAuthorizationCode } from '../../../src/modules/token/authorization-code.service.js';
import type { TestApp } from '../../helpers/app.js';
import {
  basicAuth,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  startAppWithProxyClients,
  type TestClient,
  type TestUser,
} from '../../helpers/tokens.js';
import { countRowWrites } from './db-state.js';

export const REDIRECT_URI = 'https://portal.example.test/callback';

/**
 * An app with real clients, users and tokens for the fuzzers to mix into their input,
 * so that cases get past the first checks. Everything a case could use to change state
 * legitimately is kept apart: `other`'s secret is never handed out, and its refresh
 * token and code can only be refused (wrong client), never used.
 */
export interface OAuthFixture {
  t: TestApp & { proxyClients: Record<string, TestClient> };
  /** Confidential, client_credentials + password + authorization_code; its secret is given to the fuzzer. */
  confidential: TestClient;
  /** Public, authorization_code + password (PKCE required). */
  publicClient: TestClient;
  /** A client whose credentials the fuzzer never has. */
  other: TestClient;
  user: TestUser;
  otherRefreshToken: string;
  revokedRefreshToken: string;
  otherCode: string;
  otherAccessToken: string;
  confidentialAccessToken: string;
  userAccessToken: string;
}

/** Failures are not limited here (the fuzzers would only see 429s); the limits have their own tests. */
export async function createOAuthFixture(): Promise<OAuthFixture> {
  const t = await startAppWithProxyClients(['web'], { RATE_LIMIT_MAX_FAILURES: '100000000' });
  const permissions = ['orders.view', 'customers.view'];
  const grants = ['client_credentials', 'password', 'authorization_code'] as const;
  const confidential = await createTestClient(t, { grantTypes: [...grants], permissions, redirectUris: [REDIRECT_URI] });
  const publicClient = await createTestClient(t, {
    grantTypes: ['authorization_code', 'password'],
    confidential: false,
    redirectUris: [REDIRECT_URI],
  });
  const other = await createTestClient(t, { grantTypes: [...grants], permissions, redirectUris: [REDIRECT_URI] });
  const user = await createTestUser(t, { permissions });

  const otherTokens = await passwordToken(t, { client: other, username: user.email, password: user.password });
  const revoked = await passwordToken(t, { client: other, username: user.email, password: user.password });
  await revoke(t, other, revoked);
  const otherCode = await issueAuthorizationCode(t.orm.em.fork(), {
    clientId: other.id,
    userId: user.id,
    redirectUri: REDIRECT_URI,
    scopes: ['orders.view'],
    codeChallenge: null,
    codeChallengeMethod: null,
    nonce: null,
    sessionId: null,
    authTime: null,
    resource: null,
  });
  const userTokens = await passwordToken(t, { client: confidential, username: user.email, password: user.password });
  const confidentialTokens = await clientCredentialsToken(t, confidential.id, confidential.secret!);
  await countRowWrites(t.orm);
  return {
    t,
    confidential,
    publicClient,
    other,
    user,
    otherRefreshToken: otherTokens.refresh_token!,
    revokedRefreshToken: revoked.refresh_token!,
    otherCode,
    otherAccessToken: otherTokens.access_token,
    confidentialAccessToken: confidentialTokens.access_token,
    userAccessToken: userTokens.access_token,
  };
}

async function revoke(t: TestApp, client: TestClient, tokens: TokenResponse): Promise<void> {
  const revoked = await fetch(`${t.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.id, client.secret!) },
    body: new URLSearchParams({ token: tokens.refresh_token!, token_type_hint: 'refresh_token' }),
  });
  if (revoked.status !== 200) throw new Error(`revocation failed: ${revoked.status}`);
}
