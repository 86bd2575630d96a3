import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '../../db/bound-statement.js';
import {
  flag,
  nullableNumber,
  nullableText,
  nullableTimestamp,
  type RowShape,
  readRow,
  selectList,
  text,
  textList,
  timestamp,
} from '../../db/raw-row.js';
import { isUuid } from '../../lib/ids.js';

/** Raw SQL through the entity manager, so it joins the caller's transaction if there is one. */
function sql(em: EntityManager): SqlEntityManager {
  return em as unknown as SqlEntityManager;
}

/** What the authenticator needs to know about an issued access token. */
export interface AccessTokenState {
  revoked: boolean;
  clientId: string;
  userId: string | null;
  /** Issued without a scope: acts with the subject's live permissions. */
  defaultScope: boolean;
}

const ACCESS_TOKEN_STATE = {
  revoked: flag('revoked'),
  clientId: text('client_id'),
  userId: nullableText('user_id'),
  defaultScope: flag('default_scope'),
} satisfies RowShape;

export async function findAccessTokenState(em: EntityManager, id: string): Promise<AccessTokenState | null> {
  if (!isUuid(id)) return null;
  const rows = await sql(em).execute<Record<string, unknown>[]>(
    `select ${selectList(ACCESS_TOKEN_STATE)} from access_token where id = ?`,
    [id],
  );
  return rows[0] ? readRow(ACCESS_TOKEN_STATE, rows[0]) : null;
}

/** The authentication an OpenID Connect grant stems from: its session (`sid`) and time (`auth_time`). */
export interface SignInBinding {
  sessionId: string | null;
  authTime: Date;
}

/** An issued access token as recorded, with its refresh token (hash only) and its audit event. */
export interface IssuedTokenRecord {
  id: string;
  clientId: string;
  userId: string | null;
  scopes: readonly string[];
  defaultScope: boolean;
  name: string | null;
  grantType: string;
  authorizationCodeId: string | null;
  createdAt: Date;
  expiresAt: Date;
  refresh?: {
    id: string;
    tokenHash: string;
    family: string;
    expiresAt: Date;
    signIn?: SignInBinding | null;
    /** RFC 8707: the resource the grant is aimed at. */
    resource?: string | null;
    /** RFC 9449 §5: the DPoP key a public client's refresh token is bound to. */
    dpopJkt?: string | null;
  };
  /** The `token.issued` event (see auditColumns). */
  audit: {
    id: string;
    action: string;
    actorType: string | null;
    actorId: string | null;
    ip: string | null;
    details: Record<string, unknown>;
  };
}

/** The columns of one issued token as the statement reads them from its JSON parameter. */
const ISSUED_COLUMNS = `id uuid, client_id uuid, user_id uuid, scopes text, default_scope boolean, name text,
  grant_type text, authorization_code_id uuid, created_at timestamptz, expires_at timestamptz,
  refresh_id uuid, refresh_hash text, family uuid, refresh_expires_at timestamptz, session_id text,
  auth_time timestamptz, resource text, dpop_jkt text,
  audit_id uuid, action text, actor_type text, actor_id text, ip text, details jsonb`;

/**
 * Records tokens, their refresh tokens and their audit events in ONE statement: atomic
 * without a transaction of its own, one round trip however many tokens, and none of
 * the unit of work's bookkeeping on the token endpoint's hot path. Joins the caller's
 * transaction if any. The rows travel as one JSON parameter bound by the driver
 * (`jsonb_to_recordset($1)`, see executeBound): neither inlined into the SQL text by
 * MikroORM, quoted a character at a time, nor sent as hex.
 * Scopes are permission names (never spaces), passed joined and split back by SQL.
 */
export async function insertIssuedTokens(em: EntityManager, tokens: readonly IssuedTokenRecord[]): Promise<void> {
  if (tokens.length === 0) return;
  const rows = tokens.map((t) => ({
    id: t.id,
    client_id: t.clientId,
    user_id: t.userId,
    scopes: t.scopes.join(' '),
    default_scope: t.defaultScope,
    name: t.name,
    grant_type: t.grantType,
    authorization_code_id: t.authorizationCodeId,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    refresh_id: t.refresh?.id ?? null,
    refresh_hash: t.refresh?.tokenHash ?? null,
    family: t.refresh?.family ?? null,
    refresh_expires_at: t.refresh?.expiresAt ?? null,
    session_id: t.refresh?.signIn?.sessionId ?? null,
    auth_time: t.refresh?.signIn?.authTime ?? null,
    resource: t.refresh?.resource ?? null,
    dpop_jkt: t.refresh?.dpopJkt ?? null,
    audit_id: t.audit.id,
    action: t.audit.action,
    actor_type: t.audit.actorType,
    actor_id: t.audit.actorId,
    ip: t.audit.ip,
    details: t.audit.details,
  }));
  const refresh = tokens.some((t) => t.refresh)
    ? `, refresh as (
        insert into refresh_token (id, token_hash, access_token_id, family, used, revoked, created_at, expires_at, session_id, auth_time, resource, dpop_jkt)
        select refresh_id, refresh_hash, id, family, false, false, created_at, refresh_expires_at, session_id, auth_time, resource, dpop_jkt
        from issued where refresh_id is not null)`
    : '';
  await executeBound(
    em,
    `with issued as (select * from jsonb_to_recordset($1::jsonb) as t(${ISSUED_COLUMNS})),
     access as (
        insert into access_token (id, client_id, user_id, scopes, default_scope, name, grant_type, authorization_code_id, revoked, created_at, expires_at)
        select id, client_id, user_id, string_to_array(scopes, ' '), default_scope, name, grant_type, authorization_code_id, false, created_at, expires_at
        from issued)${refresh}
     insert into audit_event (id, action, actor_type, actor_id, target_type, target_id, ip, details, created_at)
     select audit_id, action, actor_type, actor_id, 'access_token', id::text, ip, details, created_at from issued`,
    [JSON.stringify(rows)],
  );
}

/** A refresh token found by its hash, with what its access token was issued for. */
export interface RefreshTokenRecord {
  id: string;
  family: string;
  used: boolean;
  revoked: boolean;
  expiresAt: Date;
  createdAt: Date;
  accessTokenId: string;
  clientId: string;
  userId: string | null;
  scopes: string[];
  defaultScope: boolean;
  /** Seconds since its first use, by the database's clock; null while unused. */
  usedSecondsAgo: number | null;
  /** Set when the family began with an OpenID Connect sign-in. */
  signIn: SignInBinding | null;
  /** RFC 8707: the resource the grant is aimed at; null for the default audience. */
  resource: string | null;
  /** RFC 9449 §5: the DPoP key it is bound to (public clients); null when unbound. */
  dpopJkt: string | null;
}

const REFRESH_TOKEN_ROW = {
  id: text('r.id'),
  family: text('r.family'),
  used: flag('r.used'),
  revoked: flag('r.revoked'),
  expiresAt: timestamp('r.expires_at'),
  createdAt: timestamp('r.created_at'),
  accessTokenId: text('r.access_token_id'),
  clientId: text('a.client_id'),
  userId: nullableText('a.user_id'),
  scopes: textList('a.scopes'),
  defaultScope: flag('a.default_scope'),
  usedSecondsAgo: nullableNumber('extract(epoch from (now() - r.used_at))::float8'),
  sessionId: nullableText('r.session_id'),
  authTime: nullableTimestamp('r.auth_time'),
  resource: nullableText('r.resource'),
  dpopJkt: nullableText('r.dpop_jkt'),
} satisfies RowShape;

export async function findRefreshToken(em: EntityManager, tokenHash: string): Promise<RefreshTokenRecord | null> {
  const rows = await sql(em).execute<Record<string, unknown>[]>(
    `select ${selectList(REFRESH_TOKEN_ROW)}
       from refresh_token r join access_token a on a.id = r.access_token_id
      where r.token_hash = ?`,
    [tokenHash],
  );
  if (!rows[0]) return null;
  const { sessionId, authTime, ...record } = readRow(REFRESH_TOKEN_ROW, rows[0]);
  // A family that began with an OpenID Connect sign-in carries it on every member.
  const signIn = authTime ? { sessionId, authTime } : null;
  return { ...record, signIn };
}

/**
 * Claims a refresh token for one rotation: its first use, or a repeat within
 * `graceSeconds` of that first use (a lost response, tabs refreshing at once). One
 * conditional UPDATE decides, by the database's clock, so concurrent refreshes cannot
 * race a read: under PostgreSQL a waiting UPDATE re-checks the row the winner committed,
 * so inside the grace every one of them succeeds and past it every one fails.
 */
export async function claimRefreshToken(em: EntityManager, id: string, graceSeconds: number): Promise<boolean> {
  const result = await sql(em).execute<{ affectedRows: number }>(
    `update refresh_token set used = true, used_at = coalesce(used_at, now())
      where id = ? and revoked = false
        and (used = false or (?::float8 > 0 and used_at > now() - make_interval(secs => ?::float8)))`,
    [id, graceSeconds, graceSeconds],
    'run',
  );
  return result.affectedRows === 1;
}

/** Revokes every member of a refresh family and the access tokens issued with them; returns those access token ids. */
export async function revokeFamily(em: EntityManager, family: string): Promise<string[]> {
  const connection = sql(em);
  await connection.execute('update refresh_token set revoked = true where family = ? and revoked = false', [family], 'run');
  const rows = await connection.execute<{ id: string }[]>(
    `update access_token set revoked = true
      where id in (select access_token_id from refresh_token where family = ?) and revoked = false
      returning id`,
    [family],
  );
  return rows.map((row) => row.id);
}

/** The live refresh families that began with a sign-in in one of these sessions (logout ends them). */
export async function familiesOfSignInSessions(em: EntityManager, sessionIds: readonly string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const rows = await sql(em).execute<{ family: string }[]>(
    `select distinct family from refresh_token where session_id in (${sessionIds.map(() => '?').join(', ')}) and revoked = false`,
    [...sessionIds],
  );
  return rows.map((row) => row.family);
}

/** Revokes one access token; true when it was live. Its refresh families are revoked by the caller if wanted. */
export async function revokeAccessTokenRow(em: EntityManager, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await sql(em).execute<{ affectedRows: number }>(
    'update access_token set revoked = true where id = ? and revoked = false',
    [id],
    'run',
  );
  return result.affectedRows === 1;
}

/** The refresh families that an access token belongs to (normally one). */
export async function familiesOfAccessToken(em: EntityManager, accessTokenId: string): Promise<string[]> {
  if (!isUuid(accessTokenId)) return [];
  const rows = await sql(em).execute<{ family: string }[]>(
    'select distinct family from refresh_token where access_token_id = ?',
    [accessTokenId],
  );
  return rows.map((row) => row.family);
}

/** Revokes every live access token (and refresh token) matching a client, optionally only one user's. */
export async function revokeTokensOf(em: EntityManager, filter: { clientId?: string; userId?: string }): Promise<string[]> {
  const conditions: string[] = ['revoked = false'];
  const params: string[] = [];
  if (filter.clientId) {
    conditions.push('client_id = ?');
    params.push(filter.clientId);
  }
  if (filter.userId) {
    conditions.push('user_id = ?');
    params.push(filter.userId);
  }
  if (params.length === 0) throw new Error('revokeTokensOf needs a client or a user');
  const connection = sql(em);
  const rows = await connection.execute<{ id: string }[]>(
    `update access_token set revoked = true where ${conditions.join(' and ')} returning id`,
    params,
  );
  await connection.execute(
    `update refresh_token set revoked = true
      where revoked = false and access_token_id in (select id from access_token where ${conditions.slice(1).join(' and ')})`,
    params,
    'run',
  );
  return rows.map((row) => row.id);
}
