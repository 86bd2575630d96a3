import { rule, and as shieldAnd, or as shieldOr } from 'graphql-shield';
import type { PermissionName } from '../../modules/access/catalogue.js';
import { ROW_ACTIONS, type RowAction, rowPermissions } from '../../modules/access/permission-names.js';
import type { ResourceName } from '../../modules/resources.js';
import type { GraphQLContext } from '../context.js';
import { allCheck, anyCheck, compileRule, leafCheck, registerCheck, type ShieldRule } from './field-guard.js';

/**
 * Shield rules. Each is a synchronous lookup in the request's permission set (or a
 * comparison with the parent row), so no rule cache is used: `contextual` would share
 * one row's answer with every row, `strict` hashes ORM objects. Every rule here is a
 * graphql-shield rule and also carries its compiled synchronous check (field-guard.ts),
 * which is what runs per field.
 */
const NO_CACHE = { cache: 'no_cache' } as const;

export type { ShieldRule };

type Predicate = (parent: never, args: never, ctx: GraphQLContext) => boolean;

/** A graphql-shield rule whose check is `predicate`, called synchronously. */
function syncRule(name: string, predicate: Predicate): ShieldRule {
  const found = rule(name, NO_CACHE)(predicate as never);
  return registerCheck(found, leafCheck(predicate as never));
}

/** graphql-shield's `or`, with a compiled check when its rules have one. */
export function or(...rules: ShieldRule[]): ShieldRule {
  return registerCheck(shieldOr(...rules), anyCheck(rules.map(compileRule)));
}

/** graphql-shield's `and`, with a compiled check when its rules have one. */
export function and(...rules: ShieldRule[]): ShieldRule {
  return registerCheck(shieldAnd(...rules), allCheck(rules.map(compileRule)));
}

const byPermissions = new Map<string, ShieldRule>();

/**
 * Holds any of `permissions` in this request's effective set: one rule, one loop over a
 * Set, whatever the number of alternatives. One rule instance per list.
 */
export function canAny(...permissions: PermissionName[]): ShieldRule {
  const name = permissions.join(' | ');
  let found = byPermissions.get(name);
  if (!found) {
    found = syncRule(name, (_parent, _args, ctx) => permissions.some((permission) => ctx.principal.permissions.has(permission)));
    byPermissions.set(name, found);
  }
  return found;
}

/** Holds `permission` in this request's effective set. */
export const can = (permission: PermissionName): ShieldRule => canAny(permission);

/** `<resource>.<action>` (every row) or `<resource>.<action>.own` (the caller's rows: a query filter narrows them). */
export function canOnRows(resource: ResourceName, action: RowAction): ShieldRule {
  return canAny(...rowPermissions(resource, action));
}

/** Any permission on a resource: who created or changed a row may read back what it did. */
export function canAnyOn(resource: ResourceName): ShieldRule {
  return canAny(...ROW_ACTIONS.flatMap((action) => rowPermissions(resource, action)));
}

/** Every request reaching GraphQL carries a verified token (refused with 401 before execution otherwise). */
export const authenticated = syncRule('authenticated', () => true);

/** A token with a user (password, authorization code, personal access). */
export const isUser = syncRule('user token', (_parent, _args, ctx) => ctx.principal.userId !== null);

/** The parent User is the caller. */
export const isSelf = syncRule(
  'self',
  (parent: { id?: string }, _args, ctx) => ctx.principal.userId !== null && parent.id === ctx.principal.userId,
);

/** The parent AppClient is the client the token was issued to. */
export const isCallingClient = syncRule(
  'calling client',
  (parent: { id?: string }, _args, ctx) => parent.id === ctx.principal.clientId,
);

/** The parent Customer's owner is the caller. */
export const ownsCustomer = syncRule(
  'customer owner',
  (parent: { ownerId?: string | null }, _args, ctx) => ctx.principal.userId !== null && parent.ownerId === ctx.principal.userId,
);

const subjectIs = (type: 'user' | 'client') =>
  syncRule(`subject is ${type}`, (_parent, args: { subject?: { type?: string } }) => args.subject?.type === type);

/** Changing a client's roles or permissions needs manage_system; a user's, roles.manage. */
export const managesSubject = or(and(subjectIs('client'), can('manage_system')), and(subjectIs('user'), can('roles.manage')));
