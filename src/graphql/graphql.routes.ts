import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { proofRequest } from '../auth/authenticator.js';
import { resourceChallenges } from '../auth/challenge.js';
import { AuthenticationError, type Principal } from '../auth/principal.js';
import { originAllowed } from '../http/cors.js';
import { offerDpopNonce } from '../http/dpop-nonce.js';
import { graphqlMetricsPlugin } from '../ops/graphql-metrics.js';
import { graphqlTracingPlugin } from '../ops/graphql-spans.js';
import type { Services } from '../services.js';
import { compiledExecution } from './compiled-execution.js';
import { createContext, type GraphQLContext } from './context.js';
import { formatError, isInternal, serviceUnavailablePlugin } from './errors.js';
import { hardening, LIMITS, parseOptions } from './hardening.js';
import { buildGraphqlSchema, buildPlainSchema } from './schema.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on /graphql once the Bearer token is verified. */
    principal?: Principal;
  }
}

/**
 * Switches for `npm run bench` only, to measure what authentication and shield cost.
 * They exist in code alone (no configuration reaches them) and are refused in production.
 */
export interface UnsafeBenchOptions {
  /** Skip token verification and use this principal for every request. */
  principal?: Principal;
  /** Serve the schema without graphql-shield. */
  unguarded?: boolean;
}

export interface GraphqlRoutesOptions {
  services: Services;
  unsafeBench?: UnsafeBenchOptions;
}

/**
 * `POST /graphql`: the Bearer token is verified in `onRequest`, before the body is
 * even read, so a request without a valid token gets 401 and executes nothing.
 * Register with `app.register(graphqlRoutes, { services })`.
 */
export async function graphqlRoutes(app: FastifyInstance, options: GraphqlRoutesOptions): Promise<void> {
  const { services, unsafeBench } = options;
  const { config } = services;
  if (unsafeBench && config.env === 'production') throw new Error('bench-only GraphQL switches are refused in production');
  const { plugins, validationRules } = hardening(config);
  const apollo = new ApolloServer<GraphQLContext>({
    // Operations run compiled (graphql-jit); Apollo still parses, validates and runs the plugins.
    gateway: compiledExecution<GraphQLContext>(unsafeBench?.unguarded ? buildPlainSchema() : buildGraphqlSchema()),
    introspection: config.env !== 'production',
    // main.ts drains on SIGTERM (Fastify's close, then apollo.stop() in onClose). Apollo's own
    // handler would stop it first — failing the operations still in flight — and re-raise the signal.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules,
    parseOptions,
    // No cache hints are used (responses are per caller): without the cache-control plugin
    // Apollo does not wrap every field resolver to collect them (~0.7 MB allocated per 50-row page).
    plugins: [
      ...plugins,
      errorLogPlugin(),
      serviceUnavailablePlugin<GraphQLContext>(),
      graphqlMetricsPlugin<GraphQLContext>(services.metrics),
      ...(services.tracing ? [graphqlTracingPlugin<GraphQLContext>(services.tracing.tracer)] : []),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  // Fastify drains the connections on close; Apollo's drain plugin would close Fastify again from inside onClose.
  app.addHook('onClose', () => apollo.stop());

  app.route<{ Reply: string }>({
    method: 'POST',
    url: '/graphql',
    bodyLimit: LIMITS.bodyBytes,
    // Callback style, so that a token answered from memory (the common case) costs no promise.
    onRequest: (request, reply, done) => {
      const principal = unsafeBench?.principal ?? cachedPrincipal(services, request);
      if (principal) {
        request.principal = principal;
        done();
      } else authenticate(services, request, reply).then(() => done(), done);
    },
    // A body Fastify refuses before Apollo sees it (not JSON, a `__proto__` key, too large,
    // another media type) still gets a GraphQL-shaped error, with Fastify's 4xx status.
    errorHandler: (error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status < 400 || status >= 500) throw error;
      return reply
        .code(status)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(errorBody(error.message, 'BAD_REQUEST')));
    },
    handler: fastifyApolloHandler(apollo, {
      context: async (request) => createContext(request, request.principal as Principal, services),
    }),
  });
}

/**
 * A Bearer token's principal when {@link authenticate} would find it in memory and do
 * nothing else: no DPoP proof (whose nonce and `jti` are handled there), no `Origin` to check.
 */
function cachedPrincipal(services: Services, request: FastifyRequest): Principal | undefined {
  if (request.headers.dpop !== undefined || request.headers.origin !== undefined) return undefined;
  return services.authenticator.cachedPrincipal(request.headers.authorization);
}

/**
 * RFC 6750 / RFC 9449 §7.1: 401 with a `WWW-Authenticate` challenge (the resource
 * metadata for Bearer, the accepted algorithms for DPoP), the body as for any refusal.
 */
async function authenticate(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  offerDpopNonce(reply, services.dpopNonces, request.headers.dpop !== undefined);
  try {
    const principal = await services.authenticator.authenticate(
      request.headers.authorization,
      proofRequest(request, services.config.issuer),
    );
    if (request.headers.origin !== undefined && !(await fromClientOrigin(services, request, principal))) {
      reply.header('cache-control', 'no-store');
      const message = `requests from the origin ${request.headers.origin.slice(0, 200)} are not allowed for this token's client (see its web origins)`;
      await reply.code(403).send(errorBody(message, 'FORBIDDEN', { reason: 'origin' }));
      return;
    }
    request.principal = principal;
  } catch (error) {
    reply.header('cache-control', 'no-store');
    if (error instanceof AuthenticationError) {
      services.metrics.authenticationFailed(error.scheme === 'DPoP' ? 'dpop' : 'bearer', error.reason);
      reply.header('www-authenticate', resourceChallenges(services.config, error));
      await reply.code(401).send(errorBody(error.message, 'UNAUTHENTICATED', { reason: error.reason }));
      return;
    }
    // The token could not be checked (the database is away): not the caller's fault.
    request.log.error({ err: error }, 'authentication failed unexpectedly');
    await reply.code(503).send(errorBody('service temporarily unavailable', 'SERVICE_UNAVAILABLE'));
  }
}

/** A browser script may use a token only from its client's web origins (or the server's own pages). */
async function fromClientOrigin(services: Services, request: FastifyRequest, principal: Principal): Promise<boolean> {
  const client = await services.state.client(principal.clientId);
  return originAllowed(request, services.config.issuer, client?.webOrigins ?? []);
}

function errorBody(message: string, code: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/** Masked errors keep their details in the log, with the request's id. */
function errorLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isInternal(error))
              contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'graphql resolver failed');
          }
        },
      };
    },
  };
}
