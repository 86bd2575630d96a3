import { expect } from 'vitest';
import type { TokenResponse } from '../../src/auth/token-issuer.js';
import { createClient } from '../../src/modules/client/client.service.js';
import type { ClientInput } from '../../src/modules/client/client.validation.js';
import { createUser } from '../../src/modules/user/user.service.js';
import { startTestApp, type TestApp } from './app.js';
import { createTestDatabase } from './db.js';

export interface TestClient {
  id: string;
  /** Null for public clients. */
  secret: string | null;
}

export interface TestUser {
  id: string;
  email: string;
  phone: string | null;
  password: string;
}

let sequence = 0;
const next = () => `${Date.now().toString(36)}${(++sequence).toString(36)}`;

/**
 * An app client in the test app's database. Defaults: confidential, `client_credentials`
 * and `password` grants, no roles or permissions.
 */
export async function createTestClient(
  t: TestApp,
  input: Partial<ClientInput> & { roles?: string[]; permissions?: string[] } = {},
): Promise<TestClient> {
  const { roles, permissions, ...rest } = input;
  const { client, secret } = await createClient(
    t.orm.em.fork(),
    { name: `test client ${next()}`, grantTypes: ['client_credentials', 'password'], ...rest },
    { roles, permissions },
  );
  return { id: client.id, secret };
}

/** A user with a known password (default `correct horse battery`). */
export async function createTestUser(
  t: TestApp,
  input: {
    email?: string;
    phone?: string | null;
    password?: string;
    admin?: boolean;
    roles?: string[];
    permissions?: string[];
  } = {},
): Promise<TestUser> {
  const email = input.email ?? `user-${next()}@example.test`;
  const password = input.password ?? 'correct horse battery';
  const user = await createUser(
    t.orm.em.fork(),
    { email, phone: input.phone ?? null, password },
    { admin: input.admin, roles: input.roles, permissions: input.permissions },
  );
  return { id: user.id, email: user.email, phone: user.phone ?? null, password };
}

/** `Authorization: Basic` for a client (RFC 6749 §2.3.1: both parts form-encoded first). */
export function basicAuth(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** A raw form-encoded POST to the token endpoint. */
export function tokenRequest(
  t: TestApp,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${t.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
}

async function expectTokens(response: Response): Promise<TokenResponse> {
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as TokenResponse;
}

/** A client-credentials token (Basic authentication); fails the test on any error. */
export async function clientCredentialsToken(
  t: TestApp,
  clientId: string,
  secret: string,
  scope?: string,
): Promise<TokenResponse> {
  const params: Record<string, string> = { grant_type: 'client_credentials' };
  if (scope !== undefined) params.scope = scope;
  return expectTokens(await tokenRequest(t, params, { authorization: basicAuth(clientId, secret) }));
}

/** A password-grant token (client_secret_post, or `none` for a public client); fails the test on any error. */
export async function passwordToken(
  t: TestApp,
  options: { client: TestClient; username: string; password: string; scope?: string },
): Promise<TokenResponse> {
  const params: Record<string, string> = {
    grant_type: 'password',
    client_id: options.client.id,
    username: options.username,
    password: options.password,
  };
  if (options.client.secret) params.client_secret = options.client.secret;
  if (options.scope !== undefined) params.scope = options.scope;
  return expectTokens(await tokenRequest(t, params));
}

/** Refreshes through the token endpoint; returns the raw response (callers assert success or error). */
export function refreshRequest(t: TestApp, client: TestClient, refreshToken: string, scope?: string): Promise<Response> {
  const params: Record<string, string> = { grant_type: 'refresh_token', client_id: client.id, refresh_token: refreshToken };
  if (client.secret) params.client_secret = client.secret;
  if (scope !== undefined) params.scope = scope;
  return tokenRequest(t, params);
}

/**
 * Moves every first use of a refresh token a minute into the past, by the database's
 * clock (which decides the retry grace): a repeat is then plain reuse.
 */
export async function pastRefreshGrace(t: TestApp): Promise<void> {
  await t.orm.em
    .fork()
    .getConnection()
    .execute("update refresh_token set used_at = used_at - interval '1 minute' where used_at is not null");
}

/** `Authorization: Bearer …` headers for a token. */
export function bearer(token: string | TokenResponse): { authorization: string } {
  return { authorization: `Bearer ${typeof token === 'string' ? token : token.access_token}` };
}

/**
 * A test app whose first-party proxy clients (`CLIENT_<NAME>_ID/SECRET`) exist before
 * it starts, as configuration requires: each is a confidential first-party password client.
 */
export async function startAppWithProxyClients(
  names: string[],
  overrides: Record<string, string> = {},
): Promise<TestApp & { proxyClients: Record<string, TestClient> }> {
  const db = await createTestDatabase();
  const proxyClients: Record<string, TestClient> = {};
  const env: Record<string, string> = { ...overrides };
  for (const name of names) {
    const client = await createTestClient({ orm: db.orm } as TestApp, { grantTypes: ['password'], firstParty: true });
    proxyClients[name] = client;
    env[`CLIENT_${name.toUpperCase()}_ID`] = client.id;
    env[`CLIENT_${name.toUpperCase()}_SECRET`] = client.secret!;
  }
  const app = await startTestApp(env, db);
  return {
    ...app,
    proxyClients,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
