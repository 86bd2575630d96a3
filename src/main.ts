import 'reflect-metadata';
import { writeKeys } from './auth/key-files.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openOrm } from './db/orm.js';
import { prepareDatabase } from './startup.js';

const ENV_FILE = '.env';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

let config = configOrExit();
const algorithm = config.accessTokenAlgorithm;
if (!config.keys || (algorithm !== 'RS256' && !config.keys.accessToken)) {
  writeKeys({ envFile: ENV_FILE, alg: algorithm });
  console.log(`no ${algorithm} signing key configured: generated one into ${ENV_FILE}`);
  config = configOrExit();
}

const orm = await openOrm({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
// The database starts (PGlite: WASM compile, data directory) while the HTTP app's modules
// load, instead of after: most of a second off a first start.
const [{ buildApp }, prepared] = await Promise.all([
  import('./app.js'),
  prepareDatabase(orm, { bootstrap: { issuer: config.issuer, adminEmail: config.bootstrapAdminEmail } }),
]);
if (prepared.bootstrapClient) {
  console.log('Bootstrap admin app client created (client_credentials, manage_system). The secret is shown only now:');
  console.log(`  Client ID:     ${prepared.bootstrapClient.id}`);
  console.log(`  Client secret: ${prepared.bootstrapClient.secret}`);
}

if (prepared.bootstrapAdmin) {
  console.log('Bootstrap admin user created (role admin). Its one-time password is shown only now:');
  console.log(`  Email:    ${prepared.bootstrapAdmin.email}`);
  console.log(`  Password: ${prepared.bootstrapAdmin.password}`);
  console.log('  Sign in at /console and change it (GraphQL updateUser).');
}

const app = await buildApp(config, { orm });
await app.listen({ host: config.host, port: config.port });
console.log(`Core API listening at ${config.issuer}; the developer console: ${config.issuer}/console`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: draining requests');
  await app.close();
  await orm.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
