import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

const PermissionSchema = defineEntity({
  name: 'Permission',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(100).unique(),
    description: p.string().length(255).default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Permission extends PermissionSchema.class {}
PermissionSchema.setClass(Permission);
