import { loadConfig } from '../../config.js';
import { countTokenTables, type PurgeCounts, purgeTokens } from '../../modules/token/token-purge.js';
import { runPurge } from '../../ops/purge-scheduler.js';
import { type Command, parseOptions } from '../command.js';
import { withDatabase } from '../runtime.js';

const LABELS: Record<keyof PurgeCounts, string> = {
  refreshTokens: 'refresh tokens',
  accessTokens: 'access tokens',
  authorizationCodes: 'authorization codes',
  pushedRequests: 'pushed authorization requests',
  spentJtis: 'spent assertion and DPoP proof jtis',
  auditEvents: 'audit events',
};

/**
 * `tokens:purge`: what the server's periodic purge does, once, now (under the same lock,
 * so never beside a running one). `--dry-run` only counts.
 */
export const tokensPurgeCommand: Command = {
  name: 'tokens:purge',
  usage: 'tokens:purge [--dry-run] [--json]',
  async run(args) {
    const options = parseOptions(args, { 'dry-run': { type: 'boolean' } });
    const dryRun = options['dry-run'] === true;
    const config = loadConfig();
    const { purge } = config;
    const { deleted, remaining } = await withDatabase(async (em, _prepared, orm) => {
      let counts: PurgeCounts;
      if (dryRun) {
        counts = await purgeTokens(em, { ...purge, dryRun: true });
      } else {
        const outcome = await runPurge(orm, purge);
        if (!outcome.ran) throw new Error('another purge is running (an instance holds the purge lock); try again later');
        counts = outcome.deleted;
      }
      return { deleted: counts, remaining: await countTokenTables(em) };
    }, config);
    const verb = dryRun ? 'Would delete' : 'Deleted';
    return {
      json: {
        dryRun,
        tokenRetentionSeconds: purge.tokenRetentionSeconds,
        auditRetentionSeconds: purge.auditRetentionSeconds,
        deleted,
        remaining,
      },
      text: [
        ...Object.entries(LABELS).map(([key, label]) => {
          const k = key as keyof PurgeCounts;
          return `${verb} ${deleted[k]} ${label}; ${remaining[k]} remain.`;
        }),
        purge.auditRetentionSeconds === null ? 'Audit events are kept (AUDIT_RETENTION=off).' : '',
      ].filter(Boolean),
    };
  },
};
