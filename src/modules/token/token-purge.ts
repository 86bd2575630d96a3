import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';

/** What a purge removes (or, dry, would remove), per table. */
export interface PurgeCounts {
  refreshTokens: number;
  accessTokens: number;
  authorizationCodes: number;
  /** RFC 9126 pushed authorization requests. */
  pushedRequests: number;
  /** Single-use `jti`s (client assertions, DPoP proofs) past the time they could be presented. */
  spentJtis: number;
  auditEvents: number;
}

export interface PurgeOptions {
  /** Expired or revoked records are kept this long (seconds) past their expiry or revocation. */
  tokenRetentionSeconds: number;
  /** Audit events older than this (seconds) go; null keeps them. */
  auditRetentionSeconds: number | null;
  /** Rows per DELETE statement: each commits on its own, so no lock is held for long. */
  batchSize?: number;
  /** Stops between batches (the server is shutting down). */
  signal?: AbortSignal;
  /** Only count. */
  dryRun?: boolean;
  now?: Date;
}

export const PURGE_BATCH_SIZE = 1000;

function sql(em: EntityManager): SqlEntityManager {
  return em as unknown as SqlEntityManager;
}

/**
 * When a record stopped mattering, against the cutoff `?`: revoked before it, or
 * expired before it. A member that is neither keeps its whole refresh family.
 */
const done = (alias: string) =>
  `((${alias}.revoked and coalesce(${alias}.revoked_at, ${alias}.created_at) < ?) or ${alias}.expires_at < ?)`;

/**
 * A refresh token may go only with its whole family, once every member is done: a
 * used member of a family that still has a live one is what reuse detection looks
 * up when a stolen token is replayed (refresh-token.grant.ts).
 */
const refreshDeletable = `${done('r')} and not exists (
    select 1 from refresh_token k where k.family = r.family and not ${done('k')})`;

/** An access token goes when it is done and no refresh token that stays needs it (the grant reads its client and scopes). */
const accessDeletable = `${done('a')} and not exists (
    select 1 from refresh_token r where r.access_token_id = a.id and not (${refreshDeletable}))`;

/** An authorization code goes once expired, and after every token issued from it (a replayed code revokes them). */
const codeDeletable = `c.expires_at < ? and not exists (
    select 1 from access_token a where a.authorization_code_id = c.id and not (${accessDeletable}))`;

interface Target {
  key: keyof PurgeCounts;
  table: string;
  alias: string;
  /** The column a batch's rows are picked by (`ctid` for a table without an `id`). */
  rowId?: string;
  where: string;
  /** How many times the cutoff appears in `where`. */
  cutoffs: number;
  cutoff: (options: PurgeOptions, now: Date) => Date | null;
}

const tokenCutoff = (options: PurgeOptions, now: Date) => new Date(now.getTime() - options.tokenRetentionSeconds * 1000);

/** In dependency order: what a later table's rule looks at is gone first. */
const TARGETS: readonly Target[] = [
  { key: 'refreshTokens', table: 'refresh_token', alias: 'r', where: refreshDeletable, cutoffs: 4, cutoff: tokenCutoff },
  { key: 'accessTokens', table: 'access_token', alias: 'a', where: accessDeletable, cutoffs: 6, cutoff: tokenCutoff },
  { key: 'authorizationCodes', table: 'authorization_code', alias: 'c', where: codeDeletable, cutoffs: 7, cutoff: tokenCutoff },
  {
    key: 'pushedRequests',
    table: 'pushed_authorization_request',
    alias: 'p',
    // A sign-in started from it may outlast `expires_at`: it goes once both are past the cutoff.
    where: 'p.expires_at < ? and (p.started_at is null or p.started_at < ?)',
    cutoffs: 2,
    cutoff: tokenCutoff,
  },
  // Nothing is learnt from a spent jti once its token could no longer be accepted anyway.
  {
    key: 'spentJtis',
    table: 'spent_jti',
    alias: 'j',
    rowId: 'ctid',
    where: 'j.expires_at < ?',
    cutoffs: 1,
    cutoff: (_options, now) => now,
  },
  {
    key: 'auditEvents',
    table: 'audit_event',
    alias: 'e',
    where: 'e.created_at < ?',
    cutoffs: 1,
    cutoff: (options, now) =>
      options.auditRetentionSeconds === null ? null : new Date(now.getTime() - options.auditRetentionSeconds * 1000),
  },
];

/**
 * Deletes (or with `dryRun` counts) the token records nobody needs any more, in
 * bounded batches, table by table. Safe to run while tokens are issued and used:
 * every rule is re-evaluated by each statement.
 */
export async function purgeTokens(em: EntityManager, options: PurgeOptions): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const counts = Object.fromEntries(TARGETS.map((target) => [target.key, 0])) as unknown as PurgeCounts;
  for (const target of TARGETS) {
    const cutoff = target.cutoff(options, now);
    if (cutoff === null) continue;
    const params = Array.from({ length: target.cutoffs }, () => cutoff);
    counts[target.key] = options.dryRun
      ? await countRows(em, target, params)
      : await deleteInBatches(em, target, params, options);
    if (options.signal?.aborted) break;
  }
  return counts;
}

async function countRows(em: EntityManager, target: Target, params: Date[]): Promise<number> {
  const rows = await sql(em).execute<{ n: number | string }[]>(
    `select count(*) as n from ${target.table} ${target.alias} where ${target.where}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

async function deleteInBatches(em: EntityManager, target: Target, params: Date[], options: PurgeOptions): Promise<number> {
  const batch = options.batchSize ?? PURGE_BATCH_SIZE;
  const { table, alias, rowId = 'id' } = target;
  let total = 0;
  for (;;) {
    const result = await sql(em).execute<{ affectedRows: number }>(
      `delete from ${table} where ${rowId} in (select ${alias}.${rowId} from ${table} ${alias} where ${target.where} limit ${batch})`,
      params,
      'run',
    );
    total += result.affectedRows;
    if (result.affectedRows < batch || options.signal?.aborted) return total;
    // Let requests in between batches (PGlite runs one statement at a time).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Rows in each purged table, for the CLI's report. */
export async function countTokenTables(em: EntityManager): Promise<PurgeCounts> {
  const rows = await sql(em).execute<Record<string, number | string>[]>(
    `select (select count(*) from refresh_token) as refresh, (select count(*) from access_token) as access,
            (select count(*) from authorization_code) as codes, (select count(*) from pushed_authorization_request) as pushed,
            (select count(*) from spent_jti) as jtis, (select count(*) from audit_event) as audit`,
  );
  const row = rows[0];
  return {
    refreshTokens: Number(row.refresh),
    accessTokens: Number(row.access),
    authorizationCodes: Number(row.codes),
    pushedRequests: Number(row.pushed),
    spentJtis: Number(row.jtis),
    auditEvents: Number(row.audit),
  };
}
