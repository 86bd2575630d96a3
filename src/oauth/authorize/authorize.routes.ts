import { fastifyCookie } from '@fastify/cookie';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Services } from '../../services.js';
import { isDatabaseUnavailable } from '../errors.js';
import { AuthorizePageError, AuthorizeRedirectError } from './authorize-errors.js';
import { type FlowContext, proceed } from './authorize-flow.js';
import { type RawParams, validateAuthorizationRequest } from './authorize-request.js';
import { redirectWithError } from './authorize-response.js';
import { handleConsent } from './consent.handler.js';
import { END_SESSION_PATH, endSessionParams, handleEndSession } from './end-session.handler.js';
import { ensureFormParser } from './form.js';
import { handleLogin } from './login.handler.js';
import { sendPage } from './pages.js';
import { SessionCookies } from './session.js';
import { CONSENT_ACTION, errorView, LOGIN_ACTION } from './views.js';

/** `rateLimits` is the password grant's limiter: failed logins on the page count the same. */
export type AuthorizeServices = Pick<Services, 'config' | 'orm' | 'rateLimits' | 'keys' | 'revoker'>;

/**
 * The authorization endpoint (RFC 6749 §4.1) and its two forms:
 * `GET /oauth/authorize`, `POST /oauth/authorize/login`, `POST /oauth/authorize` (consent),
 * and the end-session endpoint `GET|POST /oauth/logout` (RP-Initiated Logout), a page too.
 * Register with `app.register(authorizeRoutes, services)`: it is its own encapsulated scope.
 */
export async function authorizeRoutes(app: FastifyInstance, deps: AuthorizeServices): Promise<void> {
  if (!deps.config.keys) throw new Error('the authorization pages need PASSPORT_PRIVATE_KEY (their cookie keys derive from it)');
  const sessions = new SessionCookies(deps.config.keys.privateKey, deps.config.issuer);
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  ensureFormParser(app);
  app.setErrorHandler(pageErrorHandler(deps.config));

  const context = (request: FastifyRequest, reply: FastifyReply): FlowContext => ({
    config: deps.config,
    keys: deps.keys,
    revoker: deps.revoker,
    sessions,
    em: deps.orm.em.fork(),
    request,
    reply,
  });

  app.get('/oauth/authorize', async (request, reply) => {
    const ctx = context(request, reply);
    return proceed(ctx, await validateAuthorizationRequest(ctx.em, ctx.keys, request.query as RawParams, ctx.config.resources));
  });
  app.post(LOGIN_ACTION, (request, reply) => handleLogin(context(request, reply), deps.rateLimits));
  app.post(CONSENT_ACTION, (request, reply) => handleConsent(context(request, reply)));
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: END_SESSION_PATH,
      handler: (request, reply) =>
        handleEndSession(context(request, reply), endSessionParams(method, request.query, request.body)),
    });
  }
}

/**
 * Redirect errors go back to the client; everything else is a page, because a browser,
 * not a program, is on the other end. Unexpected errors are logged and shown without detail.
 */
function pageErrorHandler(config: Config) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AuthorizeRedirectError) return redirectWithError(reply, error, config.issuer);
    if (error instanceof AuthorizePageError) {
      return sendPage(reply, 'error', errorView(error.title, error.description), { status: error.status });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'authorization page: database unavailable');
      reply.header('retry-after', '5');
      return sendPage(reply, 'error', errorView('Temporarily unavailable', TRY_AGAIN), { status: 503 });
    }
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'authorization page failed');
      return sendPage(reply, 'error', errorView('Something went wrong', TRY_AGAIN), { status });
    }
    const message = 'The request was malformed. Go back to the application and start again.';
    return sendPage(reply, 'error', errorView('This request could not be read', message), { status });
  };
}

const TRY_AGAIN = 'The sign-in service could not complete your request. Please try again in a moment.';
