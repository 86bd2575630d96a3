import type { Config } from '../config.js';
import type { AuthenticationError } from './principal.js';

/** Where RFC 9728 metadata of the GraphQL resource server is published. */
export function resourceMetadataUrl(config: Pick<Config, 'issuer'>): string {
  return `${config.issuer}/.well-known/oauth-protected-resource`;
}

/** RFC 6750 §3: `error_description` is %x20-21 / %x23-5B / %x5D-7E, so a header never breaks on a message. */
const quote = (value: string) => value.replace(/[’‘]/g, "'").replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '');

/**
 * The RFC 6750 §3 `WWW-Authenticate` challenge for a refused Bearer token, pointing at
 * the resource metadata (RFC 9728 §5.1). A request without any token gets no error code.
 */
export function bearerChallenge(
  config: Pick<Config, 'issuer'>,
  error?: AuthenticationError,
  options: { resourceMetadata: boolean } = { resourceMetadata: true },
): string {
  const parts = ['realm="core-api"'];
  if (error && error.reason !== 'missing_token') {
    parts.push('error="invalid_token"', `error_description="${quote(error.message)}"`);
  }
  if (options.resourceMetadata) parts.push(`resource_metadata="${resourceMetadataUrl(config)}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** RFC 6750 §3.1 `insufficient_scope`: the token is good but lacks `scope`. */
export function insufficientScopeChallenge(scope: string, description: string): string {
  return `Bearer realm="core-api", error="insufficient_scope", error_description="${quote(description)}", scope="${scope}"`;
}
