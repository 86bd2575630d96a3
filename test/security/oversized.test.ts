import 'reflect-metadata';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientCredentialsToken, createTestClient } from '../helpers/tokens.js';

/** The status line of a raw HTTP/1.1 exchange, and how long the server took to give it. */
async function raw(t: TestApp, head: string, body: Buffer | string = ''): Promise<{ status: number; ms: number; text: string }> {
  const { port } = new URL(t.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), ms: performance.now() - started, text });
    });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(head);
    socket.end(body);
  });
}

const post = (path: string, contentType: string, body: string | Buffer, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;

const JSON_ENDPOINTS = ['/oauth/token', '/oauth/revoke', '/oauth/introspect', '/clients/web/login', '/logout', '/graphql'];

/**
 * Oversized and pathological requests are refused early with a 4xx, quickly, and the
 * server keeps serving: headers past Node's 16 KiB, URLs past it, bodies past each
 * route's limit (declared or chunked), deeply nested JSON, thousands of parameters.
 */
describe('oversized headers and bodies', () => {
  let t: TestApp;
  let bearer: string;
  beforeAll(async () => {
    t = await startTestApp();
    const client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    // GraphQL authenticates before it reads a body: only a valid token gets as far as the size check.
    bearer = `Authorization: Bearer ${(await clientCredentialsToken(t, client.id, client.secret!)).access_token}\r\n`;
  });
  afterAll(() => t.close());

  const expectRefused = (result: { status: number; ms: number; text: string }, status: number | number[], what: string) => {
    expect([status].flat(), `${what}: ${result.text.slice(0, 200)}`).toContain(result.status);
    expect(result.ms, what).toBeLessThan(3000);
  };

  it('431 for a header block past 16 KiB (a padding header, a huge Bearer token, a huge cookie)', async () => {
    for (const header of [
      `X-Pad: ${'a'.repeat(20_000)}`,
      `Authorization: Bearer ${'a'.repeat(20_000)}`,
      `Cookie: c=${'a'.repeat(20_000)}`,
    ]) {
      expectRefused(
        await raw(t, `GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${header}\r\n\r\n`),
        431,
        header.slice(0, 12),
      );
    }
  });

  it('a URL past the header limit is refused, not parsed', async () => {
    const query = `response_type=code&state=${'s'.repeat(40_000)}`;
    expectRefused(
      await raw(t, `GET /oauth/authorize?${query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      [414, 431],
      'long URL',
    );
  });

  it('413 for a body past the route’s limit, declared or chunked, on every endpoint', async () => {
    const form = `a=${'x'.repeat(200 * 1024)}`;
    const json = JSON.stringify({ a: 'x'.repeat(200 * 1024) });
    for (const path of [...JSON_ENDPOINTS, '/oauth/authorize/login', '/oauth/authorize']) {
      const auth = path === '/graphql' ? bearer : '';
      if (path !== '/graphql') {
        expectRefused(await raw(t, post(path, 'application/x-www-form-urlencoded', form, auth), form), 413, `${path} form`);
      }
      expectRefused(await raw(t, post(path, 'application/json', json, auth), json), 413, `${path} JSON`);
      const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${auth}\r\n`;
      const chunk = `{"a":"${'x'.repeat(150 * 1024)}"}`;
      const chunked = await raw(t, head, `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
      expectRefused(chunked, 413, `${path} chunked`);
    }
  });

  it('400, not a crash, for JSON nested 20,000 deep and for 5,000 parameters', async () => {
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const many = Array.from({ length: 5000 }, (_, index) => `p${index}=${index}`).join('&');
    for (const path of JSON_ENDPOINTS) {
      for (const [type, body] of [
        ['application/json', nested],
        ['application/json', objects],
        ['application/x-www-form-urlencoded', many],
      ]) {
        const result = await raw(t, post(path, type, body, path === '/graphql' ? bearer : ''), body);
        expect(result.status, `${path} ${type} ${result.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(result.status, `${path} ${type} ${result.text.slice(0, 300)}`).toBeLessThan(500);
      }
    }
  });

  it('still serves afterwards', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
