import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import type { GraphQLContext } from './context.js';
import { operationCost } from './cost.js';
import { storableTextPlugin } from './text-guard.js';

/** Limits of every operation. */
export const LIMITS = {
  depth: 10,
  aliases: 15,
  directives: 10,
  tokens: 2000,
  /** See cost.ts: a page of 100 rows with ~40 fields each. */
  cost: 5000,
  /** Bytes of a request body on /graphql. */
  bodyBytes: 100 * 1024,
} as const;

/**
 * Depth, alias and directive limits (graphql-armor), field suggestions off in
 * production, and a cost limit that reads the variables (armor's own cost rule does
 * not see `first: $n`). The token limit is graphql-js's own parser option (see
 * {@link parseOptions}): armor's token plugin throws where Apollo 5 answers 500.
 */
export function hardening(config: Pick<Config, 'env'>): {
  plugins: ApolloServerPlugin<GraphQLContext>[];
  validationRules: ValidationRule[];
} {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.depth, flattenFragments: true, exposeLimits: true },
    maxAliases: { n: LIMITS.aliases, exposeLimits: true },
    maxDirectives: { n: LIMITS.directives, exposeLimits: true },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
  return {
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
      costLimitPlugin(),
      storableTextPlugin<GraphQLContext>(),
    ],
    validationRules: armor.validationRules,
  };
}

/** Apollo's `parseOptions`: a document of more tokens fails to parse (400, GRAPHQL_PARSE_FAILED). */
export const parseOptions = { maxTokens: LIMITS.tokens };

function costLimitPlugin(): ApolloServerPlugin<GraphQLContext> {
  // Apollo hands every request of a query text the same validated document: an operation that
  // declares no variables costs the same every time, so its cost is computed once.
  const fixedCosts = new WeakMap<OperationDefinitionNode, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fixed = !operation.variableDefinitions?.length;
          let cost = fixed ? fixedCosts.get(operation) : undefined;
          if (cost === undefined) {
            const fragments = Object.fromEntries(
              document.definitions
                .filter((definition) => definition.kind === 'FragmentDefinition')
                .map((fragment) => [fragment.name.value, fragment]),
            );
            cost = operationCost({ schema, operation, fragments, variables: request.variables ?? {} });
            if (fixed) fixedCosts.set(operation, cost);
          }
          if (cost > LIMITS.cost) {
            throw new GraphQLError(`query cost ${cost} exceeds the limit of ${LIMITS.cost}; ask for fewer rows or fields`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: LIMITS.cost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
