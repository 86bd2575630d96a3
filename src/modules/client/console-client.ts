import type { EntityManager } from '@mikro-orm/core';
import { AppClient } from './app-client.entity.js';

/** The developer console's client ID: fixed, so the console's page can name it without a lookup. */
export const CONSOLE_CLIENT_ID = '0c0d5e1e-c0de-4c0e-8000-00000000c0de';

/** Where the console lives on the server's own origin. */
export function consoleUris(issuer: string) {
  const origin = new URL(issuer).origin;
  return {
    redirectUri: `${origin}/console/callback`,
    postLogoutRedirectUri: `${origin}/console/signed-out`,
    origin,
  };
}

/**
 * Creates the developer console's client (first-party, public, code + PKCE), or puts it
 * back as it must be: a rename, a new issuer or a soft delete is undone on every start.
 * The issuer is ours, so its URIs skip the validation of registered clients' URIs.
 */
export async function ensureConsoleClient(em: EntityManager, issuer: string): Promise<'created' | 'updated' | 'unchanged'> {
  const uris = consoleUris(issuer);
  const wanted = {
    name: 'Developer console',
    description: 'The web console at /console; kept up to date on every start',
    grantTypes: ['authorization_code' as const],
    redirectUris: [uris.redirectUri],
    postLogoutRedirectUris: [uris.postLogoutRedirectUri],
    webOrigins: [uris.origin],
    confidential: false,
    firstParty: true,
    allowedScopes: ['*'],
    deletedAt: null,
  };
  const existing = await em.findOne(AppClient, { id: CONSOLE_CLIENT_ID }, { filters: false });
  if (!existing) {
    em.create(AppClient, { id: CONSOLE_CLIENT_ID, ...wanted, secretHash: null });
    await em.flush();
    return 'created';
  }
  const same = (Object.keys(wanted) as (keyof typeof wanted)[]).every(
    (key) => JSON.stringify(existing[key]) === JSON.stringify(wanted[key]),
  );
  if (same) return 'unchanged';
  em.assign(existing, { ...wanted, grantTypes: [...wanted.grantTypes] });
  await em.flush();
  return 'updated';
}
