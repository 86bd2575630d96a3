import type { FastifyInstance } from 'fastify';
import { ALL_SCOPE, PERMISSIONS } from '../modules/access/catalogue.js';
import type { Services } from '../services.js';
import { grants } from './grants/index.js';

/** Discovery documents change only with a deploy or a key rotation: let clients cache them briefly. */
const CACHE = 'public, max-age=300';

/**
 * `GET /.well-known/oauth-authorization-server` (RFC 8414), `/.well-known/jwks.json`
 * and `/.well-known/oauth-protected-resource` (RFC 9728, the GraphQL endpoint), also
 * at the path-suffixed location RFC 9728 §3.1 derives from the resource URL.
 */
export async function metadataRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { config, keys } = options.services;
  const issuer = config.issuer;
  const scopes = [...PERMISSIONS.map((permission) => permission.name), ALL_SCOPE];

  const authorizationServer = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    scopes_supported: scopes,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...grants.keys()],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    // The authorization response carries `iss` (RFC 9207), against mix-up attacks.
    authorization_response_iss_parameter_supported: true,
    protected_resources: [`${issuer}/graphql`],
  };
  const protectedResource = {
    resource: `${issuer}/graphql`,
    authorization_servers: [issuer],
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    scopes_supported: scopes,
    bearer_methods_supported: ['header'],
    resource_name: 'Core API',
  };

  app.get('/.well-known/oauth-authorization-server', async (_request, reply) =>
    reply.header('cache-control', CACHE).send(authorizationServer),
  );
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.header('cache-control', CACHE).type('application/jwk-set+json').send(keys.jwks),
  );
  for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/graphql']) {
    app.get(path, async (_request, reply) => reply.header('cache-control', CACHE).send(protectedResource));
  }
}
