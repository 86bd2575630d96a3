import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, gql } from './graphql-client.js';
import { seedCustomer } from './seed.js';

/**
 * A request's entity manager is forked when a resolver first needs it, once per request
 * (Apollo's copy of the context shares it), and not at all for `{ viewer { … } }`.
 */
describe('request context', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    await seedCustomer(t, { name: 'Forked', orders: [{ reference: 'F-1', totalCents: 1 }] });
    await gql(t, callers.integration.token, '{ viewer { type } }');
  });
  afterAll(() => t.close());

  async function forks(query: string) {
    const fork = vi.spyOn(t.orm.em, 'fork');
    try {
      const data = dataOf(await gql(t, callers.integration.token, query));
      return { data, forks: fork.mock.calls.length };
    } finally {
      fork.mockRestore();
    }
  }

  it('forks no entity manager for the viewer', async () => {
    expect(await forks('{ viewer { type } }')).toEqual({ data: { viewer: { type: 'CLIENT' } }, forks: 0 });
  });

  it('forks one for a page and its loaders', async () => {
    const result = await forks('{ orders { edges { node { reference customer { name } } } } }');
    expect(result.data.orders.edges).toEqual([{ node: { reference: 'F-1', customer: { name: 'Forked' } } }]);
    expect(result.forks).toBe(1);
  });
});
