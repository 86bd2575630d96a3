import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenResponse } from '../auth/token-issuer.js';
import type { ProxyClient } from '../config.js';
import { originAllowed } from '../http/cors.js';
import type { Services } from '../services.js';
import { endpointContext } from './context.js';
import { InvalidClient, InvalidRequest, NotFound, OAuthError, ServerError } from './errors.js';
import { noStore, sendOAuthError } from './http.js';
import { RequestParams } from './params.js';
import { tokenEndpoint } from './token.endpoint.js';

export const REFRESH_COOKIE = 'refresh_token';

/** The cookie is sent back only to this client's own proxy routes. */
export const cookiePath = (client: ProxyClient) => `/clients/${client.name}`;

/**
 * Apiato's first-party proxy: `POST /clients/:name/login` and `/refresh`. The browser
 * or app sends only the user's credentials (or nothing but the cookie); the server adds
 * the configured client's id and secret and runs the password or refresh grant, returns
 * the token JSON and keeps the refresh token in an HttpOnly, Secure, SameSite=Strict cookie.
 */
export async function proxyRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;

  app.post<{ Params: { name: string } }>('/clients/:name/login', async (request, reply) =>
    respond(services, request, reply, (client, body) => ({
      grant_type: 'password',
      username: body.require('username'),
      password: body.require('password'),
      scope: body.get('scope'),
      client_id: client.id,
      client_secret: client.secret,
    })),
  );

  app.post<{ Params: { name: string } }>('/clients/:name/refresh', async (request, reply) =>
    respond(services, request, reply, (client, body) => ({
      grant_type: 'refresh_token',
      refresh_token: body.get('refresh_token') ?? cookieToken(request),
      scope: body.get('scope'),
      client_id: client.id,
      client_secret: client.secret,
    })),
  );
}

async function respond(
  services: Services,
  request: FastifyRequest<{ Params: { name: string } }>,
  reply: FastifyReply,
  buildParams: (client: ProxyClient, body: RequestParams) => Record<string, string | undefined>,
): Promise<FastifyReply> {
  noStore(reply);
  try {
    const client = findProxyClient(services, request.params.name);
    if (!originAllowed(request, services.config.issuer, client.origins)) {
      throw new InvalidRequest(`requests from the origin ${String(request.headers.origin).slice(0, 200)} are not allowed here`);
    }
    const params = RequestParams.of(buildParams(client, new RequestParams(request.body)));
    const tokens = await tokenEndpoint(endpointContext(services, request, reply), params, {
      authorization: undefined,
      checkOrigin: false,
    });
    setRefreshCookie(reply, services, client, tokens);
    return reply.code(200).send(tokens);
  } catch (error) {
    if (error instanceof OAuthError && error.error === 'invalid_grant') clearRefreshCookie(reply, services, request.params.name);
    // The caller sent no client credentials: a refused configured client is the server's fault, not theirs.
    if (error instanceof InvalidClient)
      return sendOAuthError(reply, new ServerError('the first-party client is misconfigured', error.detail));
    return sendOAuthError(reply, error);
  }
}

function findProxyClient(services: Services, name: string): ProxyClient {
  const client = services.config.proxyClients.get(name);
  if (!client) throw new NotFound(`no first-party client is configured under the name "${name.slice(0, 100)}"`);
  return client;
}

function cookieToken(request: FastifyRequest): string {
  const value = request.cookies?.[REFRESH_COOKIE];
  if (!value) throw new InvalidRequest('a refresh token is required (in the body or the cookie)');
  return value;
}

function setRefreshCookie(reply: FastifyReply, services: Services, client: ProxyClient, tokens: TokenResponse): void {
  if (!tokens.refresh_token) return;
  reply.setCookie(REFRESH_COOKIE, tokens.refresh_token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: cookiePath(client),
    maxAge: services.config.refreshTokenTtl,
  });
}

/** Drops the cookie of a configured client (a failed refresh, a logout). */
export function clearRefreshCookie(reply: FastifyReply, services: Services, name: string): void {
  const client = services.config.proxyClients.get(name);
  if (!client) return;
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: cookiePath(client) });
}
