import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, visit } from 'graphql';
import { unstorableText } from '../db/storable-text.js';

/**
 * Refuses, before any resolver runs, a request whose variables or string literals hold
 * text the database cannot store (a NUL, a lone surrogate: see storable-text.ts). It would
 * otherwise surface as a masked internal error from whichever query met it first, or be
 * stored altered. BAD_USER_INPUT, 400, naming the variable's path (e.g. `input.name`).
 */
export function storableTextPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const variable = firstUnstorable(request.variables ?? {}, '');
          if (variable !== null) throw refusal(variable.path || 'variables', variable.reason);
          const literal = unstorableLiteral(document);
          if (literal !== null) throw refusal('query', literal);
        },
      };
    },
  };
}

function refusal(field: string, reason: string): GraphQLError {
  return new GraphQLError(`${field} ${reason}`, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });
}

/** The path of the first string (or key) the database cannot store, and why; or null. */
function firstUnstorable(value: unknown, path: string): { path: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableText(value);
    return reason === null ? null : { path, reason };
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    const keyReason = unstorableText(key);
    if (keyReason !== null) return { path: itemPath, reason: keyReason };
    const found = firstUnstorable(item, itemPath);
    if (found !== null) return found;
  }
  return null;
}

/** Apollo parses a query text once and hands every request of it the same document: its literals are checked once. */
const literalVerdicts = new WeakMap<DocumentNode, string | null>();

function unstorableLiteral(document: DocumentNode): string | null {
  let verdict = literalVerdicts.get(document);
  if (verdict === undefined) {
    verdict = firstUnstorableLiteral(document);
    literalVerdicts.set(document, verdict);
  }
  return verdict;
}

function firstUnstorableLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node) {
      found ??= unstorableText(node.value);
    },
  });
  return found;
}
