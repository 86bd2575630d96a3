import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../user/user.entity.js';
import { type OwnedArgs, ownedCustomerCondition } from './customer.ownership.js';

const CustomerSchema = defineEntity({
  name: 'Customer',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(200),
    email: p.string().length(254).nullable(),
    /** A portal user who owns this customer and its orders. */
    owner: () => p.manyToOne(User).nullable().index().deleteRule('set null'),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  filters: {
    /** Row ownership: off unless a query turns it on with `{ owned: { userId } }` (see access/ownership.ts). */
    owned: { name: 'owned', cond: (args: OwnedArgs) => ownedCustomerCondition(args), default: false },
  },
});

export class Customer extends CustomerSchema.class {}
CustomerSchema.setClass(Customer);
