import type { TokenResponse } from '../auth/token-issuer.js';
import { OPENID_SCOPE } from '../modules/access/identity-scopes.js';
import type { SignInBinding } from '../modules/token/token.repository.js';
import type { Services } from '../services.js';

/** The authentication a token response stands for, as an ID token tells it. */
export interface Authentication {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  signIn: SignInBinding | null;
  /** Only on the code exchange: a refreshed ID token carries no nonce (OIDC Core §12.2). */
  nonce?: string | null;
}

/**
 * Adds the OpenID Connect ID token to a token response when `openid` was granted and the
 * grant stems from a sign-in at the authorization endpoint. It lives as long as the
 * access token beside it, whose `at_hash` it carries, so the client can tell that the
 * two belong together.
 */
export async function withIdToken(
  services: Pick<Services, 'keys' | 'config'>,
  response: TokenResponse,
  authentication: Authentication,
): Promise<TokenResponse> {
  const { signIn } = authentication;
  if (!authentication.scopes.includes(OPENID_SCOPE) || !signIn) return response;
  const idToken = await services.keys.signIdToken({
    sub: authentication.userId,
    clientId: authentication.clientId,
    authTime: Math.floor(signIn.authTime.getTime() / 1000),
    expiresAt: Math.floor(Date.now() / 1000) + services.config.accessTokenTtl,
    nonce: authentication.nonce,
    sessionId: signIn.sessionId,
    accessToken: response.access_token,
  });
  return { ...response, id_token: idToken };
}
