import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Orm, openOrm } from '../src/db/orm.js';
import { createClient } from '../src/modules/client/client.service.js';
import { countTokenTables, type PurgeCounts, purgeTokens } from '../src/modules/token/token-purge.js';
import { prepareDatabase } from '../src/startup.js';

export interface PurgeFigures {
  /** Refresh families seeded: a quarter live, the rest dead (expired 30 days ago). */
  families: number;
  before: PurgeCounts;
  dryRunMs: number;
  purgeMs: number;
  deleted: PurgeCounts;
  after: PurgeCounts;
  rowsPerSecond: number;
}

const FAMILIES = Number(process.env.BENCH_PURGE_FAMILIES ?? 5000);

/**
 * The purge on a token table of some size: FAMILIES refresh families of three members
 * each (two used, one current), a quarter of them live, plus one expired client-credentials
 * token per family; timed as a dry run and as the real purge (batches of 1,000).
 */
export async function measurePurge(databaseUrl?: string): Promise<PurgeFigures> {
  const target = await openTarget(databaseUrl);
  try {
    await prepareDatabase(target.orm);
    await seed(target.orm);
    const em = () => target.orm.em.fork();
    const retention = { tokenRetentionSeconds: 7 * 86400, auditRetentionSeconds: 90 * 86400 };
    const before = await countTokenTables(em());
    let started = performance.now();
    await purgeTokens(em(), { ...retention, dryRun: true });
    const dryRunMs = Math.round(performance.now() - started);
    started = performance.now();
    const deleted = await purgeTokens(em(), retention);
    const purgeMs = Math.round(performance.now() - started);
    const after = await countTokenTables(em());
    const rows = deleted.refreshTokens + deleted.accessTokens + deleted.authorizationCodes + deleted.auditEvents;
    return { families: FAMILIES, before, dryRunMs, purgeMs, deleted, after, rowsPerSecond: Math.round((rows / purgeMs) * 1000) };
  } finally {
    await target.close();
  }
}

async function seed(orm: Orm): Promise<void> {
  const { client } = await createClient(orm.em.fork(), { name: 'Purge bench', grantTypes: ['password', 'client_credentials'] });
  const connection = orm.em.fork().getConnection();
  for (let start = 0; start < FAMILIES; start += 500) {
    const access: string[] = [];
    const refresh: string[] = [];
    for (let f = start; f < Math.min(FAMILIES, start + 500); f++) {
      const live = f % 4 === 0;
      const family = randomUUID();
      const expires = live ? `now() + interval '20 days'` : `now() - interval '30 days'`;
      for (let member = 0; member < 3; member++) {
        const at = randomUUID();
        access.push(`('${at}', '${client.id}', 'password', ${expires})`);
        refresh.push(
          `('${randomUUID()}', '${randomUUID().replace(/-/g, '')}${member}', '${at}', '${family}', ${member < 2}, ${expires})`,
        );
      }
      access.push(`('${randomUUID()}', '${client.id}', 'client_credentials', now() - interval '30 days')`);
    }
    await connection.execute(
      `insert into access_token (id, client_id, grant_type, created_at, expires_at)
       select v.id::uuid, v.client_id::uuid, v.grant_type, v.expires_at - interval '1 hour', v.expires_at
         from (values ${access.join(', ')}) as v(id, client_id, grant_type, expires_at)`,
    );
    await connection.execute(
      `insert into refresh_token (id, token_hash, access_token_id, family, used, created_at, expires_at)
       select v.id::uuid, v.hash, v.at::uuid, v.family::uuid, v.used, v.expires_at - interval '30 days', v.expires_at
         from (values ${refresh.join(', ')}) as v(id, hash, at, family, used, expires_at)`,
    );
  }
}

async function openTarget(databaseUrl?: string): Promise<{ orm: Orm; close(): Promise<void> }> {
  if (!databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'core-bench-purge-'));
    const orm = await openOrm({ pgliteDir: dir });
    return {
      orm,
      async close() {
        await orm.close(true);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `core_bench_purge_${randomUUID().slice(0, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const orm = await openOrm({ databaseUrl: url.toString() });
  return {
    orm,
    async close() {
      await orm.close(true);
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(JSON.stringify(await measurePurge(process.env.DATABASE_URL || undefined), null, 2));
}
