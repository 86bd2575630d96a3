import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Permission } from '../access/permission.entity.js';
import { Role } from '../access/role.entity.js';

const UserSchema = defineEntity({
  name: 'User',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    email: p.string().length(254).unique(),
    phone: p.string().length(25).nullable().unique(),
    /** The OpenID Connect `name` claim (scope `profile`); optional. */
    name: p.string().length(200).nullable(),
    /** Set by administrators: whether the email / phone was confirmed to belong to the user (OIDC `*_verified`). */
    emailVerified: p.boolean().default(false),
    phoneVerified: p.boolean().default(false),
    /** argon2id; lazy and hidden so it never rides along by accident. */
    passwordHash: p.string().length(255).lazy().hidden(),
    disabled: p.boolean().default(false),
    roles: () => p.manyToMany(Role).pivotTable('user_roles'),
    permissions: () => p.manyToMany(Permission).pivotTable('user_permissions'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
