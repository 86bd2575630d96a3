import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { consoleRoutes } from './console/console.routes.js';
import { databaseAnswers, type Orm } from './db/orm.js';
import { graphqlRoutes } from './graphql/graphql.routes.js';
import { registerCors } from './http/cors.js';
import { lazyRequestLogger } from './http/request-logger.js';
import { loggerOptions } from './logger.js';
import { authorizeRoutes } from './oauth/authorize/authorize.routes.js';
import { oauthRoutes } from './oauth/oauth.routes.js';
import { registerOperations } from './ops/operations.js';
import { createServices, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The instance's long-lived services (keys, caches, authenticator, invalidation bus). */
    services: Services;
  }
}

export interface AppDeps {
  orm: Orm;
  /**
   * Overrides the logger: `false` for silence, or pino options — tests pass
   * `{ ...loggerOptions(config), stream }` to capture what the server would log.
   */
  logger?: FastifyServerOptions['logger'];
  /** LISTEN through this PostgreSQL URL instead of the ORM's (tests partition the channel alone). */
  listenUrl?: string;
}

/**
 * Builds the whole HTTP application: the server, the CLI-free tests and the bench
 * all go through here. Nothing listens until the caller says so.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const logger = deps.logger === undefined ? loggerOptions(config) : deps.logger;
  const app = Fastify({
    logger,
    // pino's child per request only when the request logs something (http/request-logger.ts).
    ...(logger ? { childLoggerFactory: lazyRequestLogger } : {}),
    // Every request body here is small (OAuth parameters, forms); GraphQL sets its own 100 KiB.
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  // No response here is meant to be sniffed into another type (JSON read as HTML, say). The
  // pages add the rest of their policy themselves (oauth/authorize/pages.ts): their CSP
  // names each request's redirect URI, which a static header plugin cannot.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done();
  });
  const services = await createServices(config, deps.orm, app.log, { listenUrl: deps.listenUrl });
  app.decorate('services', services);
  app.addHook('onClose', () => services.close());
  await registerCors(app, services);
  registerOperations(app, services);
  await app.register(authorizeRoutes, services);
  await app.register(oauthRoutes, { services });
  await app.register(graphqlRoutes, { services });
  await app.register(consoleRoutes);

  app.get('/healthz', async (_request, reply) => {
    const ok = await withTimeout(databaseAnswers(deps.orm), 2000);
    reply.header('cache-control', 'no-store');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'up' : 'down' });
  });

  // Any path without a route (also one that normalizes away, like /clients/./refresh) answers in the
  // same JSON error shape as the OAuth endpoints, never Fastify's default body.
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({ error: 'not_found', error_description: `no route for ${request.method} ${request.url.split('?')[0]}` }),
  );

  return app;
}

async function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
