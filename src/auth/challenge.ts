import type { Config } from '../config.js';
import { DPOP_ALGORITHMS } from './dpop-proof.js';
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

/**
 * The `WWW-Authenticate` values for a refused resource request: a DPoP refusal gets the
 * RFC 9449 §7.1 challenge (`invalid_dpop_proof`, `use_dpop_nonce` or `invalid_token`,
 * with `algs`); a Bearer refusal the RFC 6750 one; a request without any token both, so
 * a client learns it may use either.
 */
export function resourceChallenges(
  config: Pick<Config, 'issuer'>,
  error: AuthenticationError,
  options: { resourceMetadata: boolean } = { resourceMetadata: true },
): string[] {
  if (error.scheme === 'DPoP') return [dpopChallenge(error)];
  const bearer = bearerChallenge(config, error, options);
  return error.reason === 'missing_token' ? [bearer, dpopChallenge()] : [bearer];
}

function dpopChallenge(error?: AuthenticationError): string {
  const parts: string[] = [];
  if (error) {
    const code = error.reason === 'invalid_dpop_proof' || error.reason === 'use_dpop_nonce' ? error.reason : 'invalid_token';
    parts.push(`error="${code}"`, `error_description="${quote(error.message)}"`);
  }
  parts.push(`algs="${DPOP_ALGORITHMS.join(' ')}"`);
  return `DPoP ${parts.join(', ')}`;
}
