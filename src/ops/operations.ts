import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { traceHttp } from './http-spans.js';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';
import { PurgeScheduler } from './purge-scheduler.js';
import { checkReadiness } from './readiness.js';
import { traceSql } from './sql-spans.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus endpoint's URL once listening; null when METRICS_PORT is not set. */
    metricsUrl: string | null;
  }
}

/**
 * What an operator needs from an instance, apart from the API: traces (when configured), request metrics (route
 * templates, never raw URLs), `GET /readyz`, the periodic token purge, and the metrics
 * listener, which opens and closes with the app. Call before the routes are registered, so the hooks reach them.
 */
export function registerOperations(app: FastifyInstance, services: Services): void {
  const { metrics, config, tracing } = services;
  if (tracing) {
    traceHttp(app, tracing.tracer);
    traceSql(services.orm, tracing.tracer);
  }
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/readyz', async (_request, reply) => {
    const { ready, body } = await checkReadiness(services.orm, services.invalidation);
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body);
  });

  const { intervalSeconds } = config.purge;
  if (intervalSeconds !== null) {
    const scheduler = new PurgeScheduler(services.orm, { ...config.purge, intervalSeconds }, metrics, app.log);
    app.addHook('onListen', (done) => {
      scheduler.start();
      done();
    });
    app.addHook('onClose', () => scheduler.stop());
  }

  app.decorate('metricsUrl', null);
  const listen = config.metrics;
  if (!listen) return;
  let server: MetricsServer | undefined;
  app.addHook('onReady', async () => {
    server = await startMetricsServer(metrics.registry, listen.host, listen.port);
    app.metricsUrl = server.url;
    app.log.info({ url: server.url }, 'metrics listening');
  });
  app.addHook('onClose', async () => {
    await server?.close();
    server = undefined;
  });
}
