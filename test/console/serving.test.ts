import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDirectory } from '../../src/console/console.routes.js';
import { CONSOLE_CLIENT_ID } from '../../src/modules/client/console-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** /console and its deep links answer the one page, under a strict CSP; the bundle stays in budget. */
describe('serving /console', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The global setup built the console.
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it.each(['/console', '/console/apps', '/console/apps/0b0f2a4e-1111-4222-8333-444455556666', '/console/callback?code=x'])(
    '%s is the console page with its client ID, a strict CSP and no CORS',
    async (path) => {
      const response = await fetch(`${t.url}${path}`, { headers: { origin: 'https://elsewhere.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const html = await response.text();
      expect(html).toContain(`<meta name="console-client-id" content="${CONSOLE_CLIENT_ID}">`);
      expect(html).toContain('<script type="module" src="/console/app.js"></script>');
      // No inline script or style: the only script and stylesheet are the two files.
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html).not.toMatch(/<style|style=/);
    },
  );

  it('serves the bundle and its CSS with their types', async () => {
    const js = await fetch(`${t.url}/console/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.arrayBuffer()).byteLength).toBe(statSync(join(consoleDirectory(), 'app.js')).size);
    const css = await fetch(`${t.url}/console/app.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain(':focus-visible');
  });

  it('keeps the JavaScript within 150 KB gzipped', async () => {
    const { gzipSync } = await import('node:zlib');
    const js = Buffer.from(await (await fetch(`${t.url}/console/app.js`)).arrayBuffer());
    expect(gzipSync(js, { level: 9 }).length).toBeLessThan(150 * 1024);
  });
});
