import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/** Parameters that carry a credential; RFC 6749 forbids them in a URL, but a careless client may put them there. */
const CREDENTIAL_PARAMETERS = new Set([
  'client_secret',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'code',
  'code_verifier',
  'assertion',
  // An ID token names the user and their sign-in session (`sid`); GET /oauth/logout carries one.
  'id_token',
  'id_token_hint',
]);

/**
 * pino options for the whole server. Credentials can reach a log line only through
 * request headers, bodies or a URL's query, so those paths are censored wherever
 * they appear.
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'env'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    serializers: { req: serializeRequest },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.client_secret',
        '*.refresh_token',
        '*.access_token',
        '*.code',
        '*.code_verifier',
        '*.id_token',
        '*.id_token_hint',
        '*.token',
        '*.secret',
        '*.clientSecret',
      ],
      censor: '[redacted]',
    },
  };
}

/** Fastify's request fields, with the values of credential parameters in the query censored. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: censorQuery(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function censorQuery(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = new URLSearchParams(url.slice(start + 1));
  let censored = false;
  for (const name of new Set(query.keys())) {
    if (!CREDENTIAL_PARAMETERS.has(name.toLowerCase())) continue;
    query.set(name, '[redacted]');
    censored = true;
  }
  return censored ? `${url.slice(0, start)}?${query}` : url;
}
