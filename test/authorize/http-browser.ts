import { request as httpRequest } from 'node:http';

/**
 * A minimal browser for HTTP-level tests: keeps the session cookie, does not follow
 * redirects, reads the pages' forms, and can connect from another loopback address
 * (127.0.0.2, …) so per-IP limits can be told apart from per-username ones.
 */
export class HttpBrowser {
  private cookie: string | null = null;

  constructor(private readonly localAddress = '127.0.0.1') {}

  get(url: string): Promise<Response> {
    return this.send('GET', url, this.headers());
  }

  post(url: string, fields: Record<string, string> | [string, string][]): Promise<Response> {
    const body = new URLSearchParams(fields).toString();
    return this.send('POST', url, { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' }, body);
  }

  private send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Response> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(url, { method, headers, localAddress: this.localAddress }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const item of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, item);
          }
          const response = new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers: responseHeaders });
          resolve(this.remember(response));
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Submits the page's form with its hidden fields plus `fields`. */
  async submit(base: string, html: string, fields: Record<string, string> = {}): Promise<Response> {
    const form = readForm(html);
    return this.post(new URL(form.action, base).href, { ...form.fields, ...fields });
  }

  get sessionCookie(): string | null {
    return this.cookie;
  }

  forgetCookie(): void {
    this.cookie = null;
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private remember(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      if (pair.startsWith('core_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    return response;
  }
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/** The first form of a page: its action and hidden fields (values unescaped, as a browser would send them). */
export function readForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error('no form on the page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1])] = unescapeHtml(match[2]);
  }
  return { action: unescapeHtml(action), fields };
}

/** The parameters of a redirect back to the client. */
export function redirectParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location).searchParams;
}
