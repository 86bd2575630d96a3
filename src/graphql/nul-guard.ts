import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, visit } from 'graphql';

const NUL = '\u0000';

/**
 * Refuses, before any resolver runs, a request whose variables or string literals hold
 * a NUL character: PostgreSQL text cannot store one, so it would otherwise surface as a
 * masked internal error from whichever query met it first. BAD_USER_INPUT, 400, naming
 * the variable's path (e.g. `filter.email`).
 */
export function nulGuardPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const path = pathOfNul(request.variables ?? {}, '');
          if (path !== null) throw refusal(path || 'variables');
          if (literalHasNul(document)) throw refusal('query');
        },
      };
    },
  };
}

function refusal(field: string): GraphQLError {
  return new GraphQLError(`${field} must not contain a NUL character`, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });
}

/** The path of the first string (or key) holding a NUL, or null. */
function pathOfNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes(NUL)) return itemPath;
    const found = pathOfNul(item, itemPath);
    if (found !== null) return found;
  }
  return null;
}

function literalHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) found = true;
    },
  });
  return found;
}
