import { buildSchema, type GraphQLObjectType, graphql, parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { compiledExecution } from '../../src/graphql/compiled-execution.js';

const compileQuery = vi.hoisted(() => vi.fn(() => ({ errors: [new Error('graphql-jit cannot compile this')] })));
vi.mock('graphql-jit', async (original) => ({ ...(await original<typeof import('graphql-jit')>()), compileQuery }));

/** An operation graphql-jit cannot compile still runs — through graphql-js, with graphql-js's answer. */
describe('compiled execution when graphql-jit cannot compile', () => {
  it('runs the operation through graphql-js, and tries to compile it only once', async () => {
    const schema = buildSchema('type Query { answer: Int, boom: Int }');
    const fields = (schema.getQueryType() as GraphQLObjectType).getFields();
    fields.answer.resolve = () => 42;
    fields.boom.resolve = () => {
      throw new Error('no');
    };
    const { executor } = await compiledExecution(schema).load({ apollo: {} });
    const query = '{ answer boom }';
    const document = parse(query);
    const request = { request: { query }, queryHash: 'hash', document, operation: document.definitions[0], context: {} };
    const first = await executor?.(request as never);
    const again = await executor?.(request as never);
    const interpreted = await graphql({ schema, source: query });
    expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse(JSON.stringify(interpreted)));
    expect(first?.data).toEqual({ answer: 42, boom: null });
    expect(again?.data).toEqual({ answer: 42, boom: null });
    expect(compileQuery).toHaveBeenCalledTimes(1);
  });
});
