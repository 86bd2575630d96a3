import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  printSchema,
  type SourceLocation,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

type Gateway<TContext extends object> = ApolloServerOptionsWithGateway<TContext>['gateway'];
type SchemaListener = Parameters<Gateway<object>['onSchemaLoadOrUpdate']>[0];

/** What the cache keeps for an operation graphql-jit could not compile: graphql-js runs it. */
const INTERPRETED = 'interpreted';

/** Distinct operations kept compiled; the least recently used one is compiled again when it returns. */
export const COMPILED_OPERATIONS = 500;

/**
 * Executes operations through graphql-jit instead of graphql-js: each operation is
 * compiled once into a JavaScript function over its exact selection (no per-field
 * lookup of the schema, argument or completion walk on every request) and kept in a
 * bounded LRU keyed by the document's hash and operation name.
 *
 * It is plugged into Apollo Server 5 as a static "gateway" (`load()` hands Apollo the
 * schema and this executor), the one hook Apollo offers to replace execution. Everything
 * else stays Apollo's: parsing, the document cache, validation (graphql-armor's limits,
 * introspection off in production), the plugins (cost, text guard, metrics, spans, error
 * log, 503), error formatting and masking. The schema's resolvers are the same ones —
 * the field guard's synchronous shield checks included — so a denied field is still a
 * `FORBIDDEN` error beside the other fields' data.
 *
 * Variables that graphql-jit refuses are handed to graphql-js, which refuses them with its
 * own errors (naming the variable's definition, which Apollo turns into `BAD_USER_INPUT`
 * and a 400) — or, if it accepts them after all, executes the operation itself. So is a
 * request whose operation Apollo did not resolve (an `operationName` the document lacks):
 * graphql-jit would run the document's only operation where graphql-js refuses. And an
 * operation graphql-jit cannot compile is run by graphql-js every time it comes back.
 */
export function compiledExecution<TContext extends object>(
  schema: GraphQLSchema,
): Gateway<TContext> & { readonly compiledOperations: number } {
  const compiled = new LRUCache<string, CompiledQuery | typeof INTERPRETED>({ max: COMPILED_OPERATIONS });
  const listeners = new Set<SchemaListener>();
  const executor: Awaited<ReturnType<Gateway<TContext>['load']>>['executor'] = async (request) => {
    const operationName = request.request.operationName ?? undefined;
    const variables = request.request.variables ?? {};
    // No operation of that name (or several and no name): graphql-js's error, which Apollo answers with a 400.
    if (!request.operation) return interpreted(schema, request.document, request.context, variables, operationName);
    const key = `${request.queryHash}\u0000${operationName ?? ''}`;
    let query = compiled.get(key);
    if (!query) {
      const result = compileQuery(schema, request.document, operationName);
      query = isCompiledQuery(result) ? result : INTERPRETED;
      compiled.set(key, query);
    }
    if (query === INTERPRETED) return interpreted(schema, request.document, request.context, variables, operationName);
    const result = await query.query(undefined, request.context, variables);
    if (result.data === undefined) return interpreted(schema, request.document, request.context, variables, operationName);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      const loaded = { apiSchema: schema, coreSupergraphSdl: printSchema(schema) };
      for (const listener of listeners) listener(loaded);
      return { executor };
    },
    async stop() {
      compiled.clear();
    },
    /** How many operations are compiled and kept now. */
    get compiledOperations() {
      return compiled.size;
    },
  };
}

/** graphql-js's execution of the same request. */
async function interpreted(
  schema: GraphQLSchema,
  document: DocumentNode,
  contextValue: unknown,
  variableValues: Record<string, unknown>,
  operationName: string | undefined,
): Promise<ExecutionResult> {
  return execute({ schema, document, contextValue, variableValues, operationName });
}

/**
 * graphql-jit's errors inherit from graphql-js's GraphQLError without running its
 * constructor: no `extensions` object (Apollo reads `extensions.code` of every error).
 * The same error as graphql-js makes it: message, path, locations, the resolver's
 * original error (for masking and codes), its extensions.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const normal = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions ?? undefined,
  });
  (normal as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return normal;
}
