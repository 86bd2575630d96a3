import type { ClientSnapshot } from '../auth/auth-state.js';
import type { LimitKey } from '../auth/failure-limiter.js';
import { assertionSubject, ClientAssertionError, verifyClientAssertion } from '../auth/jwt.js';
import { unstorableText } from '../db/storable-text.js';
import { originAllowed } from '../http/cors.js';
import { AUDIT_ACTIONS } from '../modules/audit/audit.service.js';
import type { EndpointContext } from './context.js';
import { InvalidClient, InvalidRequest } from './errors.js';
import { checkLimits } from './limits.js';
import type { RequestParams } from './params.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion is meant for one request: it may not claim a longer life than this (seconds). */
const MAX_ASSERTION_LIFETIME = 300;

export interface AuthenticatedClient {
  client: ClientSnapshot;
  method: ClientAuthMethod;
}

/** Where a token request came from, for the endpoint steps that depend on it. */
export interface ClientRequestOrigin {
  /** The `Authorization` header to read Basic credentials from; the first-party proxy passes none. */
  authorization: string | undefined;
  /** Whether a browser `Origin` must be one of the client's web origins (the proxy checks its own). */
  checkOrigin: boolean;
}

interface Credentials {
  clientId: string;
  secret?: string;
  /** RFC 7523 §2.2 `client_assertion`. */
  assertion?: string;
  method: ClientAuthMethod;
}

/**
 * Client authentication for the token, revocation and introspection endpoints.
 * Steps: readCredentials, checkLimits, findClient, verifySecret; any failure is
 * counted against the client id and the IP and answered 401 `invalid_client`.
 */
export async function authenticateClient(
  ctx: EndpointContext,
  params: RequestParams,
  options: {
    allowPublic: boolean;
    /** The `Authorization` header to read Basic credentials from; the first-party proxy passes none. */
    authorization: string | undefined;
  },
): Promise<AuthenticatedClient> {
  const credentials = readCredentials(options.authorization, params);
  const keys: LimitKey[] = [
    { kind: 'client', id: credentials.clientId },
    { kind: 'ip', ip: ctx.request.ip },
  ];
  checkLimits(ctx.services.rateLimits, keys);
  const failure = await verify(ctx, credentials, options.allowPublic);
  if (typeof failure === 'string') {
    await ctx.services.rateLimits.recordFailure(keys, {
      action: AUDIT_ACTIONS.clientAuthFailed,
      target: { type: 'client', id: credentials.clientId },
      ip: ctx.request.ip,
      details: { method: credentials.method, reason: failure },
    });
    throw new InvalidClient('client authentication failed', failure);
  }
  return { client: failure, method: credentials.method };
}

/**
 * A script on another origin may act as the client only from the client's web origins
 * (CORS lets it read the answer only then): refused before anything is done, so a
 * foreign page cannot spend a code or rotate a refresh token with the answer hidden.
 */
export function checkWebOrigin(ctx: EndpointContext, client: ClientSnapshot): void {
  if (!originAllowed(ctx.request, ctx.services.config.issuer, client.webOrigins)) {
    throw new InvalidRequest(
      `requests from the origin ${String(ctx.request.headers.origin).slice(0, 200)} are not allowed for this client (see its web origins)`,
    );
  }
}

/** RFC 6749 §2.3.1: Basic (form-encoded id and secret), the body, or an RFC 7523 assertion — one of them. */
function readCredentials(authorization: string | undefined, params: RequestParams): Credentials {
  const basic = authorization && /^basic /i.test(authorization) ? parseBasic(authorization) : undefined;
  const assertionType = params.get('client_assertion_type');
  const assertion = params.get('client_assertion');
  if (assertionType !== undefined || assertion !== undefined) return readAssertion(basic, params, assertionType, assertion);
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (basic) {
    if (bodySecret !== undefined)
      throw new InvalidRequest('use one client authentication method, not both Basic and client_secret');
    if (bodyId !== undefined && bodyId !== basic.clientId)
      throw new InvalidRequest('client_id does not match the Basic credentials');
    return { ...basic, method: 'client_secret_basic' };
  }
  if (bodyId === undefined) throw new InvalidClient('client authentication required', 'no client credentials');
  return bodySecret === undefined
    ? { clientId: bodyId, method: 'none' }
    : { clientId: bodyId, secret: bodySecret, method: 'client_secret_post' };
}

function readAssertion(
  basic: { clientId: string } | undefined,
  params: RequestParams,
  type: string | undefined,
  assertion: string | undefined,
): Credentials {
  if (basic || params.get('client_secret') !== undefined) {
    throw new InvalidRequest('use one client authentication method, not a secret and client_assertion');
  }
  if (type !== JWT_BEARER) throw new InvalidRequest(`client_assertion_type must be ${JWT_BEARER}`);
  if (assertion === undefined) throw new InvalidRequest('client_assertion is required with client_assertion_type');
  const subject = assertionSubject(assertion);
  const bodyId = params.get('client_id');
  if (!subject) throw new InvalidClient('client authentication failed', 'unreadable client_assertion');
  if (bodyId !== undefined && bodyId !== subject) throw new InvalidRequest('client_id does not match the client_assertion');
  return { clientId: subject, assertion, method: 'private_key_jwt' };
}

function parseBasic(authorization: string): { clientId: string; secret: string } {
  const encoded = authorization.slice(6).trim();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded) || separator < 1) throw new InvalidClient('malformed Basic credentials');
  let credentials: { clientId: string; secret: string };
  try {
    const clientId = decodeURIComponent(decoded.slice(0, separator).replace(/\+/g, ' '));
    const secret = decodeURIComponent(decoded.slice(separator + 1).replace(/\+/g, ' '));
    credentials = { clientId, secret };
  } catch {
    throw new InvalidClient('malformed Basic credentials');
  }
  // As for body parameters (params.ts): the client id is written to the audit log of the
  // failure, and no client id or secret holds text the database cannot store.
  if (unstorableText(credentials.clientId) !== null || unstorableText(credentials.secret) !== null) {
    throw new InvalidClient('malformed Basic credentials');
  }
  return credentials;
}

/** The client, or why it failed (for the log and the audit event, never the response). */
async function verify(ctx: EndpointContext, credentials: Credentials, allowPublic: boolean): Promise<ClientSnapshot | string> {
  const client = await ctx.services.state.client(credentials.clientId);
  if (!client) return 'unknown client';
  if (client.deleted) return 'deleted client';
  if (client.tokenEndpointAuthMethod === 'private_key_jwt' || credentials.assertion !== undefined) {
    return verifyAssertion(ctx, client, credentials);
  }
  if (!client.confidential) {
    if (credentials.secret !== undefined) return 'public client presented a secret';
    return allowPublic ? client : 'public client not allowed here';
  }
  if (credentials.secret === undefined) return 'confidential client without a secret';
  return (await ctx.services.verifiedSecrets.verify(client, credentials.secret)) ? client : 'wrong secret';
}

/** RFC 7523 §3 against the client's registered keys; the `jti` is then spent on every instance. */
async function verifyAssertion(
  ctx: EndpointContext,
  client: ClientSnapshot,
  credentials: Credentials,
): Promise<ClientSnapshot | string> {
  if (client.tokenEndpointAuthMethod !== 'private_key_jwt' || !client.jwks) return 'client is not registered for private_key_jwt';
  if (credentials.assertion === undefined) return 'private_key_jwt client without a client_assertion';
  const issuer = ctx.services.config.issuer;
  const path = ctx.request.url.split('?')[0];
  let claims: { jti: string; expiresAt: number };
  try {
    claims = await verifyClientAssertion(credentials.assertion, client.jwks, {
      clientId: client.id,
      // The issuer or the endpoint's URL (RFC 7523 §3; OIDC Core §9 names the token endpoint).
      audiences: [issuer, `${issuer}/oauth/token`, `${issuer}${path}`],
      maxLifetime: MAX_ASSERTION_LIFETIME,
    });
  } catch (error) {
    if (error instanceof ClientAssertionError) return error.message;
    throw error;
  }
  const fresh = await ctx.services.spentJtis.spend(ctx.em, {
    clientId: client.id,
    purpose: 'client_assertion',
    jti: claims.jti,
    expiresAt: new Date(claims.expiresAt * 1000),
  });
  return fresh ? client : 'client_assertion replayed (jti already used)';
}
