import { nullableText, text, timestamp } from '../../db/raw-row.js';
import { InputError, NotAllowedError } from '../../lib/errors.js';
import type { RowScope } from '../access/ownership.js';
import type { Operation } from '../operation.js';
import { defineResource } from '../resource/resource.js';
import { compact, containsText, sameId } from '../resource/where.js';
import { User } from '../user/user.entity.js';
import { Customer } from './customer.entity.js';
import { customerInput } from './customer.validation.js';

/**
 * Customers. An own-only caller (`customers.create.own`, `.update.own`) creates and
 * keeps customers it owns: the owner defaults to the caller and may not be anyone else.
 */
export const customers = defineResource({
  name: 'customers',
  singular: 'customer',
  entity: Customer,
  row: {
    id: text('id'),
    name: text('name'),
    email: nullableText('email'),
    ownerId: nullableText('owner_id'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  input: customerInput,
  where: (filter) =>
    compact({
      name: containsText(filter.nameContains),
      email: filter.email ? filter.email.toLowerCase() : undefined,
      owner: sameId(filter.ownerId),
    }),
  async create(op, scope, input) {
    const ownerId = scope.all ? (input.ownerId ?? null) : ownOwner(scope, input.ownerId);
    return { name: input.name, email: input.email ?? null, owner: ownerId ? await existingUser(op, ownerId) : null };
  },
  async update(op, scope, customer, input) {
    if (input.name !== undefined) customer.name = input.name;
    if (input.email !== undefined) customer.email = input.email;
    if (input.ownerId !== undefined) {
      const ownerId = scope.all ? input.ownerId : ownOwner(scope, input.ownerId);
      customer.owner = ownerId ? await existingUser(op, ownerId) : null;
    }
  },
});

/** Own-only callers can only own what they create or keep it themselves. */
function ownOwner(scope: Extract<RowScope, { all: false }>, requested: string | null | undefined): string {
  if (!scope.userId) throw new NotAllowedError('only a user can own customers');
  if (requested && requested !== scope.userId) throw new NotAllowedError('you may only assign customers to yourself');
  if (requested === null) throw new NotAllowedError('you may not give up ownership of a customer');
  return scope.userId;
}

async function existingUser(op: Operation, id: string): Promise<User> {
  const user = await op.em.findOne(User, { id });
  if (!user) throw new InputError('input.ownerId', 'no user with this id');
  return user;
}
