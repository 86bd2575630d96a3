/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      permissions\n      user {\n        email\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query AppClientDetail($id: ID!) {\n    appClient(id: $id) {\n      id\n      name\n      description\n      grantTypes\n      redirectUris\n      postLogoutRedirectUris\n      webOrigins\n      allowedScopes\n      confidential\n      firstParty\n      createdAt\n      lastUsedAt\n      deletedAt\n      roles {\n        id\n        name\n      }\n      permissions {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AppClientDetailDocument,
    "\n  query AppClients($first: Int, $after: String, $includeDeleted: Boolean) {\n    appClients(first: $first, after: $after, includeDeleted: $includeDeleted) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          grantTypes\n          firstParty\n          createdAt\n          lastUsedAt\n          deletedAt\n        }\n      }\n    }\n  }\n": typeof types.AppClientsDocument,
    "\n  query AuditEvents($after: String, $filter: AuditEventFilter) {\n    auditEvents(first: 25, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          action\n          actorType\n          actorId\n          targetType\n          targetId\n          ip\n          createdAt\n          details\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  mutation RotateAppClientSecret($id: ID!) {\n    rotateAppClientSecret(id: $id) {\n      clientSecret\n    }\n  }\n": typeof types.RotateAppClientSecretDocument,
    "\n  mutation DeleteAppClient($id: ID!) {\n    deleteAppClient(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": typeof types.DeleteAppClientDocument,
    "\n  mutation RestoreAppClient($id: ID!) {\n    restoreAppClient(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": typeof types.RestoreAppClientDocument,
    "\n  mutation CreateAppClient($input: CreateAppClientInput!) {\n    createAppClient(input: $input) {\n      clientSecret\n      appClient {\n        id\n      }\n    }\n  }\n": typeof types.CreateAppClientDocument,
    "\n  query AccessCatalogue {\n    roles {\n      id\n      name\n    }\n    permissions {\n      id\n      name\n      description\n    }\n  }\n": typeof types.AccessCatalogueDocument,
    "\n  mutation AssignClientRole($role: String!, $subject: SubjectInput!) {\n    assignRole(role: $role, subject: $subject) {\n      id\n    }\n  }\n": typeof types.AssignClientRoleDocument,
    "\n  mutation RemoveClientRole($role: String!, $subject: SubjectInput!) {\n    removeRole(role: $role, subject: $subject) {\n      id\n    }\n  }\n": typeof types.RemoveClientRoleDocument,
    "\n  mutation GiveClientPermission($permission: String!, $subject: SubjectInput!) {\n    givePermission(permission: $permission, subject: $subject) {\n      id\n    }\n  }\n": typeof types.GiveClientPermissionDocument,
    "\n  mutation RevokeClientPermission($permission: String!, $subject: SubjectInput!) {\n    revokePermission(permission: $permission, subject: $subject) {\n      id\n    }\n  }\n": typeof types.RevokeClientPermissionDocument,
    "\n  query RolesScreen {\n    roles {\n      id\n      name\n      description\n      permissions {\n        name\n      }\n    }\n    permissions {\n      id\n      name\n      description\n    }\n  }\n": typeof types.RolesScreenDocument,
    "\n  mutation CreateRole($input: CreateRoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateRoleDocument,
    "\n  mutation UpdateRolePermissions($id: ID!, $input: UpdateRoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateRolePermissionsDocument,
    "\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id) {\n      id\n    }\n  }\n": typeof types.DeleteRoleDocument,
    "\n  mutation UpdateAppClient($id: ID!, $input: UpdateAppClientInput!) {\n    updateAppClient(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateAppClientDocument,
    "\n  query AppClientTokens($id: ID!, $after: String) {\n    appClient(id: $id) {\n      id\n      tokens(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          node {\n            id\n            grantType\n            scopes\n            defaultScope\n            name\n            createdAt\n            expiresAt\n            user {\n              email\n            }\n            userId\n          }\n        }\n      }\n    }\n  }\n": typeof types.AppClientTokensDocument,
    "\n  mutation RevokeAppClientTokens($id: ID!, $tokenId: ID) {\n    revokeAppClientTokens(id: $id, tokenId: $tokenId)\n  }\n": typeof types.RevokeAppClientTokensDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      permissions\n      user {\n        email\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query AppClientDetail($id: ID!) {\n    appClient(id: $id) {\n      id\n      name\n      description\n      grantTypes\n      redirectUris\n      postLogoutRedirectUris\n      webOrigins\n      allowedScopes\n      confidential\n      firstParty\n      createdAt\n      lastUsedAt\n      deletedAt\n      roles {\n        id\n        name\n      }\n      permissions {\n        id\n        name\n      }\n    }\n  }\n": types.AppClientDetailDocument,
    "\n  query AppClients($first: Int, $after: String, $includeDeleted: Boolean) {\n    appClients(first: $first, after: $after, includeDeleted: $includeDeleted) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          grantTypes\n          firstParty\n          createdAt\n          lastUsedAt\n          deletedAt\n        }\n      }\n    }\n  }\n": types.AppClientsDocument,
    "\n  query AuditEvents($after: String, $filter: AuditEventFilter) {\n    auditEvents(first: 25, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          action\n          actorType\n          actorId\n          targetType\n          targetId\n          ip\n          createdAt\n          details\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  mutation RotateAppClientSecret($id: ID!) {\n    rotateAppClientSecret(id: $id) {\n      clientSecret\n    }\n  }\n": types.RotateAppClientSecretDocument,
    "\n  mutation DeleteAppClient($id: ID!) {\n    deleteAppClient(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": types.DeleteAppClientDocument,
    "\n  mutation RestoreAppClient($id: ID!) {\n    restoreAppClient(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": types.RestoreAppClientDocument,
    "\n  mutation CreateAppClient($input: CreateAppClientInput!) {\n    createAppClient(input: $input) {\n      clientSecret\n      appClient {\n        id\n      }\n    }\n  }\n": types.CreateAppClientDocument,
    "\n  query AccessCatalogue {\n    roles {\n      id\n      name\n    }\n    permissions {\n      id\n      name\n      description\n    }\n  }\n": types.AccessCatalogueDocument,
    "\n  mutation AssignClientRole($role: String!, $subject: SubjectInput!) {\n    assignRole(role: $role, subject: $subject) {\n      id\n    }\n  }\n": types.AssignClientRoleDocument,
    "\n  mutation RemoveClientRole($role: String!, $subject: SubjectInput!) {\n    removeRole(role: $role, subject: $subject) {\n      id\n    }\n  }\n": types.RemoveClientRoleDocument,
    "\n  mutation GiveClientPermission($permission: String!, $subject: SubjectInput!) {\n    givePermission(permission: $permission, subject: $subject) {\n      id\n    }\n  }\n": types.GiveClientPermissionDocument,
    "\n  mutation RevokeClientPermission($permission: String!, $subject: SubjectInput!) {\n    revokePermission(permission: $permission, subject: $subject) {\n      id\n    }\n  }\n": types.RevokeClientPermissionDocument,
    "\n  query RolesScreen {\n    roles {\n      id\n      name\n      description\n      permissions {\n        name\n      }\n    }\n    permissions {\n      id\n      name\n      description\n    }\n  }\n": types.RolesScreenDocument,
    "\n  mutation CreateRole($input: CreateRoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n": types.CreateRoleDocument,
    "\n  mutation UpdateRolePermissions($id: ID!, $input: UpdateRoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateRolePermissionsDocument,
    "\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id) {\n      id\n    }\n  }\n": types.DeleteRoleDocument,
    "\n  mutation UpdateAppClient($id: ID!, $input: UpdateAppClientInput!) {\n    updateAppClient(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateAppClientDocument,
    "\n  query AppClientTokens($id: ID!, $after: String) {\n    appClient(id: $id) {\n      id\n      tokens(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          node {\n            id\n            grantType\n            scopes\n            defaultScope\n            name\n            createdAt\n            expiresAt\n            user {\n              email\n            }\n            userId\n          }\n        }\n      }\n    }\n  }\n": types.AppClientTokensDocument,
    "\n  mutation RevokeAppClientTokens($id: ID!, $tokenId: ID) {\n    revokeAppClientTokens(id: $id, tokenId: $tokenId)\n  }\n": types.RevokeAppClientTokensDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      permissions\n      user {\n        email\n      }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppClientDetail($id: ID!) {\n    appClient(id: $id) {\n      id\n      name\n      description\n      grantTypes\n      redirectUris\n      postLogoutRedirectUris\n      webOrigins\n      allowedScopes\n      confidential\n      firstParty\n      createdAt\n      lastUsedAt\n      deletedAt\n      roles {\n        id\n        name\n      }\n      permissions {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').AppClientDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppClients($first: Int, $after: String, $includeDeleted: Boolean) {\n    appClients(first: $first, after: $after, includeDeleted: $includeDeleted) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          grantTypes\n          firstParty\n          createdAt\n          lastUsedAt\n          deletedAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AppClientsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($after: String, $filter: AuditEventFilter) {\n    auditEvents(first: 25, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          action\n          actorType\n          actorId\n          targetType\n          targetId\n          ip\n          createdAt\n          details\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateAppClientSecret($id: ID!) {\n    rotateAppClientSecret(id: $id) {\n      clientSecret\n    }\n  }\n"): typeof import('./graphql').RotateAppClientSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAppClient($id: ID!) {\n    deleteAppClient(id: $id) {\n      id\n      deletedAt\n    }\n  }\n"): typeof import('./graphql').DeleteAppClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreAppClient($id: ID!) {\n    restoreAppClient(id: $id) {\n      id\n      deletedAt\n    }\n  }\n"): typeof import('./graphql').RestoreAppClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAppClient($input: CreateAppClientInput!) {\n    createAppClient(input: $input) {\n      clientSecret\n      appClient {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').CreateAppClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessCatalogue {\n    roles {\n      id\n      name\n    }\n    permissions {\n      id\n      name\n      description\n    }\n  }\n"): typeof import('./graphql').AccessCatalogueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignClientRole($role: String!, $subject: SubjectInput!) {\n    assignRole(role: $role, subject: $subject) {\n      id\n    }\n  }\n"): typeof import('./graphql').AssignClientRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveClientRole($role: String!, $subject: SubjectInput!) {\n    removeRole(role: $role, subject: $subject) {\n      id\n    }\n  }\n"): typeof import('./graphql').RemoveClientRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GiveClientPermission($permission: String!, $subject: SubjectInput!) {\n    givePermission(permission: $permission, subject: $subject) {\n      id\n    }\n  }\n"): typeof import('./graphql').GiveClientPermissionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeClientPermission($permission: String!, $subject: SubjectInput!) {\n    revokePermission(permission: $permission, subject: $subject) {\n      id\n    }\n  }\n"): typeof import('./graphql').RevokeClientPermissionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolesScreen {\n    roles {\n      id\n      name\n      description\n      permissions {\n        name\n      }\n    }\n    permissions {\n      id\n      name\n      description\n    }\n  }\n"): typeof import('./graphql').RolesScreenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRole($input: CreateRoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').CreateRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRolePermissions($id: ID!, $input: UpdateRoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').UpdateRolePermissionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').DeleteRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAppClient($id: ID!, $input: UpdateAppClientInput!) {\n    updateAppClient(id: $id, input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').UpdateAppClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppClientTokens($id: ID!, $after: String) {\n    appClient(id: $id) {\n      id\n      tokens(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          node {\n            id\n            grantType\n            scopes\n            defaultScope\n            name\n            createdAt\n            expiresAt\n            user {\n              email\n            }\n            userId\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AppClientTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAppClientTokens($id: ID!, $tokenId: ID) {\n    revokeAppClientTokens(id: $id, tokenId: $tokenId)\n  }\n"): typeof import('./graphql').RevokeAppClientTokensDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
