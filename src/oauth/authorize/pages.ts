import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';

const VIEWS = fileURLToPath(new URL('./views', import.meta.url));
const CSS = readFileSync(new URL('./views/styles.css', import.meta.url), 'utf8');
/** The one inline stylesheet is allowed by its hash: no 'unsafe-inline', no external asset. */
const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

// autoEscape is eta's default; stated here because every page relies on it.
const eta = new Eta({ views: VIEWS, autoEscape: true, cache: true });

export type PageName = 'login' | 'consent' | 'error' | 'signed-out';

export interface PageOptions {
  status?: number;
  /** The client's redirect URI: forms on the page may end in a redirect there (CSP form-action). */
  redirectUri?: string;
}

/**
 * Sends a server-rendered page with the headers every authorization page carries:
 * a CSP that allows nothing but the page's own stylesheet and form posts, no framing
 * (clickjacking on a consent button), and no caching (pages hold CSRF tokens).
 */
export function sendPage(
  reply: FastifyReply,
  page: PageName,
  data: Record<string, unknown>,
  options: PageOptions = {},
): FastifyReply {
  const html = eta.render(`./${page}`, { ...data, css: CSS });
  return reply
    .code(options.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy(options.redirectUri))
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send(html);
}

function contentSecurityPolicy(redirectUri: string | undefined): string {
  // Browsers apply form-action to the redirects that follow a form post too, so the
  // client's redirect target has to be listed beside 'self'.
  const formTargets = ["'self'", redirectUri ? formActionSource(redirectUri) : null].filter(Boolean).join(' ');
  return [
    "default-src 'none'",
    `style-src ${CSS_HASH}`,
    "img-src 'self' data:",
    `form-action ${formTargets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** An origin for web redirect URIs, the scheme alone for native apps' custom schemes. */
function formActionSource(redirectUri: string): string | null {
  try {
    const url = new URL(redirectUri);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? url.protocol : null;
  } catch {
    return null;
  }
}
