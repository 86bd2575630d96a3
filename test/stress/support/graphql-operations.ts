import fc from 'fast-check';
import { fieldValue, hostileJsonValue, hostileString } from './hostile.js';

/** Real ids of rows the fuzzer may freely change or delete (never the callers' own). */
export interface Victims {
  customerIds: string[];
  orderIds: string[];
  userIds: string[];
  clientIds: string[];
  roleIds: string[];
  roleNames: string[];
}

/** One operation with typed variables; `field` is the root field whose value says whether a mutation happened. */
export interface Operation {
  field: string;
  mutation: boolean;
  query: string;
  variables: fc.Arbitrary<Record<string, unknown>>;
}

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
const text = (known: string[] = []) => typed(fieldValue(known, 2));
const enumOf = (...values: string[]) =>
  typed(fc.oneof(fc.constantFrom(...values), fc.constantFrom(...values.map((v) => v.toLowerCase()))));
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
const vars = mostlyPresent;

const PERMISSIONS = ['orders.view', 'customers.view', 'manage_system', 'users.delete', '*', 'no.such.permission'];
const SCOPES = PERMISSIONS;

/** Every list, lookup and mutation of the schema, each with variables for all its arguments. */
export function operations(v: Victims): Operation[] {
  const id = (known: string[]) => typed(fieldValue(known, 3));
  const page = { first: int, after: text(['YXJyYXljb25uZWN0aW9uOjA=', 'eyJpZCI6IngifQ']) };
  const subject = input({ type: enumOf('USER', 'CLIENT'), id: id([...v.userIds, ...v.clientIds]) });
  const q = (field: string, query: string, variables: Record<string, fc.Arbitrary<unknown>>, mutation = false): Operation => ({
    field,
    mutation,
    query,
    variables: vars(variables),
  });
  const m = (field: string, query: string, variables: Record<string, fc.Arbitrary<unknown>>) => q(field, query, variables, true);
  const connection = (fields: string) => `{ totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${fields} } } }`;
  const customerInput = { name: text(['Acme', '']), email: text(['a@example.test']), ownerId: id(v.userIds) };
  const orderInput = { reference: text(['R-1']), totalCents: int, status: enumOf('PENDING', 'PAID', 'SHIPPED', 'CANCELLED') };
  const userInput = {
    email: text(['new.user@example.test']),
    phone: text(['+46701234567']),
    password: text(['long enough password']),
  };
  const roleInput = { name: text(['fuzz-role']), description: text(), permissions: list(fc.constantFrom(...PERMISSIONS)) };
  const clientInput = {
    name: text(['Fuzz client']),
    description: text(),
    grantTypes: list(fc.constantFrom('CLIENT_CREDENTIALS', 'AUTHORIZATION_CODE', 'PASSWORD', 'IMPLICIT')),
    redirectUris: list(fieldValue(['https://app.example.test/cb', 'http://x#frag', 'not a url'])),
    allowedScopes: list(fc.constantFrom(...SCOPES)),
    firstParty: bool,
  };
  return [
    q(
      'customers',
      `query($first: Int, $after: String, $filter: CustomerFilter) { customers(first: $first, after: $after, filter: $filter) ${connection('id name email ownerId')} }`,
      {
        ...page,
        filter: input({ nameContains: text(['Acme', '%', '_']), email: text(), ownerId: id(v.userIds) }),
      },
    ),
    q(
      'orders',
      `query($first: Int, $after: String, $filter: OrderFilter) { orders(first: $first, after: $after, filter: $filter) ${connection('id reference status totalCents customerId')} }`,
      {
        ...page,
        filter: input({ customerId: id(v.customerIds), status: enumOf('PENDING', 'PAID', 'SHIPPED', 'CANCELLED') }),
      },
    ),
    q(
      'users',
      `query($first: Int, $after: String, $filter: UserFilter) { users(first: $first, after: $after, filter: $filter) ${connection('id email disabled')} }`,
      {
        ...page,
        filter: input({ emailContains: text(['example', '%']), disabled: bool }),
      },
    ),
    q(
      'auditEvents',
      `query($first: Int, $after: String, $filter: AuditEventFilter) { auditEvents(first: $first, after: $after, filter: $filter) ${connection('id action actorId targetId details')} }`,
      {
        ...page,
        filter: input({
          action: text(['login.failed', 'token.issued']),
          actorId: text(v.userIds),
          targetId: text(),
          since: date,
          until: date,
        }),
      },
    ),
    q(
      'appClients',
      `query($first: Int, $after: String, $d: Boolean) { appClients(first: $first, after: $after, includeDeleted: $d) ${connection('id name deletedAt')} }`,
      { ...page, d: bool },
    ),
    q('customer', 'query($id: ID!) { customer(id: $id) { id name owner { id } } }', { id: id(v.customerIds) }),
    q('order', 'query($id: ID!) { order(id: $id) { id customer { id } } }', { id: id(v.orderIds) }),
    q('user', 'query($id: ID!) { user(id: $id) { id email roles { name } } }', { id: id(v.userIds) }),
    q('appClient', 'query($id: ID!) { appClient(id: $id) { id name tokens(first: 5) { totalCount } } }', { id: id(v.clientIds) }),
    m('createCustomer', 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: input(customerInput),
    }),
    m('updateCustomer', 'mutation($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { id } }', {
      id: id(v.customerIds),
      input: input(customerInput),
    }),
    m('deleteCustomer', 'mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: id(v.customerIds) }),
    m('createOrder', 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }', {
      input: input({ ...orderInput, customerId: id(v.customerIds) }),
    }),
    m('updateOrder', 'mutation($id: ID!, $input: UpdateOrderInput!) { updateOrder(id: $id, input: $input) { id } }', {
      id: id(v.orderIds),
      input: input(orderInput),
    }),
    m('deleteOrder', 'mutation($id: ID!) { deleteOrder(id: $id) { id } }', { id: id(v.orderIds) }),
    m('createUser', 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: input(userInput) }),
    m('updateUser', 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }', {
      id: id(v.userIds),
      input: input({ ...userInput, disabled: bool }),
    }),
    m('deleteUser', 'mutation($id: ID!) { deleteUser(id: $id) { id } }', { id: id(v.userIds) }),
    m('createRole', 'mutation($input: CreateRoleInput!) { createRole(input: $input) { id } }', { input: input(roleInput) }),
    m('updateRole', 'mutation($id: ID!, $input: UpdateRoleInput!) { updateRole(id: $id, input: $input) { id } }', {
      id: id(v.roleIds),
      input: input(roleInput),
    }),
    m('deleteRole', 'mutation($id: ID!) { deleteRole(id: $id) { id } }', { id: id(v.roleIds) }),
    m('assignRole', 'mutation($s: SubjectInput!, $r: String!) { assignRole(subject: $s, role: $r) { id } }', {
      s: subject,
      r: text(v.roleNames),
    }),
    m('removeRole', 'mutation($s: SubjectInput!, $r: String!) { removeRole(subject: $s, role: $r) { id } }', {
      s: subject,
      r: text(v.roleNames),
    }),
    m('givePermission', 'mutation($s: SubjectInput!, $p: String!) { givePermission(subject: $s, permission: $p) { id } }', {
      s: subject,
      p: text(PERMISSIONS),
    }),
    m('revokePermission', 'mutation($s: SubjectInput!, $p: String!) { revokePermission(subject: $s, permission: $p) { id } }', {
      s: subject,
      p: text(PERMISSIONS),
    }),
    m('createAppClient', 'mutation($input: CreateAppClientInput!) { createAppClient(input: $input) { appClient { id } } }', {
      input: input({ ...clientInput, confidential: bool }),
    }),
    m('updateAppClient', 'mutation($id: ID!, $input: UpdateAppClientInput!) { updateAppClient(id: $id, input: $input) { id } }', {
      id: id(v.clientIds),
      input: input(clientInput),
    }),
    m('deleteAppClient', 'mutation($id: ID!) { deleteAppClient(id: $id) { id } }', { id: id(v.clientIds) }),
    m('restoreAppClient', 'mutation($id: ID!) { restoreAppClient(id: $id) { id } }', { id: id(v.clientIds) }),
    m('rotateAppClientSecret', 'mutation($id: ID!) { rotateAppClientSecret(id: $id) { appClient { id } } }', {
      id: id(v.clientIds),
    }),
    m(
      'createPersonalAccessToken',
      'mutation($input: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $input) { personalAccessToken { id } } }',
      {
        input: input({ name: text(['cli']), scopes: list(fc.constantFrom(...SCOPES)), expiresInDays: int }),
      },
    ),
    m('revokePersonalAccessToken', 'mutation($id: ID!) { revokePersonalAccessToken(id: $id) { id } }', { id: id([]) }),
    m('revokeAuthorization', 'mutation($id: ID!) { revokeAuthorization(clientId: $id) { revokedTokens } }', {
      id: id(v.clientIds),
    }),
  ];
}
