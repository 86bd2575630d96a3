import { buildSchema, type GraphQLObjectType, type GraphQLSchema, graphql, graphqlSync } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, rule } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { fieldGuard } from '../../src/graphql/permissions/field-guard.js';
import { and, can, isSelf, or } from '../../src/graphql/permissions/rules.js';
import { shieldOptions } from '../../src/graphql/permissions/shield.js';

/**
 * The field guard applies graphql-shield rules with shield's semantics, but a field
 * whose rule and resolver are synchronous stays synchronous (graphql-js can then
 * complete a list without a promise per field: that is the benchmark's (e)/(f) ratio).
 */
const SDL = `
  type Query { ruled: Int, unruled: Int, permitted: Int, both: Int, either: Int, failing: Int, later: Int, broken: Int, me: User }
  type User { id: ID, email: String }
`;

function guarded(rules: Record<string, Record<string, unknown>>, resolvers: Record<string, () => unknown>): GraphQLSchema {
  const schema = buildSchema(SDL);
  const fields = (schema.getQueryType() as GraphQLObjectType).getFields();
  for (const [name, resolve] of Object.entries(resolvers)) fields[name].resolve = resolve;
  return applyMiddleware(schema, fieldGuard(rules as never, shieldOptions));
}

const context = (permissions: string[], userId: string | null = null) => ({
  principal: { permissions: new Set(permissions), userId },
});
const outcome = (result: {
  data?: unknown;
  errors?: readonly { message: string; extensions: { code?: unknown }; path?: unknown }[];
}) => ({
  data: result.data,
  errors: result.errors?.map((error) => [error.path, error.extensions.code ?? null, error.message]),
});

describe('field guard: graphql-shield semantics, synchronous checks', () => {
  const resolvers = { ruled: () => 1, unruled: () => 2, permitted: () => 3, both: () => 4, either: () => 5 };
  const schema = guarded(
    {
      Query: {
        ruled: allow,
        permitted: can('orders.view'),
        both: and(can('orders.view'), can('orders.update')),
        either: or(can('orders.update'), can('orders.view')),
      },
    },
    resolvers,
  );

  it('denies a field without a rule with FORBIDDEN and lets its siblings resolve, without a single promise', () => {
    // graphqlSync throws if any field returns a promise: proof that nothing became asynchronous.
    const result = graphqlSync({
      schema,
      source: '{ ruled unruled permitted both either }',
      contextValue: context(['orders.view']),
    });
    expect(outcome(result)).toEqual({
      data: { ruled: 1, unruled: null, permitted: 3, both: null, either: 5 },
      errors: [
        [['unruled'], 'FORBIDDEN', 'not allowed: Query.unruled'],
        [['both'], 'FORBIDDEN', 'not allowed: Query.both'],
      ],
    });
  });

  it('compares parent rows synchronously (isSelf on a User)', () => {
    const users = guarded({ Query: { me: allow }, User: { id: allow, email: isSelf } }, {});
    const fields = (users.getQueryType() as GraphQLObjectType).getFields();
    fields.me.resolve = () => ({ id: 'u1', email: 'me@example.test' });
    const mine = graphqlSync({ schema: users, source: '{ me { id email } }', contextValue: context([], 'u1') });
    expect(outcome(mine)).toEqual({ data: { me: { id: 'u1', email: 'me@example.test' } }, errors: undefined });
    const other = graphqlSync({ schema: users, source: '{ me { id email } }', contextValue: context([], 'u2') });
    expect(outcome(other).errors).toEqual([[['me', 'email'], 'FORBIDDEN', 'not allowed: User.email']]);
  });

  it('evaluates a rule it cannot compile (an async graphql-shield rule) through graphql-shield', async () => {
    const later = rule('later', { cache: 'no_cache' })(async (_parent, _args, ctx: { allowed: boolean }) => ctx.allowed);
    const asyncSchema = guarded({ Query: { later, ruled: or(later, can('manage_system')) } }, { later: () => 6, ruled: () => 1 });
    expect(outcome(await graphql({ schema: asyncSchema, source: '{ later ruled }', contextValue: { allowed: true } }))).toEqual({
      data: { later: 6, ruled: 1 },
      errors: undefined,
    });
    const denied = await graphql({
      schema: asyncSchema,
      source: '{ later ruled }',
      contextValue: { allowed: false, principal: context([]).principal },
    });
    expect(outcome(denied).errors?.map((error) => error[1])).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('treats a throwing rule as a denial, and passes a rule’s own error and resolver errors through', async () => {
    const throwing = rule('throws', { cache: 'no_cache' })(() => {
      throw new Error('rule bug');
    });
    const failing = guarded(
      {
        Query: {
          failing: rule('own error', { cache: 'no_cache' })(() => new Error('you need a reason')),
          broken: throwing,
          ruled: allow,
        },
      },
      {
        failing: () => 7,
        broken: () => 8,
        ruled: () => {
          throw new Error('resolver failed');
        },
      },
    );
    const result = await graphql({ schema: failing, source: '{ failing broken ruled }', contextValue: context([]) });
    expect(outcome(result)).toEqual({
      data: { failing: null, broken: null, ruled: null },
      errors: expect.arrayContaining([
        [['failing'], null, 'you need a reason'],
        [['broken'], 'FORBIDDEN', 'not allowed: Query.broken'],
        [['ruled'], null, 'resolver failed'],
      ]),
    });
    expect(result.errors).toHaveLength(3);
  });

  it('refuses a rule tree that names a field the schema does not have', () => {
    expect(() => guarded({ Query: { nowhere: allow } }, {})).toThrow(/Query\.nowhere/);
  });
});
