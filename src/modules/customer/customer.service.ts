import { InputError, NotAllowedError, NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/zod-errors.js';
import type { RowScope } from '../access/ownership.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { Operation } from '../operation.js';
import { User } from '../user/user.entity.js';
import { Customer } from './customer.entity.js';
import { findCustomer } from './customer.repository.js';
import {
  type CreateCustomerInput,
  createCustomerSchema,
  type UpdateCustomerInput,
  updateCustomerSchema,
} from './customer.validation.js';

/**
 * Creates a customer. An own-only caller (`customers.create.own`) creates customers
 * it owns: the owner defaults to the caller and may not be anyone else.
 */
export async function createCustomer(op: Operation, scope: RowScope, input: CreateCustomerInput): Promise<Customer> {
  const valid = parseInput(createCustomerSchema, input, 'input');
  const ownerId = scope.all ? (valid.ownerId ?? null) : ownOwner(scope, valid.ownerId);
  const customer = op.em.create(Customer, {
    name: valid.name,
    email: valid.email ?? null,
    owner: ownerId ? await existingUser(op, ownerId) : null,
  });
  recordAuditEvent(op.em, customerEvent(op, 'customer.created', customer.id, Object.keys(valid)));
  await op.em.flush();
  return customer;
}

/** Changes the given fields of a customer the scope may update. */
export async function updateCustomer(op: Operation, scope: RowScope, id: string, input: UpdateCustomerInput): Promise<Customer> {
  const valid = parseInput(updateCustomerSchema, input, 'input');
  const customer = await visibleCustomer(op, scope, id);
  if (valid.name !== undefined) customer.name = valid.name;
  if (valid.email !== undefined) customer.email = valid.email;
  if (valid.ownerId !== undefined) {
    const ownerId = scope.all ? valid.ownerId : ownOwner(scope, valid.ownerId);
    customer.owner = ownerId ? await existingUser(op, ownerId) : null;
  }
  recordAuditEvent(op.em, customerEvent(op, 'customer.updated', customer.id, Object.keys(valid)));
  await op.em.flush();
  return customer;
}

/** Deletes a customer (its orders go with it); returns it as it was. */
export async function deleteCustomer(op: Operation, scope: RowScope, id: string): Promise<Customer> {
  const customer = await visibleCustomer(op, scope, id);
  op.em.remove(customer);
  recordAuditEvent(op.em, customerEvent(op, 'customer.deleted', customer.id, []));
  await op.em.flush();
  return customer;
}

async function visibleCustomer(op: Operation, scope: RowScope, id: string): Promise<Customer> {
  const customer = await findCustomer(op.em, scope, id);
  if (!customer) throw new NotFoundError('customer', id);
  return customer;
}

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

function customerEvent(op: Operation, action: string, id: string, fields: string[]) {
  return {
    action,
    actor: op.actor,
    ip: op.actor.ip,
    target: { type: 'customer', id },
    details: fields.length ? { fields } : {},
  };
}
