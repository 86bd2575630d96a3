import type { EntityManager } from '@mikro-orm/core';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { type RowAction, type RowScope, rowScope } from '../modules/access/ownership.js';
import type { Operation } from '../modules/operation.js';
import type { ResourceName } from '../modules/resources.js';
import type { Services } from '../services.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Everything a resolver may use, built once per request. */
export interface GraphQLContext {
  principal: Principal;
  /** This request's own entity manager (identity map and unit of work). */
  em: EntityManager;
  /** The em, the actor for audit events, and the invalidation publisher, for service calls. */
  op: Operation;
  loaders: Loaders;
  services: Services;
  log: FastifyBaseLogger;
  /**
   * Which rows of a business resource an action may touch. Shield lets a field through
   * only with `<resource>.<action>` or its `.own` form, so reaching this without either
   * is a programming error (a rule and a resolver that disagree): it throws.
   */
  scope(resource: ResourceName, action: RowAction): RowScope;
}

/** Builds the context of one authenticated request. */
export function createContext(request: FastifyRequest, principal: Principal, services: Services): GraphQLContext {
  const em = services.orm.em.fork();
  const actor = { type: principal.type, id: principal.userId ?? principal.clientId, ip: request.ip };
  return {
    principal,
    em,
    op: { em, actor, publish: (event) => services.invalidation.publish(event) },
    loaders: createLoaders(em, principal),
    services,
    log: request.log,
    scope(resource, action) {
      const scope = rowScope(principal.permissions, resource, action, principal.userId);
      if (!scope) throw new Error(`no ${resource}.${action} scope: the field's shield rule does not match its resolver`);
      return scope;
    },
  };
}

/** The calling user's id, for fields whose shield rule admits only user tokens. */
export function userOf(ctx: GraphQLContext): string {
  if (!ctx.principal.userId) throw new Error('a user-only field was reached by a client token');
  return ctx.principal.userId;
}
