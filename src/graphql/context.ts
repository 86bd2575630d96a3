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

/**
 * Builds the context of one authenticated request. The entity manager and the loaders
 * are made when a resolver first needs them: most small requests (`{ viewer { … } }`)
 * never do, and forking the entity manager was the larger part of their own work.
 */
export function createContext(request: FastifyRequest, principal: Principal, services: Services): GraphQLContext {
  return new RequestContext(request, principal, services);
}

/**
 * The lazy parts are getters on the prototype over a shared `made` record: Apollo
 * shallow-copies the context (`Object.assign` onto the same prototype), which would
 * call own getters at once and copy private fields not at all.
 */
class RequestContext implements GraphQLContext {
  readonly log: FastifyBaseLogger;
  readonly made: { request: FastifyRequest; op?: Operation; em?: EntityManager; loaders?: Loaders };

  constructor(
    request: FastifyRequest,
    readonly principal: Principal,
    readonly services: Services,
  ) {
    this.made = { request };
    this.log = request.log;
  }

  /** Made on first use too: an object literal with a getter, and the request's `ip`, cost a small request more than its execution. */
  get op(): Operation {
    this.made.op ??= operation(this.made, this.principal, this.services);
    return this.made.op;
  }

  get em(): EntityManager {
    return this.op.em;
  }

  get loaders(): Loaders {
    this.made.loaders ??= createLoaders(this.em, this.principal);
    return this.made.loaders;
  }

  scope(resource: ResourceName, action: RowAction): RowScope {
    const scope = rowScope(this.principal.permissions, resource, action, this.principal.userId);
    if (!scope) throw new Error(`no ${resource}.${action} scope: the field's shield rule does not match its resolver`);
    return scope;
  }
}

function operation(made: RequestContext['made'], principal: Principal, services: Services): Operation {
  const actor = { type: principal.type, id: principal.userId ?? principal.clientId, ip: made.request.ip };
  return {
    get em() {
      made.em ??= services.orm.em.fork();
      return made.em;
    },
    actor,
    publish: (event) => services.invalidation.publish(event),
  };
}

/** The calling user's id, for fields whose shield rule admits only user tokens. */
export function userOf(ctx: GraphQLContext): string {
  if (!ctx.principal.userId) throw new Error('a user-only field was reached by a client token');
  return ctx.principal.userId;
}
