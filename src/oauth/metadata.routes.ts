import type { FastifyInstance } from 'fastify';
import { DPOP_ALGORITHMS } from '../auth/dpop-proof.js';
import { CLIENT_ASSERTION_ALGORITHMS, ID_TOKEN_ALGORITHM } from '../auth/jwt.js';
import { ALL_SCOPE, PERMISSIONS } from '../modules/access/catalogue.js';
import { claimsOf, IDENTITY_SCOPE_NAMES } from '../modules/access/identity-scopes.js';
import type { Services } from '../services.js';
import { PROMPT_VALUES } from './authorize/authorize-oidc.js';
import { grants } from './grants/index.js';

/** Discovery documents change only with a deploy or a key rotation: let clients cache them briefly. */
const CACHE = 'public, max-age=300';

/** What an ID token may carry, then what the identity scopes release (OIDC Core §2, §5.4). */
const ID_TOKEN_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'azp', 'nonce', 'at_hash', 'sid'];

/**
 * `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0) and
 * `/.well-known/oauth-authorization-server` (RFC 8414) — one document at both, so the
 * two can never disagree — `/.well-known/jwks.json` and
 * `/.well-known/oauth-protected-resource` (RFC 9728, the GraphQL endpoint), also at the
 * path-suffixed location RFC 9728 §3.1 derives from the resource URL.
 */
export async function metadataRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { config, keys } = options.services;
  const issuer = config.issuer;
  const permissionScopes = [...PERMISSIONS.map((permission) => permission.name), ALL_SCOPE];
  const scopes = [...IDENTITY_SCOPE_NAMES, ...permissionScopes];

  const authorizationServer = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    end_session_endpoint: `${issuer}/oauth/logout`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    // RFC 9126: per client (`requirePushedAuthorizationRequests`), not for every client.
    pushed_authorization_request_endpoint: `${issuer}/oauth/par`,
    require_pushed_authorization_requests: false,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    scopes_supported: scopes,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...grants.keys()],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    revocation_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    introspection_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
    code_challenge_methods_supported: ['S256'],
    // RFC 9449 §5.1: DPoP proofs at the token endpoint (and `dpop_jkt` on authorization requests).
    dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
    subject_types_supported: ['public'],
    // ID tokens stay RS256 whatever ACCESS_TOKEN_ALG says (see ID_TOKEN_ALGORITHM).
    id_token_signing_alg_values_supported: [ID_TOKEN_ALGORITHM],
    // Not registered by RFC 8414 (RFC 9068 names none): what access tokens are signed with,
    // for resource servers that verify them with the JWKS and pin the algorithm.
    access_token_signing_alg_values_supported: [keys.accessTokenAlgorithm],
    claims_supported: [...ID_TOKEN_CLAIMS, ...claimsOf(IDENTITY_SCOPE_NAMES)],
    claim_types_supported: ['normal'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    prompt_values_supported: PROMPT_VALUES,
    // The authorization response carries `iss` (RFC 9207), against mix-up attacks.
    authorization_response_iss_parameter_supported: true,
    // RFC 8707: the resources a `resource` parameter may name (the GraphQL endpoint first).
    protected_resources: config.resources,
  };
  const protectedResource = {
    resource: config.resources[0],
    authorization_servers: [issuer],
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    scopes_supported: permissionScopes,
    bearer_methods_supported: ['header'],
    // RFC 9728 §2 / RFC 9449 §7: DPoP-bound tokens are accepted (with a proof), Bearer ones too.
    dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
    dpop_bound_access_tokens_required: false,
    resource_name: 'Core API',
  };

  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    app.get(path, async (_request, reply) => reply.header('cache-control', CACHE).send(authorizationServer));
  }
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.header('cache-control', CACHE).type('application/jwk-set+json').send(keys.jwks),
  );
  for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/graphql']) {
    app.get(path, async (_request, reply) => reply.header('cache-control', CACHE).send(protectedResource));
  }
}
