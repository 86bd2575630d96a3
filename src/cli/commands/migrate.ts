import { type Command, parseOptions } from '../command.js';
import { withDatabase } from '../runtime.js';

/** `migrate`: apply pending migrations; the runtime does the work every command starts with. */
export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate [--json]',
  async run(args) {
    parseOptions(args, {});
    const applied = await withDatabase(async (_em, prepared) => prepared.migrations);
    return {
      json: { applied },
      text:
        applied.length === 0
          ? ['No pending migrations: the database is up to date.']
          : [`Applied ${applied.length} migration(s):`, ...applied.map((name) => `  ${name}`)],
    };
  },
};
