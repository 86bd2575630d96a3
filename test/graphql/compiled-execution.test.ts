import { buildSchema, type GraphQLObjectType, type GraphQLSchema, graphql, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { describe, expect, it } from 'vitest';
import { COMPILED_OPERATIONS, compiledExecution } from '../../src/graphql/compiled-execution.js';
import { fieldGuard } from '../../src/graphql/permissions/field-guard.js';
import { can } from '../../src/graphql/permissions/rules.js';
import { shieldOptions } from '../../src/graphql/permissions/shield.js';
import { InputError } from '../../src/lib/errors.js';

/**
 * Operations run through graphql-jit (compiled once per operation) with graphql-js's
 * results: the same data, the same errors (message, path, locations, extensions, the
 * resolver's original error for masking), the same refusals of bad variables.
 */
const SDL = `
  type Query { items(n: Int!): [Item], secret: Int, broken: Int, later: String, strict: Item }
  type Mutation { push(value: String!): [String] }
  type Item { id: ID, name: String, hidden: String, required: String! }
`;

function guardedSchema(): GraphQLSchema {
  const schema = buildSchema(SDL);
  const query = (schema.getQueryType() as GraphQLObjectType).getFields();
  const pushed: string[] = [];
  query.items.resolve = (_root, { n }) => Array.from({ length: n }, (_, index) => ({ id: `${index}`, name: `item ${index}` }));
  query.secret.resolve = () => 42;
  query.broken.resolve = () => {
    throw new InputError('filter.name', 'is not a name');
  };
  query.later.resolve = async () => 'later';
  query.strict.resolve = () => ({ id: 'x', required: null });
  (schema.getMutationType() as GraphQLObjectType).getFields().push.resolve = async (_root, { value }) => {
    await new Promise((resolve) => setTimeout(resolve, value === 'first' ? 20 : 0));
    pushed.push(value);
    return [...pushed];
  };
  const rules = {
    Query: {
      items: can('orders.view'),
      secret: can('manage_system'),
      broken: can('orders.view'),
      later: can('orders.view'),
      strict: can('orders.view'),
    },
    Mutation: { push: can('orders.view') },
    Item: { id: can('orders.view'), name: can('orders.view'), required: can('orders.view') },
  };
  return applyMiddleware(schema, fieldGuard(rules as never, shieldOptions));
}

const context = () => ({ principal: { permissions: new Set(['orders.view']), userId: null } });

async function both(
  schema: GraphQLSchema,
  gateway: ReturnType<typeof compiledExecution>,
  query: string,
  variables = {},
  operationName?: string,
) {
  const { executor } = await gateway.load({ apollo: {} });
  const document = parse(query);
  const operation = document.definitions.find(
    (definition) => definition.kind === 'OperationDefinition' && (!operationName || definition.name?.value === operationName),
  );
  const request = { request: { query, variables, operationName }, queryHash: query, document, operation, context: context() };
  const compiled = await executor?.(request as never);
  const interpreted = await graphql({ schema, source: query, contextValue: context(), variableValues: variables, operationName });
  return { compiled, interpreted };
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('compiled execution (graphql-jit)', () => {
  const schema = guardedSchema();

  it('answers like graphql-js: data, FORBIDDEN beside the other fields, resolver errors, null bubbling', async () => {
    const gateway = compiledExecution(schema);
    const query = '{ items(n: 3) { id name hidden } secret broken later strict { id required } }';
    const { compiled, interpreted } = await both(schema, gateway, query);
    expect(json(compiled)).toEqual(json(interpreted));
    expect(compiled?.data).toMatchObject({ secret: null, broken: null, later: 'later', strict: null });
    expect(compiled?.data?.items).toHaveLength(3);
    const codes = compiled?.errors?.map((error) => [error.path?.join('.'), error.extensions.code ?? null]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['items.0.hidden', 'FORBIDDEN'],
        ['secret', 'FORBIDDEN'],
      ]),
    );
    const broken = compiled?.errors?.find((error) => error.path?.[0] === 'broken');
    expect(broken?.originalError).toBeInstanceOf(InputError);
    expect(broken?.extensions).toEqual({});
  });

  it('refuses bad variables with graphql-js errors that name the variable definition', async () => {
    const gateway = compiledExecution(schema);
    const query = 'query ($n: Int!) { items(n: $n) { id } }';
    const { compiled, interpreted } = await both(schema, gateway, query, { n: 'many' });
    expect(json(compiled)).toEqual(json(interpreted));
    expect(compiled?.data).toBeUndefined();
    expect(compiled?.errors?.[0].nodes?.[0].kind).toBe('VariableDefinition');
  });

  it('refuses an operation name the document lacks, as graphql-js does', async () => {
    const gateway = compiledExecution(schema);
    const query = '{ secret }';
    const { executor } = await gateway.load({ apollo: {} });
    // Apollo resolves no operation for it; graphql-jit alone would run the only one.
    const request = { request: { query, operationName: '' }, queryHash: query, document: parse(query), context: context() };
    const compiled = await executor?.(request as never);
    const interpreted = await graphql({ schema, source: query, contextValue: context(), operationName: '' });
    expect(json(compiled)).toEqual(json(interpreted));
    expect(compiled).toEqual({ errors: [expect.objectContaining({ message: 'Unknown operation named "".' })] });
  });

  it('runs mutation fields one after another', async () => {
    const gateway = compiledExecution(schema);
    const { executor } = await gateway.load({ apollo: {} });
    const query = 'mutation { a: push(value: "first") b: push(value: "second") }';
    const document = parse(query);
    const request = { request: { query }, queryHash: query, document, operation: document.definitions[0], context: context() };
    expect((await executor?.(request as never))?.data).toEqual({ a: ['first'], b: ['first', 'second'] });
  });

  it('compiles an operation once, per document and operation name, in a bounded cache', async () => {
    const gateway = compiledExecution(schema);
    const query = 'query A { secret } query B { later }';
    await both(schema, gateway, query, {}, 'A');
    await both(schema, gateway, query, {}, 'A');
    expect(gateway.compiledOperations).toBe(1);
    const { compiled } = await both(schema, gateway, query, {}, 'B');
    expect(compiled?.data).toEqual({ later: 'later' });
    expect(gateway.compiledOperations).toBe(2);
    for (let index = 0; index <= COMPILED_OPERATIONS; index += 1) await both(schema, gateway, `{ items(n: ${index}) { id } }`);
    expect(gateway.compiledOperations).toBe(COMPILED_OPERATIONS);
  });
});
