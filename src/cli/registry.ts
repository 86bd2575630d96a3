import type { Command } from './command.js';

export interface CommandEntry {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Loaded on use, so `keys` or a usage error does not pay for the ORM and argon2. */
  load(): Promise<Command>;
}

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'keys',
    summary: 'generate the RSA signing key pair into .env',
    load: async () => (await import('./commands/keys.js')).keysCommand,
  },
  {
    name: 'install',
    summary: 'ensure signing keys; create the personal access and password grant clients',
    load: async () => (await import('./commands/install.js')).installCommand,
  },
  {
    name: 'client:create',
    summary: 'create an app client and print its id and secret once',
    load: async () => (await import('./commands/client-create.js')).clientCreateCommand,
  },
  {
    name: 'user:create',
    summary: 'create a user (--admin: with the admin role, which holds every permission)',
    load: async () => (await import('./commands/user-create.js')).userCreateCommand,
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations',
    load: async () => (await import('./commands/migrate.js')).migrateCommand,
  },
  {
    name: 'permissions:sync',
    summary: 'sync the permission catalogue and the admin role into the database',
    load: async () => (await import('./commands/permissions-sync.js')).permissionsSyncCommand,
  },
  {
    name: 'tokens:purge',
    summary: 'delete expired and revoked tokens past TOKEN_RETENTION, audit events past AUDIT_RETENTION',
    load: async () => (await import('./commands/tokens-purge.js')).tokensPurgeCommand,
  },
];
