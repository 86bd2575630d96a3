import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { createClientFromArgs, parseClientCreateArgs } from '../../src/cli/commands/client-create.js';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The argument rules, in process (the end-to-end runs are in client-create.test.ts). */
describe('client:create arguments', () => {
  it('reads repeatable flags as lists and the booleans as client fields', () => {
    const parsed = parseClientCreateArgs([
      ...['--name', 'Portal', '--description', 'Customer portal', '--public', '--first-party'],
      ...['--grant', 'authorization_code', '--grant', 'password'],
      ...['--redirect-uri', 'https://a.example.test/cb', '--redirect-uri', 'https://b.example.test/cb'],
      ...['--post-logout-redirect-uri', 'https://a.example.test/bye'],
      ...['--scope', 'orders.view', '--scope', '*', '--permission', 'orders.view', '--role', 'admin', '--role', 'sales'],
    ]);
    expect(parsed).toEqual({
      input: {
        name: 'Portal',
        description: 'Customer portal',
        grantTypes: ['authorization_code', 'password'],
        redirectUris: ['https://a.example.test/cb', 'https://b.example.test/cb'],
        postLogoutRedirectUris: ['https://a.example.test/bye'],
        confidential: false,
        firstParty: true,
        requirePushedAuthorizationRequests: false,
        requireDpop: false,
        // A public client authenticates with none and has no keys.
        tokenEndpointAuthMethod: 'none',
        jwks: null,
        allowedScopes: ['orders.view', '*'],
        // No --web-origin: the redirect URIs' origins.
        webOrigins: ['https://a.example.test', 'https://b.example.test'],
      },
      grants: { roles: ['admin', 'sales'], permissions: ['orders.view'] },
    });
  });

  it('reads --web-origin, repeatable, instead of the redirect URIs’ origins', () => {
    const parsed = parseClientCreateArgs([
      ...['--name', 'SPA', '--public', '--grant', 'authorization_code', '--redirect-uri', 'https://a.example.test/cb'],
      ...['--web-origin', 'https://app.example.test', '--web-origin', 'http://localhost:5173'],
    ]);
    expect(parsed.input.webOrigins).toEqual(['https://app.example.test', 'http://localhost:5173']);
  });

  it('defaults to a confidential, third-party client with no scopes', () => {
    expect(parseClientCreateArgs(['--name', 'Sync', '--grant', 'client_credentials']).input).toMatchObject({
      description: '',
      confidential: true,
      firstParty: false,
      redirectUris: [],
      allowedScopes: [],
    });
  });

  it.each([
    [['--grant', 'client_credentials'], '--name is required'],
    [['--name', ' ', '--grant', 'client_credentials'], '--name is required'],
    [['--name', 'X'], '--grant: must name at least one grant type'],
    [['--name', 'X', '--grant', 'implicit'], '--grant "implicit": Invalid option'],
    [['--name', 'X', '--grant', 'authorization_code'], '--redirect-uri: required for the authorization code grant'],
    [['--name', 'X', '--grant', 'authorization_code', '--redirect-uri', '/cb'], '--redirect-uri "/cb": must be an absolute URI'],
    [
      ['--name', 'X', '--grant', 'authorization_code', '--redirect-uri', 'https://a.test/#x'],
      '--redirect-uri "https://a.test/#x"',
    ],
    [['--name', 'X', '--grant', 'client_credentials', '--public'], '--grant: client_credentials needs a confidential client'],
    [
      ['--name', 'X', '--grant', 'client_credentials', '--web-origin', 'https://app.example.test/'],
      '--web-origin "https://app.example.test/": must be an origin',
    ],
    [
      ['--name', 'X', '--grant', 'client_credentials', '--web-origin', 'http://app.example.test'],
      '--web-origin "http://app.example.test": must use https:',
    ],
    [['--name', 'x'.repeat(201), '--grant', 'client_credentials'], '--name: Too big'],
    [['--name', 'X', '--grant', 'client_credentials', '--secret', 's'], "Unknown option '--secret'"],
    [['--name', 'X', '--grant', 'client_credentials', 'extra'], "Unexpected argument 'extra'"],
    [['--name', '--grant', 'client_credentials'], "Option '--name' argument is ambiguous"],
    [['--name', 'X', '--grant'], "Option '--grant <value>' argument missing"],
  ])('refuses %j', (args, message) => {
    expect(() => parseClientCreateArgs(args)).toThrow(UsageError);
    expect(() => parseClientCreateArgs(args)).toThrow(message);
  });
});

describe('client:create scopes and grants against the database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const create = (...args: string[]) => createClientFromArgs(db.orm.em.fork(), parseClientCreateArgs(args));

  it.each([
    [['--grant', 'password', '--scope', '*'], '--scope "*": only first-party clients (--first-party) may have it'],
    [['--grant', 'password', '--scope', 'orders.view', '--scope', 'orders.steal'], '--scope "orders.steal": not a permission'],
    [['--grant', 'client_credentials', '--permission', 'nope'], 'unknown permission "nope"'],
    [['--grant', 'client_credentials', '--role', 'ghost'], 'unknown role "ghost"'],
  ])('refuses %j and creates nothing', async (args, message) => {
    await expect(create('--name', 'Refused', ...args)).rejects.toThrow(message);
    expect(await db.orm.em.fork().count(AppClient, { name: 'Refused' }, { filters: false })).toBe(0);
  });

  it('accepts catalogue permissions as scopes, and * for a first-party client', async () => {
    const { client } = await create(
      '--name',
      'Ok',
      '--first-party',
      '--grant',
      'password',
      '--scope',
      '*',
      '--scope',
      'users.view',
    );
    expect(client.allowedScopes).toEqual(['*', 'users.view']);
  });
});
