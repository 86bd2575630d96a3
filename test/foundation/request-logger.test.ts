import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyRequestLogger } from '../../src/http/request-logger.js';
import { LogCapture } from '../security/support/log-capture.js';

/** A Fastify app logging into a capture at `level`, with the lazy request logger, and one route that logs. */
async function loggingApp(level: string) {
  const logs = new LogCapture();
  const app = Fastify({ logger: { level, stream: logs }, childLoggerFactory: lazyRequestLogger });
  app.get('/work', async (request) => {
    request.log.info({ step: 'info-line' }, 'working');
    request.log.warn({ step: 'warn-line' }, 'careful');
    request.log.debug('details');
    return { ok: true };
  });
  app.get('/nested', async (request) => {
    request.log.child({ part: 'inner' }).warn('from a child');
    request.log.level = 'debug';
    request.log.debug('now at debug');
    return { level: request.log.level };
  });
  app.get('/quiet', async () => ({ ok: true }));
  app.get('/verbose', { logLevel: 'debug' }, async (request) => {
    request.log.debug('a route at debug');
    return { ok: true };
  });
  await app.ready();
  return { app, logs };
}

describe('request logger (made only when a line is written)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('writes the lines of enabled levels with the request id, and nothing below the level', async () => {
    const { app, logs } = await loggingApp('warn');
    close = () => app.close();
    const response = await app.inject({ method: 'GET', url: '/work' });
    expect(response.statusCode).toBe(200);
    const entries = logs.entries();
    expect(entries.map((entry) => entry.msg)).toEqual(['careful']);
    expect(entries[0]).toMatchObject({ level: 40, step: 'warn-line', reqId: 'req-1' });
  });

  it('makes no pino child for a request that logs nothing at an enabled level', async () => {
    const { app, logs } = await loggingApp('warn');
    close = () => app.close();
    const child = vi.spyOn(app.log, 'child');
    await app.inject({ method: 'GET', url: '/quiet' });
    expect(child).not.toHaveBeenCalled();
    await app.inject({ method: 'GET', url: '/work' });
    expect(child).toHaveBeenCalledTimes(1);
    expect(logs.entries()).toHaveLength(1);
  });

  it("keeps Fastify's own request lines at info, each with its request id", async () => {
    const { app, logs } = await loggingApp('info');
    close = () => app.close();
    await app.inject({ method: 'GET', url: '/work' });
    await app.inject({ method: 'GET', url: '/quiet' });
    const entries = logs.entries();
    expect(entries.map((entry) => [entry.reqId, entry.msg])).toEqual([
      ['req-1', 'incoming request'],
      ['req-1', 'working'],
      ['req-1', 'careful'],
      ['req-1', 'request completed'],
      ['req-2', 'incoming request'],
      ['req-2', 'request completed'],
    ]);
  });

  it("follows a route's own logLevel, not the parent's", async () => {
    const { app, logs } = await loggingApp('warn');
    close = () => app.close();
    await app.inject({ method: 'GET', url: '/verbose' });
    await app.inject({ method: 'GET', url: '/quiet' });
    expect(logs.entries().map((entry) => [entry.reqId, entry.msg])).toEqual([
      ['req-1', 'incoming request'],
      ['req-1', 'a route at debug'],
      ['req-1', 'request completed'],
    ]);
  });

  it("gives children the request's bindings, and a level set on the request logger to that request alone", async () => {
    const { app, logs } = await loggingApp('warn');
    close = () => app.close();
    const first = await app.inject({ method: 'GET', url: '/nested' });
    expect(first.json()).toEqual({ level: 'debug' });
    await app.inject({ method: 'GET', url: '/work' });
    const entries = logs.entries();
    expect(entries.map((entry) => [entry.reqId, entry.msg])).toEqual([
      ['req-1', 'from a child'],
      ['req-1', 'now at debug'],
      // Fastify's own line now passes the request's level too, as with an eager child.
      ['req-1', 'request completed'],
      ['req-2', 'careful'],
    ]);
    expect(entries[0]).toMatchObject({ part: 'inner' });
    expect(app.log.level).toBe('warn');
  });
});
