import { expect } from 'vitest';
import { obtainCode, PASSWORD, pkcePair, type SeededClient, seedClient, seedUser } from '../authorize/fixtures.js';
import type { TestApp } from '../helpers/app.js';
import {
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  type TestClient,
  type TestUser,
  tokenRequest,
} from '../helpers/tokens.js';

/** Permissions of the integration caller's client: reads everything business, writes orders. */
export const INTEGRATION_PERMISSIONS = ['customers.view', 'orders.view', 'orders.create'];
/** Permissions of the portal user: their own rows only. */
export const PORTAL_PERMISSIONS = ['customers.view.own', 'orders.view.own', 'orders.create.own', 'customers.update.own'];

export interface Callers {
  /** client_credentials token of a confidential integration client. */
  integration: { token: string; client: TestClient };
  /** password-grant token (scope *) of an admin user through a first-party client. */
  admin: { token: string; user: TestUser; client: TestClient };
  /** authorization code + PKCE token of a portal user with only *.own permissions, through a public portal client. */
  portal: { token: string; userId: string; email: string; client: SeededClient };
}

/** The three kinds of callers of PRODUCT §1, with real tokens from the token endpoint. */
export async function createCallers(t: TestApp): Promise<Callers> {
  const integrationClient = await createTestClient(t, {
    name: 'Warehouse sync',
    grantTypes: ['client_credentials'],
    permissions: INTEGRATION_PERMISSIONS,
  });
  const integration = await clientCredentialsToken(t, integrationClient.id, integrationClient.secret!);

  const adminClient = await createTestClient(t, {
    name: 'Admin console',
    grantTypes: ['password'],
    firstParty: true,
    allowedScopes: ['*'],
  });
  const adminUser = await createTestUser(t, { email: 'admin@example.test', admin: true });
  const admin = await passwordToken(t, {
    client: adminClient,
    username: adminUser.email,
    password: adminUser.password,
    scope: '*',
  });

  const portalEmail = 'pat@example.test';
  const portalUserId = await seedUser(t, portalEmail, PORTAL_PERMISSIONS);
  const portalClient = await seedClient(t, { allowedScopes: PORTAL_PERMISSIONS });
  const portal = await portalToken(t, portalClient, portalEmail, PORTAL_PERMISSIONS.join(' '));

  return {
    integration: { token: integration.access_token, client: integrationClient },
    admin: { token: admin.access_token, user: adminUser, client: adminClient },
    portal: { token: portal, userId: portalUserId, email: portalEmail, client: portalClient },
  };
}

/** Login and consent over HTTP, then the code exchange with the PKCE verifier. */
export async function portalToken(t: TestApp, client: SeededClient, email: string, scope: string): Promise<string> {
  const { verifier, challenge } = pkcePair();
  const params = await obtainCode(t, client, { email, challenge, scope });
  const code = params.get('code');
  expect(code, params.toString()).toBeTruthy();
  const response = await tokenRequest(t, {
    grant_type: 'authorization_code',
    code: code as string,
    redirect_uri: client.redirectUri,
    client_id: client.id,
    code_verifier: verifier,
  });
  const body = (await response.json()) as { access_token: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.access_token;
}

export { PASSWORD };
