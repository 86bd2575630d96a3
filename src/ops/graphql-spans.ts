import type { ApolloServerPlugin } from '@apollo/server';
import { type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/**
 * A span per GraphQL operation: its type and name, and the codes of its errors — never
 * the document or the variables, which carry passwords and secrets in mutations.
 */
export function graphqlTracingPlugin<TContext extends object>(tracer: Tracer): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let span: Span | undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'unknown';
          span = tracer.startSpan(operationName ? `${type} ${operationName}` : type, {
            attributes: {
              'graphql.operation.type': type,
              ...(operationName ? { 'graphql.operation.name': operationName } : {}),
            },
          });
        },
        async willSendResponse({ response }) {
          if (!span) return;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          if (errors.length > 0) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.setAttribute('graphql.error.codes', [
              ...new Set(errors.map((error) => String(error.extensions?.code ?? 'none'))),
            ]);
          }
          span.end();
        },
      };
    },
  };
}
