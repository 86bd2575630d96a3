import type { EntityManager } from '@mikro-orm/core';
import { writeKeys } from '../../auth/key-files.js';
import { loadConfig } from '../../config.js';
import { ALL_SCOPE } from '../../modules/access/catalogue.js';
import { AppClient } from '../../modules/client/app-client.entity.js';
import { createClient } from '../../modules/client/client.service.js';
import type { ClientInput } from '../../modules/client/client.validation.js';
import { type Command, ENV_FILE, parseOptions, UsageError } from '../command.js';
import { withDatabase } from '../runtime.js';

/**
 * The two clients of Passport's `passport:install`. Both are first-party and
 * confidential; `*` lets their user tokens carry all of the user's permissions.
 * The personal access client is the issuer of personal access tokens.
 */
export const PERSONAL_ACCESS_CLIENT: ClientInput = {
  name: 'Personal access client',
  description: 'Issues personal access tokens (created by install)',
  grantTypes: ['password'],
  firstParty: true,
  confidential: true,
  allowedScopes: [ALL_SCOPE],
};

export const PASSWORD_GRANT_CLIENT: ClientInput = {
  name: 'Password grant client',
  description: 'First-party password grant client (created by install)',
  grantTypes: ['password'],
  firstParty: true,
  confidential: true,
  allowedScopes: [ALL_SCOPE],
};

/** `install`: ensure signing keys, then create the personal access and password grant clients. */
export const installCommand: Command = {
  name: 'install',
  usage: 'install [--json]',
  async run(args) {
    parseOptions(args, {});
    const keysCreated = !loadConfig().keys;
    if (keysCreated) writeKeys({ envFile: ENV_FILE });
    const [personal, password] = await withDatabase((em) =>
      em.transactional(async (tx) => {
        await refuseSecondInstall(tx);
        return [await createClient(tx, PERSONAL_ACCESS_CLIENT), await createClient(tx, PASSWORD_GRANT_CLIENT)];
      }),
    );
    return {
      json: {
        personalAccessClient: { id: personal.client.id, secret: personal.secret },
        passwordClient: { id: password.client.id, secret: password.secret },
      },
      text: [
        keysCreated ? `No signing keys configured: generated an RSA key pair into ${ENV_FILE}.` : 'Signing keys: present.',
        'Personal access client created.',
        `  Client ID:     ${personal.client.id}`,
        `  Client secret: ${personal.secret}`,
        'Password grant client created.',
        `  Client ID:     ${password.client.id}`,
        `  Client secret: ${password.secret}`,
        'The secrets are shown only now; they are stored as argon2id hashes.',
      ],
    };
  },
};

/** Installing twice would leave two clients of each kind with secrets nobody keeps track of. */
async function refuseSecondInstall(em: EntityManager): Promise<void> {
  const existing = await em.findOne(AppClient, { name: PERSONAL_ACCESS_CLIENT.name });
  if (existing) {
    throw new UsageError(`already installed: "${existing.name}" ${existing.id} exists; use client:create for more clients`);
  }
}
