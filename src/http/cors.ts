import { type FastifyCorsOptions, fastifyCors } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';

/**
 * Who may read an endpoint's answers from a script on another origin (PRODUCT §8):
 * - `client`: the token and revocation endpoints, for the requesting client's web origins;
 * - `bearer`: `/graphql` and userinfo, for the token's client's web origins;
 * - `public`: discovery documents and keys, for anyone;
 * - `proxy`: the first-party proxy, with credentials, for the origins configured for it.
 * Everything else (the authorization endpoint, the pages, introspection, the console) has no CORS.
 */
type Policy = { kind: 'client' | 'bearer' | 'public' } | { kind: 'proxy'; name: string };

const PROXY_ROUTE = /^\/clients\/([^/]+)\/(?:login|refresh)$/;

function policyFor(path: string): Policy | null {
  if (path === '/oauth/token' || path === '/oauth/revoke') return { kind: 'client' };
  if (path === '/graphql' || path === '/oauth/userinfo') return { kind: 'bearer' };
  if (path.startsWith('/.well-known/')) return { kind: 'public' };
  const proxy = PROXY_ROUTE.exec(path);
  return proxy ? { kind: 'proxy', name: proxy[1] } : null;
}

/** Headers a portal's script must be able to read: the challenge, the back-off, the DPoP nonce. */
const EXPOSED = ['WWW-Authenticate', 'Retry-After', 'DPoP-Nonce'];
/** Browsers cache a preflight this long (Chromium caps it at 2 h); actual requests are checked every time. */
const PREFLIGHT_MAX_AGE = 600;

const SHAPES: Record<Policy['kind'], FastifyCorsOptions> = {
  client: { methods: ['POST'], allowedHeaders: ['Authorization', 'Content-Type', 'DPoP'] },
  bearer: {
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'DPoP', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name'],
  },
  public: { methods: ['GET'] },
  // DPoP: a browser app may bind the proxy's tokens to its key (RFC 9449), as at the token endpoint.
  proxy: { methods: ['POST'], allowedHeaders: ['Content-Type', 'DPoP'], credentials: true },
};

const NONE: FastifyCorsOptions = { origin: false };

/**
 * CORS through @fastify/cors, decided per request in `onRequest` (so that a 401 answered
 * there is readable too). A preflight carries no credentials and a token request's client
 * is named only in the body, which `onRequest` cannot see: at this layer the `client` and
 * `bearer` endpoints accept any live client's web origin, and each endpoint then refuses,
 * before doing anything, a request from an origin that is not its client's own
 * ({@link originAllowed}). So a foreign origin's request is never executed with its answer
 * merely hidden. Web origins come from the auth state's cache: a change reaches every
 * instance through the invalidation channel.
 */
export async function registerCors(app: FastifyInstance, services: Services): Promise<void> {
  const decide = async (origin: string, policy: Policy): Promise<FastifyCorsOptions> => {
    const shape = { ...SHAPES[policy.kind], exposedHeaders: EXPOSED, maxAge: PREFLIGHT_MAX_AGE };
    switch (policy.kind) {
      case 'public':
        return { ...shape, origin: '*' };
      case 'proxy': {
        const client = services.config.proxyClients.get(policy.name);
        return client?.origins.includes(origin) ? { ...shape, origin } : NONE;
      }
      default:
        return (await services.state.isWebOrigin(origin)) ? { ...shape, origin } : NONE;
    }
  };
  await app.register(fastifyCors, {
    hook: 'onRequest',
    // The callback form: a request without `Origin` (every server-to-server one) or to a path
    // without a policy is answered at once, without a promise and a microtask per request.
    delegator: (request: FastifyRequest, callback: (error: Error | null, options: FastifyCorsOptions) => void) => {
      const origin = request.headers.origin;
      const policy = origin ? policyFor(request.url.split('?')[0]) : null;
      if (!origin || !policy) return callback(null, NONE);
      decide(origin, policy).then(
        (options) => callback(null, options),
        (error: unknown) => {
          // The origins could not be read (the database is away): no CORS, and the endpoint answers 503 itself.
          request.log.warn({ err: error }, 'CORS origins unavailable');
          callback(null, NONE);
        },
      );
    },
  });
}

/**
 * Whether a request may act for a client whose web origins are `allowed`: a request
 * without `Origin` (not from a browser script), from the server's own origin (its pages
 * and console), or from one of those origins.
 */
export function originAllowed(request: FastifyRequest, issuer: string, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === new URL(issuer).origin || allowed.includes(origin);
}
