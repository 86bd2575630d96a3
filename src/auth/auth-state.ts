import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import type { Invalidation } from '../db/invalidation.js';
import type { NotificationBus } from '../db/notifications.js';
import type { Orm } from '../db/orm.js';
import {
  type Column,
  flag,
  jsonValue,
  nullableText,
  present,
  type RowShape,
  readRow,
  selectList,
  text,
  textList,
} from '../db/raw-row.js';
import { isUuid } from '../lib/ids.js';
import { loadEffectivePermissions } from '../modules/access/access.repository.js';
import type { SubjectRef } from '../modules/access/subject.js';
import type { GrantTypeName, PublicJwks, TokenEndpointAuthMethod } from '../modules/client/app-client.entity.js';
import { type AccessTokenState, findAccessTokenState } from '../modules/token/token.repository.js';
import { GuardedCache } from './guarded-cache.js';

/** An app client as the token side sees it. `secretHash` never leaves the server. */
export interface ClientSnapshot {
  id: string;
  name: string;
  description: string;
  grantTypes: GrantTypeName[];
  redirectUris: string[];
  confidential: boolean;
  firstParty: boolean;
  allowedScopes: string[];
  webOrigins: string[];
  secretHash: string | null;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Public keys for `private_key_jwt`. */
  jwks: PublicJwks | null;
  /** RFC 9449: tokens only for requests with a DPoP proof. */
  requireDpop: boolean;
  deleted: boolean;
}

export interface UserSnapshot {
  id: string;
  disabled: boolean;
}

/** What one authentication read from {@link AuthState}, to ask later whether it is {@link AuthState.unchanged}. */
export interface StateRead {
  tokenId: string;
  token: AccessTokenState;
  client: ClientSnapshot;
  user: UserSnapshot | null;
  subject: SubjectRef;
  permissions: ReadonlySet<string>;
}

/** Entries live at most this long even if a notification were lost (and never longer than an access token). */
const MAX_TTL_MS = 5 * 60_000;
const ALL_ORIGINS = '*';

/**
 * The in-process copy of the authorization state every request needs: tokens,
 * clients, users and subjects' permission sets. A warm instance answers from here
 * without a database round trip; the invalidation bus drops entries on every
 * instance when they change, and while the bus is not live the cache is bypassed.
 */
export class AuthState {
  readonly tokens: GuardedCache<AccessTokenState | null>;
  readonly clients: GuardedCache<ClientSnapshot | null>;
  readonly users: GuardedCache<UserSnapshot | null>;
  readonly permissions: GuardedCache<ReadonlySet<string>>;
  /** Every live client's web origins, for CORS preflights (which carry no credentials). */
  readonly webOrigins: GuardedCache<ReadonlySet<string>>;
  readonly #unsubscribe: Array<() => void>;
  readonly #onClient = new Set<(clientId: string) => void>();

  constructor(
    private readonly orm: Orm,
    private readonly bus: NotificationBus,
    /** The access token lifetime: no entry outlives it. */
    accessTokenTtlSeconds = Number.POSITIVE_INFINITY,
  ) {
    const ttlMs = Math.min(MAX_TTL_MS, accessTokenTtlSeconds * 1000);
    // Bounds: lru-cache allocates its index arrays up front (~40 bytes a slot), so they are
    // sized for the tokens and subjects active within one TTL; beyond that the least
    // recently used entries fall back to the database, they are never wrong.
    this.tokens = new GuardedCache({ max: 50_000, ttlMs });
    this.clients = new GuardedCache({ max: 5_000, ttlMs });
    this.users = new GuardedCache({ max: 20_000, ttlMs });
    this.permissions = new GuardedCache({ max: 20_000, ttlMs });
    this.webOrigins = new GuardedCache({ max: 1, ttlMs });
    this.#unsubscribe = [bus.subscribe((event) => this.invalidate(event)), bus.onReset(() => this.clear())];
  }

  token(id: string): Promise<AccessTokenState | null> {
    return this.tokens.get(id, () => findAccessTokenState(this.orm.em.fork(), id), !this.bus.live);
  }

  client(id: string): Promise<ClientSnapshot | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.clients.get(id, () => loadClient(this.orm.em.fork(), id), !this.bus.live);
  }

  user(id: string): Promise<UserSnapshot | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.users.get(id, () => loadUser(this.orm.em.fork(), id), !this.bus.live);
  }

  /** A subject's effective permissions (direct ∪ via roles). */
  subjectPermissions(subject: SubjectRef): Promise<ReadonlySet<string>> {
    const load = () => loadEffectivePermissions(this.orm.em.fork(), subject);
    return this.permissions.get(`${subject.type}:${subject.id}`, load, !this.bus.live);
  }

  /**
   * Whether the token's, client's, user's and subject's state in memory are still exactly
   * the objects a request read before (then each counts as a cache hit, as if looked up
   * again): what was derived from them is still current. False on any miss, a replaced
   * entry, or while the bus is not live (every lookup must then go to the database).
   */
  unchanged(read: StateRead): boolean {
    if (!this.bus.live) return false;
    if (this.tokens.peek(read.tokenId) !== read.token || this.clients.peek(read.client.id) !== read.client) return false;
    if (read.user && this.users.peek(read.user.id) !== read.user) return false;
    if (this.permissions.peek(`${read.subject.type}:${read.subject.id}`) !== read.permissions) return false;
    this.tokens.countHit();
    this.clients.countHit();
    if (read.user) this.users.countHit();
    this.permissions.countHit();
    return true;
  }

  /** Whether `origin` is a web origin of any live client (a preflight names no client). */
  async isWebOrigin(origin: string): Promise<boolean> {
    const origins = await this.webOrigins.get(ALL_ORIGINS, () => loadWebOrigins(this.orm.em.fork()), !this.bus.live);
    return origins.has(origin);
  }

  /** Other per-client caches (verified secrets) register here to be dropped with the client. */
  onClientChange(listener: (clientId: string) => void): void {
    this.#onClient.add(listener);
  }

  invalidate(event: Invalidation): void {
    switch (event.kind) {
      case 'token':
        this.tokens.delete(event.id);
        break;
      case 'tokens':
        for (const id of event.ids) this.tokens.delete(id);
        break;
      case 'client':
        this.clients.delete(event.id);
        this.webOrigins.delete(ALL_ORIGINS);
        this.permissions.delete(`client:${event.id}`);
        for (const listener of this.#onClient) listener(event.id);
        break;
      case 'user':
        this.users.delete(event.id);
        this.permissions.delete(`user:${event.id}`);
        break;
      case 'subject':
        this.permissions.delete(`${event.type}:${event.id}`);
        break;
      case 'roles':
        this.permissions.clear();
        break;
      default:
        // An event kind this version does not know: be safe and forget everything.
        this.clear();
    }
  }

  clear(): void {
    this.tokens.clear();
    this.clients.clear();
    this.users.clear();
    this.permissions.clear();
    this.webOrigins.clear();
    for (const listener of this.#onClient) listener('*');
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}

const CLIENT_ROW = {
  id: text('id'),
  name: text('name'),
  description: text('description'),
  grantTypes: textList<GrantTypeName>('grant_types'),
  redirectUris: textList('redirect_uris'),
  confidential: flag('confidential'),
  firstParty: flag('first_party'),
  allowedScopes: textList('allowed_scopes'),
  webOrigins: textList('web_origins'),
  secretHash: nullableText('secret_hash'),
  tokenEndpointAuthMethod: text('token_endpoint_auth_method') as Column<TokenEndpointAuthMethod>,
  jwks: jsonValue<PublicJwks>('jwks'),
  requireDpop: flag('require_dpop'),
  deleted: present('deleted_at'),
} satisfies RowShape;

async function loadClient(em: EntityManager, id: string): Promise<ClientSnapshot | null> {
  const rows = await (em as unknown as SqlEntityManager).execute<Record<string, unknown>[]>(
    `select ${selectList(CLIENT_ROW)} from app_client where id = ?`,
    [id],
  );
  return rows[0] ? readRow(CLIENT_ROW, rows[0]) : null;
}

async function loadWebOrigins(em: EntityManager): Promise<ReadonlySet<string>> {
  const rows = await (em as unknown as SqlEntityManager).execute<{ origin: string }[]>(
    'select distinct unnest(web_origins) as origin from app_client where deleted_at is null',
  );
  return new Set(rows.map((row) => row.origin));
}

async function loadUser(em: EntityManager, id: string): Promise<UserSnapshot | null> {
  const rows = await (em as unknown as SqlEntityManager).execute<{ id: string; disabled: boolean }[]>(
    'select id, disabled from "user" where id = ?',
    [id],
  );
  return rows[0] ? { id: rows[0].id, disabled: rows[0].disabled } : null;
}
