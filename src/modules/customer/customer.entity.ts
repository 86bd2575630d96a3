import { defineEntity, p } from '@mikro-orm/core';
import { ownedThrough, resourceColumns } from '../resource/resource.js';
import { User } from '../user/user.entity.js';

const CustomerSchema = defineEntity({
  name: 'Customer',
  properties: {
    ...resourceColumns(),
    name: p.string().length(200),
    email: p.string().length(254).nullable(),
    /** A portal user who owns this customer and its orders. */
    owner: () => p.manyToOne(User).nullable().index().deleteRule('set null'),
  },
  filters: ownedThrough('owner'),
});

export class Customer extends CustomerSchema.class {}
CustomerSchema.setClass(Customer);
