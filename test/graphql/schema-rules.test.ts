import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  buildSchema,
  type GraphQLEnumType,
  type GraphQLObjectType,
  type GraphQLSchema,
  graphql,
  isIntrospectionType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { fieldGuard } from '../../src/graphql/permissions/field-guard.js';
import { ruleTree } from '../../src/graphql/permissions/rule-tree.js';
import { authenticated } from '../../src/graphql/permissions/rules.js';
import { shieldOptions } from '../../src/graphql/permissions/shield.js';
import { buildPlainSchema } from '../../src/graphql/schema.js';

const run = promisify(execFile);

describe('every field of the schema has an explicit shield rule', () => {
  const schema = buildPlainSchema();
  const objectTypes = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && !isIntrospectionType(type));

  it('walks every object type and field', () => {
    const missing: string[] = [];
    for (const type of objectTypes) {
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        if (!ruleTree[type.name]?.[field]) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
    // The walk saw the whole API, not an empty schema.
    expect(objectTypes.length).toBeGreaterThan(25);
  });

  it('names no type or field the schema does not have', () => {
    const stale: string[] = [];
    for (const [typeName, fields] of Object.entries(ruleTree)) {
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) {
        stale.push(typeName);
        continue;
      }
      for (const field of Object.keys(fields)) if (!type.getFields()[field]) stale.push(`${typeName}.${field}`);
    }
    expect(stale).toEqual([]);
  });

  it('makes every field a rule can deny nullable, so that a denial nulls only that field', () => {
    const deniable: string[] = [];
    const nonNull: string[] = [];
    for (const type of objectTypes) {
      if (!isObjectType(type)) continue;
      for (const [name, field] of Object.entries(type.getFields())) {
        // `authenticated` always holds once a request reaches GraphQL (401 before it otherwise).
        if (ruleTree[type.name]?.[name] === authenticated) continue;
        deniable.push(`${type.name}.${name}`);
        if (isNonNullType(field.type)) nonNull.push(`${type.name}.${name}: ${field.type}`);
      }
    }
    expect(nonNull).toEqual([]);
    // The check saw the guarded API: root operations and resource fields alike.
    expect(deniable).toEqual(expect.arrayContaining(['Query.appClients', 'Mutation.createOrder', 'Order.totalCents']));
  });

  // Deniable fields are nullable since the "Portals in a real browser" issue (a deliberate,
  // one-time change of the contract): the names stay, and `viewer` stays non-null.
  it('keeps the PRODUCT §5 names and shapes', () => {
    const field = (type: string, name: string) => {
      const found = schema.getType(type);
      if (!found || !isObjectType(found)) throw new Error(`no type ${type}`);
      const definition = found.getFields()[name];
      if (!definition) throw new Error(`no field ${type}.${name}`);
      // Argument order carries no meaning in GraphQL: compare them sorted.
      const args = definition.args.map((arg) => `${arg.name}: ${arg.type}`).sort();
      return `${definition.type}(${args.join(', ')})`;
    };
    expect(field('Query', 'viewer')).toBe('Viewer!()');
    expect(field('Query', 'appClients')).toBe('AppClientConnection(after: String, first: Int, includeDeleted: Boolean)');
    expect(field('Query', 'appClient')).toBe('AppClient(id: ID!)');
    expect(field('Mutation', 'createAppClient')).toBe('AppClientSecretPayload(input: CreateAppClientInput!)');
    expect(field('Mutation', 'rotateAppClientSecret')).toBe('AppClientSecretPayload(id: ID!)');
    expect(field('Mutation', 'deleteAppClient')).toBe('AppClient(id: ID!)');
    expect(field('Mutation', 'restoreAppClient')).toBe('AppClient(id: ID!)');
    expect(field('Mutation', 'assignRole')).toBe('SubjectAccess(role: String!, subject: SubjectInput!)');
    expect(field('Mutation', 'givePermission')).toBe('SubjectAccess(permission: String!, subject: SubjectInput!)');
    expect(field('Query', 'customers')).toBe('CustomerConnection(after: String, filter: CustomerFilter, first: Int)');
    expect(field('Query', 'orders')).toBe('OrderConnection(after: String, filter: OrderFilter, first: Int)');
    expect(field('Query', 'auditEvents')).toBe('AuditEventConnection(after: String, filter: AuditEventFilter, first: Int)');
    expect(field('Viewer', 'client')).toBe('AppClient!()');
    expect(field('Viewer', 'type')).toBe('SubjectType!()');
    expect(field('AppClientSecretPayload', 'clientSecret')).toBe('String()');
    expect(field('OrderConnection', 'edges')).toBe('[OrderEdge!]!()');
    expect(field('PageInfo', 'endCursor')).toBe('String()');
    const appClientFields = Object.keys((schema.getType('AppClient') as never as { getFields(): object }).getFields()).sort();
    expect(appClientFields).toEqual(
      [
        'id',
        'name',
        'description',
        'grantTypes',
        'redirectUris',
        'postLogoutRedirectUris',
        'confidential',
        'firstParty',
        'requirePushedAuthorizationRequests',
        'requireDpop',
        'tokenEndpointAuthMethod',
        'jwks',
        'allowedScopes',
        'webOrigins',
        'roles',
        'permissions',
        'tokens',
        'createdAt',
        'updatedAt',
        'lastUsedAt',
        'deletedAt',
      ].sort(),
    );
    const enumValues = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name);
    expect(enumValues('GrantType')).toEqual(['CLIENT_CREDENTIALS', 'AUTHORIZATION_CODE', 'PASSWORD']);
    expect(enumValues('SubjectType')).toEqual(['USER', 'CLIENT']);
  });
});

describe('npm run schema:check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  const script = join(import.meta.dirname, '../../src/graphql/emit-schema.ts');
  const check = (file: string) =>
    run('npx', ['tsx', script, '--check', '--file', file], { cwd: join(import.meta.dirname, '../..') });

  it('passes on the committed schema.graphql', async () => {
    const committed = readFileSync(join(import.meta.dirname, '../../schema.graphql'), 'utf8');
    const fresh = join(dir, 'fresh.graphql');
    writeFileSync(fresh, committed);
    await expect(check(fresh)).resolves.toMatchObject({ stdout: expect.stringContaining('up to date') });
  });

  it('fails when the file is stale', async () => {
    const committed = readFileSync(join(import.meta.dirname, '../../schema.graphql'), 'utf8');
    const stale = join(dir, 'stale.graphql');
    writeFileSync(stale, committed.replace('  totalCents: Int!\n', ''));
    await expect(check(stale)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('schema.graphql is stale') });
  });
});

describe('shield options', () => {
  it('deny a field without a rule with FORBIDDEN, and let its siblings resolve', async () => {
    const bare = buildSchema('type Query { ruled: Int, unruled: Int }');
    const schema = applyMiddleware(
      addResolvers(bare, { ruled: () => 1, unruled: () => 2 }),
      fieldGuard({ Query: { ruled: allow } }, shieldOptions),
    );
    const result = await graphql({ schema, source: '{ ruled unruled }', contextValue: {} });
    expect(result.data).toEqual({ ruled: 1, unruled: null });
    expect(result.errors?.map((error) => [error.message, error.extensions.code, error.path])).toEqual([
      ['not allowed: Query.unruled', 'FORBIDDEN', ['unruled']],
    ]);
  });
});

function addResolvers(schema: GraphQLSchema, resolvers: Record<string, () => unknown>): GraphQLSchema {
  const fields = (schema.getQueryType() as GraphQLObjectType).getFields();
  for (const [name, resolve] of Object.entries(resolvers)) fields[name].resolve = resolve;
  return schema;
}
