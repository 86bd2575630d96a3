import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('operations configuration', () => {
  it('defaults: no metrics, no tracing, hourly purge, 7 days of tokens and 90 days of audit kept', () => {
    const config = loadConfig({});
    expect(config.metrics).toBeUndefined();
    expect(config.tracing).toBeUndefined();
    expect(config.purge).toEqual({ intervalSeconds: 3600, tokenRetentionSeconds: 7 * 86400, auditRetentionSeconds: 90 * 86400 });
  });

  it('METRICS_PORT turns metrics on, on loopback unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ host: '0.0.0.0', port: 9464 });
  });

  it('reads `off` for the purge interval and the audit retention', () => {
    const { purge } = loadConfig({ TOKEN_PURGE_INTERVAL: 'off', AUDIT_RETENTION: 'OFF', TOKEN_RETENTION: '2d' });
    expect(purge).toEqual({ intervalSeconds: null, tokenRetentionSeconds: 2 * 86400, auditRetentionSeconds: null });
  });

  it('takes the standard OTLP variables: the general endpoint gets /v1/traces, the traces endpoint is used as is', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'core-api',
      headers: {},
    });
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-tenant = core',
      OTEL_SERVICE_NAME: 'auth-eu',
    }).tracing;
    expect(tracing).toEqual({
      endpoint: 'https://traces.example/otlp',
      serviceName: 'auth-eu',
      headers: { authorization: 'Bearer abc', 'x-tenant': 'core' },
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing,
    ).toBeUndefined();
  });

  const cases: [Record<string, string>, string][] = [
    [{ METRICS_PORT: 'nine' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ METRICS_HOST: '0.0.0.0' }, 'METRICS_PORT'],
    [{ TOKEN_PURGE_INTERVAL: 'never' }, 'TOKEN_PURGE_INTERVAL'],
    [{ TOKEN_PURGE_INTERVAL: '0' }, 'TOKEN_PURGE_INTERVAL'],
    [{ TOKEN_RETENTION: 'off' }, 'TOKEN_RETENTION'],
    [{ AUDIT_RETENTION: '1w' }, 'AUDIT_RETENTION'],
    [{ AUDIT_RETENTION: '10m' }, 'AUDIT_RETENTION'],
    [{ AUDIT_RETENTION: '1h', RATE_LIMIT_WINDOW: '2h' }, 'AUDIT_RETENTION'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED'],
  ];
  it.each(cases)('%j names %s', (env, variable) => {
    const message = configError(env);
    expect(message.startsWith(variable), message).toBe(true);
  });
});
