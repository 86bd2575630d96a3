import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchemaSync } from 'type-graphql';
import { AssignmentResolver } from './access/assignment.resolver.js';
import { RoleFieldsResolver, RoleResolver } from './access/role.resolver.js';
import { AppClientResolver } from './app-client/app-client.resolver.js';
import { AppClientFieldsResolver, TokenMetadataResolver } from './app-client/app-client-fields.resolver.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { AuthorizationResolver } from './authorization/authorization.resolver.js';
import { permissionsMiddleware } from './permissions/shield.js';
import { PersonalAccessTokenResolver } from './personal-access-token/personal-access-token.resolver.js';
import { RESOURCE_RESOLVERS } from './resources.js';
import { UserResolver } from './user/user.resolver.js';
import { ViewerResolver } from './viewer/viewer.resolver.js';

/** Every resolver of the API; business resources register theirs in resources.ts. */
const resolvers = [
  ViewerResolver,
  UserResolver,
  AppClientResolver,
  AppClientFieldsResolver,
  TokenMetadataResolver,
  RoleResolver,
  RoleFieldsResolver,
  AssignmentResolver,
  ...RESOURCE_RESOLVERS,
  AuditResolver,
  AuthorizationResolver,
  PersonalAccessTokenResolver,
] as const;

let plain: GraphQLSchema | undefined;
let guarded: GraphQLSchema | undefined;

/** The schema as type-graphql builds it, without authorization (what schema.graphql prints). */
export function buildPlainSchema(): GraphQLSchema {
  plain ??= buildSchemaSync({ resolvers: [...resolvers], validate: false });
  return plain;
}

/** The served schema: every field wrapped by graphql-shield. Built once per process. */
export function buildGraphqlSchema(): GraphQLSchema {
  guarded ??= applyMiddleware(buildPlainSchema(), permissionsMiddleware());
  return guarded;
}
