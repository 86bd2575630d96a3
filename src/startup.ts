import type { EntityManager } from '@mikro-orm/core';
import { runInTurn } from './db/exclusive.js';
import { announce } from './db/notifications.js';
import { migrate, type Orm } from './db/orm.js';
import { generateSecret } from './lib/secrets.js';
import { type SyncResult, syncPermissions } from './modules/access/access.service.js';
import { ADMIN_ROLE } from './modules/access/catalogue.js';
import { AppClient } from './modules/client/app-client.entity.js';
import { createClient } from './modules/client/client.service.js';
import { CONSOLE_CLIENT_ID, ensureConsoleClient } from './modules/client/console-client.js';
import { User } from './modules/user/user.entity.js';
import { createUser } from './modules/user/user.service.js';

export interface PreparedDatabase {
  migrations: string[];
  /** What the permission catalogue sync added. */
  permissions: SyncResult;
  /** Set only when this start created the bootstrap client: its one showing. */
  bootstrapClient?: { id: string; secret: string };
  /** Set only when this start created the bootstrap admin user: its one-time password's one showing. */
  bootstrapAdmin?: { email: string; password: string };
}

export interface BootstrapOptions {
  /** The issuer: where the developer console's redirect URIs point. */
  issuer: string;
  /** The bootstrap admin user's email on an empty database. */
  adminEmail: string;
}

/**
 * What every start and every CLI command does first: apply pending migrations and
 * sync the permission catalogue. With `bootstrap` (the server's start), an empty database
 * also gets an admin app client (client_credentials, manage_system) and an admin user, and
 * the developer console's client is created or put back as it must be.
 */
export async function prepareDatabase(orm: Orm, options: { bootstrap?: BootstrapOptions } = {}): Promise<PreparedDatabase> {
  // Instances starting together on one database take turns: the first migrates and
  // bootstraps, the others then find it done (no duplicate type, client or admin).
  return runInTurn(orm, STARTUP_LOCK_KEY, () => prepare(orm, options));
}

/** The advisory lock key of a start ("core" + 1), apart from the purge's. */
const STARTUP_LOCK_KEY = 0x636f7266;

async function prepare(orm: Orm, options: { bootstrap?: BootstrapOptions }): Promise<PreparedDatabase> {
  const migrations = await migrate(orm);
  const em = orm.em.fork();
  const permissions = await syncPermissions(em);
  // New catalogue entries went to the admin role: running instances must reload permission sets.
  if (permissions.created.length > 0) await announce(orm, { kind: 'roles' });
  if (!options.bootstrap) return { migrations, permissions };
  const bootstrapClient = await createBootstrapClient(em);
  const bootstrapAdmin = await createBootstrapAdmin(em, options.bootstrap.adminEmail);
  if ((await ensureConsoleClient(em, options.bootstrap.issuer)) === 'updated') {
    await announce(orm, { kind: 'client', id: CONSOLE_CLIENT_ID });
  }
  return { migrations, permissions, bootstrapClient, bootstrapAdmin };
}

/** The first user, so the console has someone to sign in: the password exists only in the return value. */
async function createBootstrapAdmin(em: EntityManager, email: string): Promise<{ email: string; password: string } | undefined> {
  if ((await em.count(User, {})) > 0) return undefined;
  const password = generateSecret();
  const user = await createUser(em, { email, password }, { roles: [ADMIN_ROLE] });
  return { email: user.email, password };
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
