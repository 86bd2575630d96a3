import { resourceRules } from '../resource/resource.graph.js';
import { RESOURCE_GRAPHS } from '../resources.js';
import { authenticated, can, canAny, isCallingClient, isSelf, isUser, managesSubject, or } from './rules.js';
import { connection, each, mergeTrees, type RuleTree } from './tree.js';

const manageSystem = can('manage_system');
const readRoles = canAny('roles.manage', 'manage_system');

/**
 * Every field of the schema, by type, with its rule: the one place where GraphQL
 * authorization is decided. Business resources bring theirs from their declarations
 * (resource/resource.graph.ts). Fields missing here are denied (fallbackRule), and
 * test/graphql/schema-rules.test.ts fails on any of them.
 */
export const ruleTree: RuleTree = mergeTrees(systemRules(), ...RESOURCE_GRAPHS.map(resourceRules));

function systemRules(): RuleTree {
  return {
    Query: {
      viewer: authenticated,
      me: authenticated,
      users: can('users.view'),
      user: can('users.view'),
      appClients: manageSystem,
      appClient: manageSystem,
      roles: readRoles,
      permissions: readRoles,
      auditEvents: manageSystem,
      myAuthorizations: isUser,
      myPersonalAccessTokens: isUser,
    },
    Mutation: {
      ...each(
        [
          'createAppClient',
          'updateAppClient',
          'rotateAppClientSecret',
          'deleteAppClient',
          'restoreAppClient',
          'revokeAppClientTokens',
        ],
        manageSystem,
      ),
      ...each(['createRole', 'updateRole', 'deleteRole'], can('roles.manage')),
      ...each(['assignRole', 'removeRole', 'givePermission', 'revokePermission'], managesSubject),
      createUser: can('users.create'),
      updateUser: can('users.update'),
      deleteUser: can('users.delete'),
      ...each(['revokeAuthorization', 'createPersonalAccessToken', 'revokePersonalAccessToken'], isUser),
    },
    Viewer: each(['type', 'user', 'client', 'scopes', 'permissions'], authenticated),
    User: {
      // The id also for whoever just created or changed the user, or manages its roles.
      id: or(canAny('users.view', 'users.create', 'users.update', 'users.delete', 'roles.manage'), isSelf),
      ...each(
        ['email', 'phone', 'name', 'emailVerified', 'phoneVerified', 'disabled', 'createdAt', 'updatedAt'],
        or(canAny('users.view', 'users.create', 'users.update', 'users.delete'), isSelf),
      ),
      ...each(['roles', 'permissions'], or(canAny('users.view', 'roles.manage'), isSelf)),
    },
    AppClient: {
      // What a consent screen shows anyone: who the app is.
      ...each(['id', 'name', 'description', 'firstParty'], authenticated),
      ...each(
        [
          'grantTypes',
          'redirectUris',
          'postLogoutRedirectUris',
          'confidential',
          'requirePushedAuthorizationRequests',
          'requireDpop',
          'tokenEndpointAuthMethod',
          'jwks',
          'allowedScopes',
          'webOrigins',
          'createdAt',
          'updatedAt',
          'lastUsedAt',
          'deletedAt',
        ],
        or(manageSystem, isCallingClient),
      ),
      ...each(['roles', 'permissions', 'tokens'], manageSystem),
    },
    AppClientSecretPayload: each(['appClient', 'clientSecret'], manageSystem),
    TokenMetadata: each(
      ['id', 'grantType', 'name', 'scopes', 'defaultScope', 'userId', 'user', 'revoked', 'createdAt', 'expiresAt'],
      manageSystem,
    ),
    ...connection('AppClient'),
    ...connection('TokenMetadata'),
    Role: each(['id', 'name', 'description', 'permissions', 'createdAt', 'updatedAt'], authenticated),
    Permission: each(['id', 'name', 'description'], authenticated),
    SubjectAccess: each(['type', 'id', 'roles', 'permissions'], authenticated),
    ...connection('User'),
    AuditEvent: each(
      ['id', 'action', 'actorType', 'actorId', 'targetType', 'targetId', 'ip', 'details', 'createdAt'],
      manageSystem,
    ),
    ...connection('AuditEvent'),
    Authorization: each(['clientId', 'client', 'scopes', 'createdAt', 'updatedAt'], isUser),
    RevokedAuthorization: each(['clientId', 'revokedTokens'], isUser),
    PersonalAccessToken: each(['id', 'name', 'scopes', 'revoked', 'createdAt', 'expiresAt'], isUser),
    PersonalAccessTokenPayload: each(['token', 'personalAccessToken'], isUser),
    PageInfo: each(['hasNextPage', 'endCursor'], authenticated),
  };
}
