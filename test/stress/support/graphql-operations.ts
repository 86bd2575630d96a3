import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';
import { fieldValue, hostileJsonValue, hostileString } from './hostile.js';

/**
 * The fuzzer's operations, derived from the schema: every query and mutation, with
 * variables for each of its arguments generated from the argument's type, and a
 * selection of the fields it returns. A new operation is fuzzed without editing this
 * file; one it cannot generate arguments for must be named in {@link NOT_FUZZED}, and
 * the fuzzer's coverage test fails on any root field that is neither.
 */

/** Real ids of rows the fuzzer may freely change or delete (never the callers' own), by GraphQL type name. */
export interface Victims {
  ids: Record<string, string[]>;
  roleNames: string[];
}

/** One operation with typed variables; `field` is the root field whose value says whether a mutation happened. */
export interface Operation {
  field: string;
  mutation: boolean;
  query: string;
  variables: fc.Arbitrary<Record<string, unknown>>;
}

/** Root fields deliberately left out, each with the reason. */
export const NOT_FUZZED: Readonly<Record<string, string>> = {};

/** A value of the declared type most of the time, otherwise anything at all (GraphQL must refuse it cleanly). */
const typed = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: arbitrary as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostileJsonValue });

const int = typed(
  fc.oneof(
    fc.integer({ min: -3, max: 120 }),
    fc.constantFrom(0, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, Number.MAX_SAFE_INTEGER),
    fc.double({ noNaN: true }),
  ),
);
const bool = typed(fc.boolean());
const date = typed(
  fc.oneof(
    fc.date({ noInvalidDate: true }).map((value) => value.toISOString()),
    hostileString,
  ),
);
const list = (item: fc.Arbitrary<unknown>) => typed(fc.array(item, { maxLength: 4 }));
/** Each field present four times in five (so required ones are mostly there), undefined ones dropped. */
const mostlyPresent = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .record(
      Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, fc.option(value, { nil: undefined, freq: 5 })])),
    )
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)));
/** An input object, plus (rarely) a field it does not have. */
const input = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  typed(
    fc
      .tuple(
        mostlyPresent(fields),
        fc.oneof({ weight: 19, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constant({ unknownField: 1 }) }),
      )
      .map(([value, extra]) => ({ ...value, ...extra })),
  );

/** Strings worth trying anywhere a String goes: real names, valid-looking values, cursors-that-are-not. */
function knownStrings(v: Victims): string[] {
  return [
    ...v.roleNames,
    'orders.view',
    'customers.view',
    'invoices.view.own',
    'manage_system',
    '*',
    'no.such.permission',
    'Acme',
    '%',
    '_',
    'a@example.test',
    'new.user@example.test',
    '+46701234567',
    'long enough password',
    'R-1',
    'INV-1',
    '2026-01-31',
    '2026-02-30',
    'https://app.example.test/cb',
    'http://x#frag',
    'login.failed',
    'YXJyYXljb25uZWN0aW9uOjA=',
    'eyJpZCI6IngifQ',
  ];
}

/** Whose ids an argument named `name` of root field `root` wants: `customerId` a Customer's, `id` of `deleteOrder` an Order's. */
function idsFor(v: Victims, name: string, root: string): string[] {
  const kinds = Object.keys(v.ids).sort((a, b) => b.length - a.length);
  const subject = name === 'id' ? root : name.replace(/Id$/, '');
  const alias: Record<string, string> = { owner: 'User', user: 'User', actor: 'User', client: 'AppClient' };
  const kind = alias[subject] ?? kinds.find((candidate) => subject.toLowerCase().includes(candidate.toLowerCase()));
  return kind ? v.ids[kind] : Object.values(v.ids).flat();
}

interface Generation {
  victims: Victims;
  root: string;
  strings: string[];
}

/** An arbitrary for a value of `type`; null when the fuzzer cannot make one (the operation is then unsupported). */
function arbitraryOf(type: GraphQLInputType, name: string, g: Generation): fc.Arbitrary<unknown> | null {
  if (isNonNullType(type)) return arbitraryOf(type.ofType, name, g);
  if (isListType(type)) {
    const item = arbitraryOf(type.ofType, name, g);
    return item && list(item);
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((value) => value.name);
    return typed(fc.oneof(fc.constantFrom(...values), fc.constantFrom(...values.map((value) => value.toLowerCase()))));
  }
  if (isInputObjectType(type)) {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of Object.values(type.getFields())) {
      const value = arbitraryOf(field.type, field.name, g);
      if (!value) return null;
      fields[field.name] = value;
    }
    return input(fields);
  }
  switch (type.name) {
    case 'Int':
      return int;
    case 'Float':
      return typed(fc.double());
    case 'Boolean':
      return bool;
    case 'ID':
      return typed(fieldValue(idsFor(g.victims, name, g.root), 3));
    case 'String':
      return typed(fieldValue(g.strings, 2));
    case 'DateTimeISO':
      return date;
    case 'JSONObject':
      return hostileJsonValue;
    default:
      return null;
  }
}

/**
 * The leaf fields of a type and of its relations, two relations deep (a connection's
 * edges and nodes do not count as levels), never a type twice on one path, and nested
 * connections left out: enough to reach every resolver without tripping the cost limit.
 */
function selectionOf(type: GraphQLOutputType, path: readonly string[]): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const plumbing = /(Connection|Edge)$/.test(named.name);
  const depth = path.filter((name) => !/(Connection|Edge)$/.test(name)).length;
  const parts: string[] = [];
  for (const field of Object.values(named.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some(isRequiredArgument)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if ((plumbing || depth < 2) && !path.includes(inner.name) && !(path.length > 0 && inner.name.endsWith('Connection'))) {
      const nested = selectionOf(field.type, [...path, named.name]);
      if (nested) parts.push(`${field.name} { ${nested} }`);
    }
  }
  return parts.join(' ');
}

function operationOf(field: GraphQLField<unknown, unknown>, mutation: boolean, v: Victims): Operation | null {
  const g: Generation = { victims: v, root: field.name, strings: knownStrings(v) };
  const variables: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of field.args as GraphQLArgument[]) {
    const value = arbitraryOf(arg.type, arg.name, g);
    if (!value) return null;
    variables[arg.name] = value;
  }
  const declared = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = selectionOf(field.type, []);
  const query = `${mutation ? 'mutation' : 'query'}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection ? ` { ${selection} }` : ''} }`;
  return { field: field.name, mutation, query, variables: mostlyPresent(variables) };
}

/** Every root field of the schema: its operation, or (when no arguments can be generated for it) its name. */
export function deriveOperations(schema: GraphQLSchema, v: Victims): { operations: Operation[]; unsupported: string[] } {
  const operations: Operation[] = [];
  const unsupported: string[] = [];
  const roots: [GraphQLField<unknown, unknown>[], boolean][] = [
    [Object.values(schema.getQueryType()?.getFields() ?? {}), false],
    [Object.values(schema.getMutationType()?.getFields() ?? {}), true],
  ];
  for (const [fields, mutation] of roots) {
    for (const field of fields) {
      if (field.name in NOT_FUZZED) continue;
      const operation = operationOf(field, mutation, v);
      if (operation) operations.push(operation);
      else unsupported.push(field.name);
    }
  }
  return { operations, unsupported };
}
