import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { InputError, NotAllowedError, NotFoundError, PreconditionError } from '../lib/errors.js';

/** The codes this API puts in `extensions.code`, besides Apollo's own (GRAPHQL_VALIDATION_FAILED, …). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'QUERY_TOO_COSTLY'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export class ApiError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/** A field the caller's permissions do not reach. */
export class ForbiddenError extends ApiError {
  constructor(field: string, reason?: string) {
    super(reason ?? `not allowed: ${field}`, 'FORBIDDEN');
  }
}

/** Names the offending argument path in `extensions.field` (e.g. `input.email`, `first`). */
export class BadUserInputError extends ApiError {
  constructor(field: string, message: string) {
    super(message, 'BAD_USER_INPUT', { field });
  }
}

/** Turns the domain's errors into API errors; anything else is internal. */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof InputError) return new BadUserInputError(error.field, error.message);
  if (error instanceof NotFoundError) return new ApiError(error.message, 'NOT_FOUND');
  if (error instanceof NotAllowedError) return new ApiError(error.message, 'FORBIDDEN');
  if (error instanceof PreconditionError) return new ApiError(error.message, 'FAILED_PRECONDITION');
  if (isDatabaseUnavailable(error))
    return new ApiError('the service is temporarily unavailable; retry shortly', 'SERVICE_UNAVAILABLE');
  return null;
}

const MASKED: GraphQLFormattedError['extensions'] = { code: 'INTERNAL_SERVER_ERROR' };

/**
 * Apollo's `formatError`: GraphQL errors (ours, shield's, Apollo's validation) go
 * out as they are, domain errors become their API error, and every other error is
 * masked; its details reach only the log (see the error-log plugin).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const api = toApiError(original);
  if (api) return { ...formatted, message: api.message, extensions: api.extensions };
  if (original instanceof GraphQLError) return formatted;
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: MASKED };
}

/** True for an error that formatError masks: those are logged. */
export function isInternal(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  return !(original instanceof GraphQLError) && toApiError(original) === null;
}

/**
 * The database went away while the operation ran (the token was already known, so the
 * request got past authentication): answer 503 with Retry-After, like the token
 * endpoint and /healthz, rather than 200 with a masked internal error.
 */
export function serviceUnavailablePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          if (!errors.some((error) => isDatabaseUnavailable(unwrapResolverError(error)))) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
        },
      };
    },
  };
}
