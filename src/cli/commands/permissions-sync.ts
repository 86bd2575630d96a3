import { type Command, parseOptions } from '../command.js';
import { withDatabase } from '../runtime.js';

/**
 * `permissions:sync`: bring the permission catalogue (src/modules/access/catalogue.ts)
 * into the database and give the `admin` role every permission. Every command syncs
 * before it runs; this one reports what the sync added.
 */
export const permissionsSyncCommand: Command = {
  name: 'permissions:sync',
  usage: 'permissions:sync [--json]',
  async run(args) {
    parseOptions(args, {});
    const { created, total } = await withDatabase(async (_em, prepared) => prepared.permissions);
    return {
      json: { created, total },
      text: [
        created.length === 0
          ? `The catalogue is in sync: ${total} permissions.`
          : `Added ${created.length} permission(s): ${created.join(', ')}. ${total} permissions in all.`,
        'The admin role holds every permission.',
      ],
    };
  },
};
