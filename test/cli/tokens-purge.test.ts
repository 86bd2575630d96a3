import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/modules/client/client.service.js';
import { type CliWorkspace, createCliWorkspace, errorOf, jsonOf } from './cli-workspace.js';

interface PurgeReport {
  dryRun: boolean;
  tokenRetentionSeconds: number;
  auditRetentionSeconds: number | null;
  deleted: Record<string, number>;
  remaining: Record<string, number>;
}

describe('cli tokens:purge', { timeout: 120_000 }, () => {
  let ws: CliWorkspace;
  beforeAll(async () => {
    ws = await createCliWorkspace();
    expect((await ws.run('migrate')).code).toBe(0);
    // Two tokens that expired 30 days ago, one live one, and an audit event from last year.
    await ws.withOrm(async (orm) => {
      const em = orm.em.fork();
      const { client } = await createClient(em, { name: 'Purged', grantTypes: ['client_credentials'] });
      const sql = em.getConnection();
      for (const age of ['30 days', '31 days', '-1 days']) {
        await sql.execute(
          `insert into access_token (id, client_id, scopes, grant_type, revoked, created_at, expires_at)
           values (?, ?, '{}', 'client_credentials', false, now() - interval '${age}', now() - interval '${age}')`,
          [randomUUID(), client.id],
        );
      }
      await sql.execute(`insert into audit_event (id, action, created_at) values (?, 'test.old', now() - interval '365 days')`, [
        randomUUID(),
      ]);
    });
  });
  afterAll(() => ws.close());

  it('--dry-run counts and deletes nothing; then the purge deletes exactly that; then nothing is left to delete', async () => {
    const dry = jsonOf<PurgeReport>(await ws.run('tokens:purge', '--dry-run', '--json'));
    expect(dry).toMatchObject({
      dryRun: true,
      tokenRetentionSeconds: 7 * 86400,
      auditRetentionSeconds: 90 * 86400,
      deleted: { refreshTokens: 0, accessTokens: 2, authorizationCodes: 0, pushedRequests: 0, spentJtis: 0, auditEvents: 1 },
    });
    const real = jsonOf<PurgeReport>(await ws.run('tokens:purge', '--json'));
    expect(real.dryRun).toBe(false);
    expect(real.deleted).toEqual(dry.deleted);
    expect(real.remaining.accessTokens).toBe(dry.remaining.accessTokens - 2);
    expect(real.remaining.accessTokens).toBe(1);
    expect(real.remaining.auditEvents).toBe(dry.remaining.auditEvents - 1);
    const again = await ws.run('tokens:purge');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Deleted 0 access tokens; 1 remain.');
  });

  it('refuses an unknown option with one line', async () => {
    expect(errorOf(await ws.run('tokens:purge', '--older-than', '3d'))).toMatch(/older-than/);
  });
});
