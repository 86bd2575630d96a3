import { InvalidTarget } from './errors.js';
import type { RequestParams } from './params.js';

/**
 * Why a `resource` value cannot be used (RFC 8707 §2), or null when it can: an absolute
 * URI without a fragment, and one of the configured resources. One resource per token:
 * a token aimed at two APIs could be replayed by either against the other.
 */
export function resourceProblem(value: string, known: readonly string[]): string | null {
  if (!URL.canParse(value) || value.includes('#')) return 'resource must be an absolute URI without a fragment';
  if (!known.includes(value)) return 'resource is not an API this server issues tokens for';
  return null;
}

/** The `resource` of a token request, checked; null when it names none. */
export function requestedResource(params: RequestParams, known: readonly string[]): string | null {
  if (params.repeated('resource')) throw new InvalidTarget('only one resource may be requested per token');
  const value = params.get('resource');
  if (value === undefined) return null;
  const problem = resourceProblem(value, known);
  if (problem) throw new InvalidTarget(problem);
  return value;
}

/**
 * For a grant that was already aimed (a code, a refresh token): the request may repeat
 * its resource but not change it — consent covered that API and no other.
 */
export function grantedResource(params: RequestParams, known: readonly string[], granted: string | null): string | null {
  const requested = requestedResource(params, known);
  if (requested !== null && requested !== granted) {
    throw new InvalidTarget('resource differs from the one the grant was issued for');
  }
  return granted;
}
