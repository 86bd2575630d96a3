import type { EntityManager } from '@mikro-orm/core';
import { generateSecret, hashSecret } from '../../lib/secrets.js';
import { findPermissions, findRoles } from '../access/access.service.js';
import { AppClient } from './app-client.entity.js';
import { type ClientInput, clientInputSchema } from './client.validation.js';

export interface CreatedClient {
  client: AppClient;
  /** Shown once; null for public clients. */
  secret: string | null;
}

export interface ClientGrants {
  roles?: readonly string[];
  permissions?: readonly string[];
}

/** Creates an app client; the secret exists only in the return value. */
export async function createClient(em: EntityManager, input: ClientInput, grants: ClientGrants = {}): Promise<CreatedClient> {
  const valid = clientInputSchema.parse(input);
  // A private_key_jwt client proves itself with its keys: it has no secret to leak.
  const secret = valid.confidential && valid.tokenEndpointAuthMethod !== 'private_key_jwt' ? generateSecret() : null;
  const client = em.create(AppClient, {
    ...valid,
    secretHash: secret ? await hashSecret(secret) : null,
  });
  client.roles.set(await findRoles(em, grants.roles ?? []));
  client.permissions.set(await findPermissions(em, grants.permissions ?? []));
  await em.flush();
  return { client, secret };
}

/** Replaces a confidential client's secret; the old one stops working. */
export async function rotateClientSecret(em: EntityManager, client: AppClient): Promise<string> {
  const secret = generateSecret();
  client.secretHash = await hashSecret(secret);
  await em.flush();
  return secret;
}
