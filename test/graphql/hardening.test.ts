import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type Callers, createCallers } from './callers.js';
import { dataOf, errorCodes, gql } from './graphql-client.js';

/** `__type` (unlike `__schema`) counts for depth: a valid query of any depth. */
const nested = (levels: number) =>
  `{ __type(name: "Query") { ${'ofType { '.repeat(levels - 2)}name${' }'.repeat(levels - 2)} } }`;

/** Depth, alias, token and cost limits, CSRF prevention, no batching, masked errors, introspection per environment. */
describe('GraphQL hardening', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
  });
  afterAll(() => t.close());

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${t.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${callers.admin.token}`, ...headers }, body });

  it('limits depth to 10', async () => {
    expect((await gql(t, callers.admin.token, nested(10))).status).toBe(200);
    const deep = await gql(t, callers.admin.token, nested(11));
    expect(deep.status).toBe(400);
    expect(deep.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['Syntax Error: Query depth limit of 10 exceeded, found 11.', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
  });

  it('limits aliases to 15', async () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: viewer { type }`).join(' ')} }`;
    expect(dataOf(await gql(t, callers.admin.token, aliases(15))).a14).toEqual({ type: 'USER' });
    const many = await gql(t, callers.admin.token, aliases(16));
    expect(many.status).toBe(400);
    expect(many.errors?.map((error) => error.message)).toEqual(['Syntax Error: Aliases limit of 15 exceeded, found 16.']);
  });

  it('limits the document size in tokens and in bytes', async () => {
    const tokens = await gql(t, callers.admin.token, `{ viewer { ${'type '.repeat(2100)}} }`);
    expect(tokens.status).toBe(400);
    // graphql-js's own wording ("more that"), matched loosely.
    expect(tokens.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      [
        expect.stringMatching(/^Syntax Error: Document contains more th\w+ 2000 tokens\. Parsing aborted\.$/),
        'GRAPHQL_PARSE_FAILED',
      ],
    ]);
    const big = await post(JSON.stringify({ query: `{ viewer { type } } # ${'x'.repeat(110 * 1024)}` }), {
      'content-type': 'application/json',
    });
    expect(big.status).toBe(413);
  });

  it('computes the cost with the variables: a large first is refused before execution', async () => {
    const query = 'query ($n: Int) { appClients(first: $n) { edges { node { tokens(first: $n) { edges { node { id } } } } } } }';
    expect(dataOf(await gql(t, callers.admin.token, query, { n: 5 })).appClients.edges.length).toBeGreaterThan(0);
    const costly = await gql(t, callers.admin.token, query, { n: 100 });
    expect(costly.status).toBe(400);
    expect(costly.data).toBeUndefined();
    expect(costly.errors).toEqual([
      {
        message: 'query cost 20302 exceeds the limit of 5000; ask for fewer rows or fields',
        extensions: { code: 'QUERY_TOO_COSTLY', cost: 20302, limit: 5000 },
      },
    ]);
    const literal = await gql(t, callers.admin.token, query.replace(/\$n/g, '100').replace('(100: Int)', ''));
    expect(literal.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('refuses text the database cannot store (NUL, a lone surrogate) as BAD_USER_INPUT, writing nothing', async () => {
    const create = 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }';
    const cases: [Record<string, unknown>, string][] = [
      [{ input: { name: 'nul\u0000' } }, 'input.name must not contain a NUL character'],
      [{ input: { name: 'lone \ud800 high' } }, 'input.name must be well-formed Unicode (no lone surrogates)'],
      [{ input: { name: 'lone \udc00 low' } }, 'input.name must be well-formed Unicode (no lone surrogates)'],
      [{ input: { name: 'ok', 'key\ud800': 1 } }, 'input.key\ud800 must be well-formed Unicode (no lone surrogates)'],
    ];
    for (const [variables, message] of cases) {
      const response = await gql(t, callers.admin.token, create, variables);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([[message, 'BAD_USER_INPUT']]);
    }
    // The same refusal for a string literal in the document ("\\ud800" is GraphQL's escape).
    const literal = await gql(t, callers.admin.token, 'mutation { createCustomer(input: { name: "x\\ud800" }) { id } }');
    expect(literal.status).toBe(400);
    expect(literal.errors?.map((error) => error.extensions?.code)).toEqual([
      expect.stringMatching(/^(BAD_USER_INPUT|GRAPHQL_PARSE_FAILED)$/),
    ]);
    // Well-formed astral characters (a surrogate pair) are ordinary text.
    const pair = dataOf(await gql(t, callers.admin.token, create, { input: { name: 'pair 𝄞 ok' } }));
    expect(pair.createCustomer.id).toEqual(expect.any(String));
    const names = await t.orm.em
      .fork()
      .getConnection()
      .execute<{ name: string }[]>(
        "select name from customer where name like 'lone%' or name like 'nul%' or name = 'ok' or name like 'x%'",
      );
    expect(names).toEqual([]);
  });

  it('answers a body the JSON parser refuses with a GraphQL-shaped BAD_REQUEST, keeping the status', async () => {
    const bodies: [string, number][] = [
      ['{"query":"{ viewer { type } }","variables":{"__proto__":{"x":1}}}', 400],
      ['{"query":"{ viewer { type } }"', 400],
      ['', 400],
    ];
    for (const [body, status] of bodies) {
      const response = await post(body, { 'content-type': 'application/json' });
      expect(response.status, body).toBe(status);
      expect(response.headers.get('content-type'), body).toMatch(/^application\/json/);
      const parsed = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(parsed.data, body).toBeUndefined();
      expect(
        parsed.errors.map((error) => error.extensions.code),
        body,
      ).toEqual(['BAD_REQUEST']);
      expect(parsed.errors[0].message, body).toEqual(expect.any(String));
    }
    const xml = await post('<query/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('prevents CSRF: a simple (non-preflighted) request is refused', async () => {
    const response = await post(JSON.stringify({ query: 'mutation { createCustomer(input: { name: "csrf" }) { id } }' }), {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
    expect(dataOf(await gql(t, callers.admin.token, '{ customers(filter: { nameContains: "csrf" }) { totalCount } }'))).toEqual({
      customers: { totalCount: 0 },
    });
  });

  it('does not batch, and serves POST only', async () => {
    const batch = await post(JSON.stringify([{ query: '{ viewer { type } }' }, { query: '{ viewer { type } }' }]), {
      'content-type': 'application/json',
    });
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/batch/i);
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ viewer { type } }')}`, {
      headers: { authorization: `Bearer ${callers.admin.token}` },
    });
    expect(get.status).toBe(404);
  });

  it('masks internal errors, keeping the other fields', async () => {
    await gql(t, callers.admin.token, '{ viewer { type } }');
    const connection = t.orm.em.getConnection();
    const spy = vi
      .spyOn(connection, 'execute')
      .mockRejectedValueOnce(new Error('connection to 10.0.0.7 failed: password hunter2'));
    try {
      const response = await gql(
        t,
        callers.admin.token,
        '{ viewer { type } customer(id: "00000000-0000-4000-8000-000000000000") { name } }',
      );
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ viewer: { type: 'USER' }, customer: null });
      expect(response.errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 19 }],
          path: ['customer'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(JSON.stringify(response)).not.toMatch(/hunter2|10\.0\.0\.7|stack/);
    } finally {
      spy.mockRestore();
    }
  });

  it('offers introspection and suggestions outside production', async () => {
    expect(dataOf(await gql(t, callers.admin.token, '{ __schema { queryType { name } } }'))).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const typo = await gql(t, callers.admin.token, '{ viewr { type } }');
    expect(typo.errors?.[0].message).toBe('Cannot query field "viewr" on type "Query". Did you mean "viewer" or "user"?');
  });
});

describe('GraphQL in production', () => {
  let t: TestApp;
  let callers: Callers;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
    callers = await createCallers(t);
  });
  afterAll(() => t.close());

  it('turns introspection and field suggestions off', async () => {
    const introspection = await gql(t, callers.admin.token, '{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(400);
    expect(errorCodes(introspection)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', path: '' }]);
    const typo = await gql(t, callers.admin.token, '{ viewr { type } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(typo.errors?.[0].message).toMatch(/viewr/);
    expect(dataOf(await gql(t, callers.admin.token, '{ viewer { type } }'))).toEqual({ viewer: { type: 'USER' } });
  });
});
