import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_CLIENT_ID } from '../modules/client/console-client.js';

/**
 * No inline script or style, nothing from another origin: the bundle, its CSS and
 * same-origin fetches to /oauth/token and /graphql are all the console needs.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** dist/console beside the compiled server (dist/src/console), or under dist/ from the sources (tests). */
export function consoleDirectory(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return root.replace(/[\\/]$/, '').endsWith('dist') ? join(root, 'console') : join(root, 'dist', 'console');
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

/**
 * GET /console and every path below it: the console's single page (deep links such as
 * /console/apps/<id> included), its two assets, and nothing else. The files are read once.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const dir = consoleDirectory();
  let files: { html: string; assets: Map<string, Buffer> } | undefined;
  const load = () => {
    files ??= {
      html: readFileSync(join(dir, 'index.html'), 'utf8').replace('%CONSOLE_CLIENT_ID%', CONSOLE_CLIENT_ID),
      assets: new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(join(dir, name))])),
    };
    return files;
  };

  const page = async (_request: unknown, reply: FastifyReply) =>
    securityHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(load().html);

  app.get('/console', page);
  app.get<{ Params: { '*': string } }>('/console/*', async (request, reply) => {
    const name = request.params['*'];
    const type = ASSETS[name];
    if (!type) return page(request, reply);
    return securityHeaders(reply).header('cache-control', 'no-cache').type(type).send(load().assets.get(name));
  });
}
