import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Permission } from '../access/permission.entity.js';
import { Role } from '../access/role.entity.js';

export const GRANT_TYPES = ['client_credentials', 'authorization_code', 'password'] as const;
export type GrantTypeName = (typeof GRANT_TYPES)[number];

/** RFC 7591 §2 names. The two secret methods are interchangeable for a client with a secret. */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** RFC 7517 public keys, for `private_key_jwt` (RFC 7523). */
export interface PublicJwks {
  keys: Record<string, unknown>[];
}

const AppClientSchema = defineEntity({
  name: 'AppClient',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(200),
    description: p.text().default(''),
    grantTypes: p.array<GrantTypeName>().default([]),
    redirectUris: p.array().default([]),
    /** Where RP-Initiated Logout may send the browser afterwards; matched exactly. */
    postLogoutRedirectUris: p.array().default([]),
    confidential: p.boolean().default(true),
    firstParty: p.boolean().default(false),
    /** How it authenticates at the token, revocation, introspection and PAR endpoints. */
    tokenEndpointAuthMethod: p.string().length(30).default('client_secret_basic'),
    /** Its public keys, when it authenticates with `private_key_jwt`. */
    jwks: p.json<PublicJwks>().nullable(),
    /** RFC 9126 §5: authorization requests only by `request_uri` from `POST /oauth/par`. */
    requirePushedAuthorizationRequests: p.boolean().default(false),
    /** RFC 9449: tokens only for a request with a DPoP proof, so every access token it gets is sender-constrained. */
    requireDpop: p.boolean().default(false),
    allowedScopes: p.array().default([]),
    /** Browser origins (`scheme://host[:port]`) whose scripts may call the token, revocation and API endpoints as this client (CORS). */
    webOrigins: p.array().default([]),
    /** argon2id of the 256-bit secret; null for public clients. */
    secretHash: p.string().length(255).nullable().lazy().hidden(),
    roles: () => p.manyToMany(Role).pivotTable('app_client_roles'),
    permissions: () => p.manyToMany(Permission).pivotTable('app_client_permissions'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    deletedAt: p.datetime().nullable().index(),
  },
  filters: {
    /** Soft delete: deleted clients are invisible unless a query turns this off. */
    notDeleted: { name: 'notDeleted', cond: { deletedAt: null }, default: true },
  },
});

export class AppClient extends AppClientSchema.class {}
AppClientSchema.setClass(AppClient);
