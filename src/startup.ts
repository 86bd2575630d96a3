import type { EntityManager } from '@mikro-orm/core';
import { announce } from './db/notifications.js';
import { migrate, type Orm } from './db/orm.js';
import { type SyncResult, syncPermissions } from './modules/access/access.service.js';
import { AppClient } from './modules/client/app-client.entity.js';
import { createClient } from './modules/client/client.service.js';

export interface PreparedDatabase {
  migrations: string[];
  /** What the permission catalogue sync added. */
  permissions: SyncResult;
  /** Set only when this start created the bootstrap client: its one showing. */
  bootstrapClient?: { id: string; secret: string };
}

/**
 * What every start and every CLI command does first: apply pending migrations and
 * sync the permission catalogue. With `bootstrap`, an empty database also gets an
 * admin app client (client_credentials, manage_system).
 */
export async function prepareDatabase(orm: Orm, options: { bootstrap?: boolean } = {}): Promise<PreparedDatabase> {
  const migrations = await migrate(orm);
  const em = orm.em.fork();
  const permissions = await syncPermissions(em);
  // New catalogue entries went to the admin role: running instances must reload permission sets.
  if (permissions.created.length > 0) await announce(orm, { kind: 'roles' });
  if (!options.bootstrap) return { migrations, permissions };
  return { migrations, permissions, bootstrapClient: await createBootstrapClient(em) };
}

async function createBootstrapClient(em: EntityManager): Promise<{ id: string; secret: string } | undefined> {
  const clients = await em.count(AppClient, {}, { filters: false });
  if (clients > 0) return undefined;
  const { client, secret } = await createClient(
    em,
    { name: 'Bootstrap admin', description: 'Created on first start', grantTypes: ['client_credentials'] },
    { permissions: ['manage_system'] },
  );
  return { id: client.id, secret: secret as string };
}
