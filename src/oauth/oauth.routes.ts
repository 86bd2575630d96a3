import { fastifyCookie } from '@fastify/cookie';
import { fastifyFormbody } from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { type EndpointContext, endpointContext } from './context.js';
import { noStore, oauthErrorHandler, sendOAuthError } from './http.js';
import { introspectEndpoint } from './introspect.endpoint.js';
import { logoutEndpoint } from './logout.endpoint.js';
import { metadataRoutes } from './metadata.routes.js';
import { parEndpoint } from './par.endpoint.js';
import { RequestParams } from './params.js';
import { proxyRoutes } from './proxy.routes.js';
import { revokeEndpoint } from './revoke.endpoint.js';
import { tokenEndpoint } from './token.endpoint.js';
import { userinfoEndpoint } from './userinfo.endpoint.js';

/** Bodies of OAuth requests are small; a larger one is refused before it is parsed. */
const BODY_LIMIT = 64 * 1024;

/**
 * The authorization server's JSON endpoints in their own encapsulated scope (form
 * parser, RFC 6749 error handler): token, revoke, introspect, userinfo, logout, the
 * first-party proxy and the discovery documents. Only the two that touch cookies (logout
 * and the proxy) have `@fastify/cookie`, in a scope of their own: its onRequest and
 * onSend hooks then stay off the token endpoint's path. The authorization endpoint
 * (pages) lives in `authorize/`. Register with `app.register(oauthRoutes, { services })`.
 */
export async function oauthRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT });
  app.setErrorHandler(oauthErrorHandler);

  const endpoint =
    <T>(
      run: (ctx: EndpointContext, params: RequestParams) => Promise<T>,
      send: (reply: FastifyReply, result: T) => FastifyReply,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      noStore(reply);
      try {
        return send(reply, await run(endpointContext(services, request, reply), new RequestParams(request.body)));
      } catch (error) {
        return sendOAuthError(reply, error);
      }
    };
  const limits = { bodyLimit: BODY_LIMIT };

  app.post(
    '/oauth/token',
    limits,
    endpoint(tokenEndpoint, (reply, tokens) => reply.code(200).send(tokens)),
  );
  app.post(
    '/oauth/par',
    limits,
    endpoint(parEndpoint, (reply, pushed) => reply.code(201).send(pushed)),
  );
  app.post(
    '/oauth/revoke',
    limits,
    endpoint(revokeEndpoint, (reply) => reply.code(200).send()),
  );
  app.post(
    '/oauth/introspect',
    limits,
    endpoint(introspectEndpoint, (reply, result) => reply.code(200).send(result)),
  );
  // OIDC Core §5.3.1: GET and POST alike, the token in the Authorization header.
  const userinfo = endpoint(userinfoEndpoint, (reply, claims) => reply.code(200).send(claims));
  app.get('/oauth/userinfo', userinfo);
  app.post('/oauth/userinfo', limits, userinfo);
  await app.register(async (cookieScope) => {
    if (!cookieScope.hasRequestDecorator('cookies')) await cookieScope.register(fastifyCookie);
    cookieScope.post(
      '/logout',
      limits,
      endpoint(logoutEndpoint, (reply) => reply.code(204).send()),
    );
    await cookieScope.register(proxyRoutes, { services });
  });
  await app.register(metadataRoutes, { services });
}
