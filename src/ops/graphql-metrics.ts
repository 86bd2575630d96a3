import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics.js';

/**
 * Counts each GraphQL request by operation type (`unknown` when it never resolved to
 * one: a parse or validation failure) and each error in the response by its code.
 * Operation names are the client's to choose, so they are not a label.
 */
export function graphqlMetricsPlugin<TContext extends object>(metrics: Metrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let type: string | undefined;
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation;
        },
        async willSendResponse({ response }) {
          metrics.graphqlOperation(type);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) metrics.graphqlError(error.extensions?.code);
        },
      };
    },
  };
}
