import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Permission } from '../access/permission.entity.js';
import { Role } from '../access/role.entity.js';

export const GRANT_TYPES = ['client_credentials', 'authorization_code', 'password'] as const;
export type GrantTypeName = (typeof GRANT_TYPES)[number];

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
    /** RFC 9126 §5: authorization requests only by `request_uri` from `POST /oauth/par`. */
    requirePushedAuthorizationRequests: p.boolean().default(false),
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
