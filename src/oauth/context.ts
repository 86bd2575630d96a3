import type { EntityManager } from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';

/** What every OAuth endpoint step gets: the request, a fresh entity manager and the services. */
export interface EndpointContext {
  request: FastifyRequest;
  reply: FastifyReply;
  em: EntityManager;
  services: Services;
}

export function endpointContext(services: Services, request: FastifyRequest, reply: FastifyReply): EndpointContext {
  return { request, reply, em: services.orm.em.fork(), services };
}
