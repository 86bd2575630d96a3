import { context, propagation, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Config } from '../config.js';

export interface Tracing {
  tracer: Tracer;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

let contextInstalled = false;

/**
 * The OpenTelemetry SDK for one app: spans batched to the OTLP/HTTP endpoint of the
 * standard variables. The tracer is handed to the hooks that use it rather than made
 * global, so an app without tracing pays nothing (no hook is even registered); the
 * context manager and the W3C propagator are process-wide, set once.
 */
export function startTracing(tracing: NonNullable<Config['tracing']>): Tracing {
  if (!contextInstalled) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    contextInstalled = true;
  }
  const exporter = new OTLPTraceExporter({ url: tracing.endpoint, headers: tracing.headers });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': tracing.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  return {
    tracer: provider.getTracer('core-api'),
    shutdown: () => provider.shutdown(),
  };
}
