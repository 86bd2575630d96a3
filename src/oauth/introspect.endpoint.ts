import type { ClientSnapshot } from '../auth/auth-state.js';
import { AuthenticationError } from '../auth/principal.js';
import { sha256 } from '../lib/secrets.js';
import { findRefreshToken } from '../modules/token/token.repository.js';
import { authenticateClient } from './client-auth.js';
import type { EndpointContext } from './context.js';
import type { RequestParams } from './params.js';

/** RFC 7662 §2.2. Inactive tokens say nothing else. */
export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      token_type: 'Bearer' | 'DPoP' | 'refresh_token';
      scope: string;
      client_id: string;
      sub: string;
      exp: number;
      iat: number;
      iss: string;
      aud?: string;
      jti?: string;
      /** RFC 9449 §6.2: the DPoP key an access token is bound to. */
      cnf?: { jkt: string };
    };

const INACTIVE = { active: false } as const;
const SEE_ALL = 'manage_system';

/**
 * `POST /oauth/introspect` (RFC 7662) as its steps: authenticateClient (confidential
 * clients only), readToken, describe (access token: every check the resource server
 * makes; refresh token: unused, unrevoked, unexpired), checkVisible. A client sees
 * only its own tokens unless it holds `manage_system`; others read as inactive.
 */
export async function introspectEndpoint(ctx: EndpointContext, params: RequestParams): Promise<IntrospectionResponse> {
  const { client } = await authenticateClient(ctx, params, {
    allowPublic: false,
    authorization: ctx.request.headers.authorization,
  });
  const token = params.require('token');
  const hint = params.get('token_type_hint');
  const order =
    hint === 'refresh_token' ? [describeRefreshToken, describeAccessToken] : [describeAccessToken, describeRefreshToken];
  for (const describe of order) {
    const found = await describe(ctx, token);
    if (found) return (await visibleTo(ctx, client, found)) ? found : INACTIVE;
  }
  return INACTIVE;
}

async function describeAccessToken(ctx: EndpointContext, token: string): Promise<IntrospectionResponse | undefined> {
  if (token.split('.').length !== 3) return undefined;
  try {
    const claims = await ctx.services.keys.verify(token);
    // The scopes it acts with now: for a token issued without a scope, the subject's live permissions.
    const principal = await ctx.services.authenticator.authenticateToken(token, { anyResource: true });
    return {
      active: true,
      token_type: claims.jkt ? 'DPoP' : 'Bearer',
      scope: principal.scopes.join(' '),
      client_id: claims.clientId,
      sub: claims.sub,
      exp: claims.expiresAt,
      iat: claims.issuedAt,
      iss: ctx.services.config.issuer,
      aud: claims.audience ?? ctx.services.config.tokenAudience,
      jti: claims.jti,
      ...(claims.jkt ? { cnf: { jkt: claims.jkt } } : {}),
    };
  } catch (error) {
    if (error instanceof AuthenticationError) return undefined;
    throw error;
  }
}

async function describeRefreshToken(ctx: EndpointContext, token: string): Promise<IntrospectionResponse | undefined> {
  const record = await findRefreshToken(ctx.em, sha256(token));
  if (!record || record.used || record.revoked || record.expiresAt.getTime() <= Date.now()) return undefined;
  const client = await ctx.services.state.client(record.clientId);
  if (!client || client.deleted) return undefined;
  if (record.userId) {
    const user = await ctx.services.state.user(record.userId);
    if (!user || user.disabled) return undefined;
  }
  return {
    active: true,
    token_type: 'refresh_token',
    scope: record.scopes.join(' '),
    client_id: record.clientId,
    sub: record.userId ?? record.clientId,
    exp: Math.floor(record.expiresAt.getTime() / 1000),
    iat: Math.floor(record.createdAt.getTime() / 1000),
    iss: ctx.services.config.issuer,
    // The API its access tokens are for (RFC 8707), and the DPoP key it is bound to (RFC 9449 §5).
    aud: record.resource ?? ctx.services.config.tokenAudience,
    ...(record.dpopJkt ? { cnf: { jkt: record.dpopJkt } } : {}),
  };
}

async function visibleTo(ctx: EndpointContext, caller: ClientSnapshot, found: IntrospectionResponse): Promise<boolean> {
  if (!found.active || found.client_id === caller.id) return true;
  const permissions = await ctx.services.state.subjectPermissions({ type: 'client', id: caller.id });
  return permissions.has(SEE_ALL);
}
