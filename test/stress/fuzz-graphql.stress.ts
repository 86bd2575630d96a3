import 'reflect-metadata';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlainSchema } from '../../src/graphql/schema.js';
import { Invoice } from '../../src/modules/invoice/invoice.entity.js';
import { Order } from '../../src/modules/order/order.entity.js';
import { type Callers, createCallers } from '../graphql/callers.js';
import { dataOf, gql } from '../graphql/graphql-client.js';
import { seedCustomer } from '../graphql/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestClient, createTestUser } from '../helpers/tokens.js';
import { describeResponse, expectNoServerError } from './support/checks.js';
import { countRowWrites } from './support/db-state.js';
import { type CaseOutcome, fuzzRoute } from './support/fuzz-run.js';
import { deriveOperations, NOT_FUZZED, type Operation, type Victims } from './support/graphql-operations.js';
import { hostileJsonValue, hostileString } from './support/hostile.js';

const CASES = 3000;

/** Every code a refusal may carry; INTERNAL_SERVER_ERROR (a masked bug) is not one of them. */
const REFUSALS = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'QUERY_TOO_COSTLY',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface GraphQLCase {
  caller: keyof Callers;
  /** The operation's root field (the operation itself is looked up, so the case prints as plain data). */
  field: string;
  variables: unknown;
  /** How the JSON envelope is broken, if it is. */
  envelope: 'intact' | 'variables not an object' | 'operationName' | 'extensions';
  garbage: unknown;
}

/**
 * Every query and mutation of the schema with generated variables (wrong types, nulls,
 * huge numbers, injection strings, unknown input fields, ids of real rows), for each of
 * the three kinds of callers, and now and then a broken request envelope. Properties:
 * no 5xx; every error is a GraphQL error with a known code (never a masked internal
 * one); a query writes nothing; a mutation that returned nothing wrote nothing.
 */
describe('fuzzing GraphQL variables', () => {
  let t: TestApp;
  let callers: Callers;
  let victims: Victims;
  let operations: Operation[];
  beforeAll(async () => {
    t = await startTestApp();
    callers = await createCallers(t);
    victims = await seedVictims(t, callers.admin.token, callers.portal.userId);
    operations = deriveOperations(buildPlainSchema(), victims).operations;
    await countRowWrites(t.orm);
  });
  afterAll(() => t?.close());

  it('fuzzes every query and mutation of the schema, or names why not', () => {
    const schema = buildPlainSchema();
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    const { unsupported } = deriveOperations(schema, victims);
    expect(
      unsupported,
      'root fields whose arguments the fuzzer cannot generate: add a generator or list them in NOT_FUZZED',
    ).toEqual([]);
    expect(
      Object.keys(NOT_FUZZED).filter((name) => !roots.includes(name)),
      'NOT_FUZZED names a field the schema lacks',
    ).toEqual([]);
    expect(operations.map((operation) => operation.field).sort()).toEqual(roots.filter((name) => !(name in NOT_FUZZED)).sort());
  });

  const cases = () =>
    fc
      .tuple(fc.constantFrom<keyof Callers>('admin', 'admin', 'integration', 'portal'), fc.constantFrom(...operations))
      .chain(([caller, operation]) =>
        fc.record({
          caller: fc.constant(caller),
          field: fc.constant(operation.field),
          variables: operation.variables,
          envelope: fc.oneof(
            { weight: 20, arbitrary: fc.constant('intact' as const) },
            { weight: 1, arbitrary: fc.constantFrom('variables not an object', 'operationName', 'extensions') },
          ),
          garbage: fc.oneof(hostileString, hostileJsonValue),
        }),
      );

  it(`${CASES} generated operations: no 5xx, known error codes only, no write unless a mutation returned`, async () => {
    await fuzzRoute(t.orm, 'POST /graphql', cases(), send, { numRuns: CASES });
  });

  async function send(input: GraphQLCase, context: string): Promise<CaseOutcome> {
    const operation = operations.find((candidate) => candidate.field === input.field) as Operation;
    const body: Record<string, unknown> = { query: operation.query, variables: input.variables };
    if (input.envelope === 'variables not an object') body.variables = input.garbage;
    if (input.envelope === 'operationName') body.operationName = input.garbage;
    if (input.envelope === 'extensions') body.extensions = input.garbage;
    const response = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${callers[input.caller].token}` },
      payload: JSON.stringify(body),
    });
    expectNoServerError(response, context);
    const errors = checkErrors(response, `${context}\n→ ${describeResponse(response)}`);
    const data = response.statusCode === 200 ? (JSON.parse(response.body) as { data?: Record<string, unknown> }).data : null;
    const returned = data?.[operation.field] !== undefined && data?.[operation.field] !== null;
    const kind = errors[0] ?? (returned ? 'data' : 'null');
    return {
      status: response.statusCode,
      accepted: operation.mutation && returned,
      kind: operation.mutation ? `mutation ${kind}` : `query ${kind}`,
    };
  }

  /** Each error names a known code; a 400 carries no data. Returns the codes. */
  function checkErrors(response: LightMyRequestResponse, message: string): string[] {
    expect(String(response.headers['content-type']), message).toMatch(/^application\/json/);
    const body = JSON.parse(response.body) as {
      data?: unknown;
      errors?: { message?: unknown; extensions?: { code?: unknown } }[];
    };
    if (response.statusCode !== 200) {
      expect(response.statusCode, message).toBeGreaterThanOrEqual(400);
      expect(body.data, message).toBeUndefined();
      expect(body.errors?.length, message).toBeGreaterThan(0);
    }
    for (const error of body.errors ?? []) {
      expect(typeof error.message, message).toBe('string');
      expect(REFUSALS.has(String(error.extensions?.code)), message).toBe(true);
    }
    return (body.errors ?? []).map((error) => String(error.extensions?.code));
  }
});

/** Rows the fuzzer may change and delete: customers with orders and invoices, users, clients and roles that are nobody's own. */
async function seedVictims(t: TestApp, adminToken: string, portalUserId: string): Promise<Victims> {
  const customers = await Promise.all(
    ['Victim Ltd', 'Victim & Sons'].map((name, index) =>
      seedCustomer(t, {
        name,
        ownerId: index === 0 ? portalUserId : null,
        orders: [
          { reference: `V-${index}-1`, totalCents: 100 },
          { reference: `V-${index}-2`, totalCents: 200, status: 'paid' },
        ],
      }),
    ),
  );
  const users = [await createTestUser(t), await createTestUser(t)];
  const clients = [await createTestClient(t), await createTestClient(t, { grantTypes: ['client_credentials'] })];
  const roles: { id: string; name: string }[] = [];
  for (const name of ['victim-role-a', 'victim-role-b']) {
    const created = await gql(
      t,
      adminToken,
      'mutation($n: String!) { createRole(input: { name: $n, permissions: ["orders.view"] }) { id name } }',
      { n: name },
    );
    roles.push(dataOf(created).createRole);
  }
  const orderIds = customers.flatMap((customer) => customer.orders.map((order) => order.id));
  const em = t.orm.em.fork();
  const invoices = orderIds.map((id, index) =>
    em.create(Invoice, { order: em.getReference(Order, id), number: `V-INV-${index}`, amountCents: 100, dueDate: '2026-01-31' }),
  );
  await em.flush();
  return {
    ids: {
      Customer: customers.map((customer) => customer.id),
      Order: orderIds,
      Invoice: invoices.map((invoice) => invoice.id),
      User: users.map((user) => user.id),
      AppClient: clients.map((client) => client.id),
      Role: roles.map((role) => role.id),
    },
    roleNames: [...roles.map((role) => role.name), 'admin'],
  };
}
