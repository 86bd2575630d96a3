import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { InputError, NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/zod-errors.js';
import type { RowScope } from '../access/ownership.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { findCustomer } from '../customer/customer.repository.js';
import type { Operation } from '../operation.js';
import { Order } from './order.entity.js';
import { findOrder } from './order.repository.js';
import { type CreateOrderInput, createOrderSchema, type UpdateOrderInput, updateOrderSchema } from './order.validation.js';

/**
 * Creates an order for a customer the scope covers: an own-only caller
 * (`orders.create.own`) orders only for customers it owns.
 */
export async function createOrder(op: Operation, scope: RowScope, input: CreateOrderInput): Promise<Order> {
  const valid = parseInput(createOrderSchema, input, 'input');
  const customer = await findCustomer(op.em, scope, valid.customerId);
  if (!customer) throw new InputError('input.customerId', 'no customer with this id');
  await ensureReferenceFree(op, valid.reference);
  const order = op.em.create(Order, {
    customer,
    reference: valid.reference,
    totalCents: valid.totalCents,
    status: valid.status ?? 'pending',
  });
  recordAuditEvent(op.em, orderEvent(op, 'order.created', order.id, Object.keys(valid)));
  return flushOrder(op, order);
}

/** Changes the given fields of an order the scope may update. */
export async function updateOrder(op: Operation, scope: RowScope, id: string, input: UpdateOrderInput): Promise<Order> {
  const valid = parseInput(updateOrderSchema, input, 'input');
  const order = await visibleOrder(op, scope, id);
  if (valid.reference !== undefined && valid.reference !== order.reference) {
    await ensureReferenceFree(op, valid.reference);
    order.reference = valid.reference;
  }
  if (valid.totalCents !== undefined) order.totalCents = valid.totalCents;
  if (valid.status !== undefined) order.status = valid.status;
  recordAuditEvent(op.em, orderEvent(op, 'order.updated', order.id, Object.keys(valid)));
  return flushOrder(op, order);
}

/** Deletes an order; returns it as it was. */
export async function deleteOrder(op: Operation, scope: RowScope, id: string): Promise<Order> {
  const order = await visibleOrder(op, scope, id);
  op.em.remove(order);
  recordAuditEvent(op.em, orderEvent(op, 'order.deleted', order.id, []));
  await op.em.flush();
  return order;
}

async function visibleOrder(op: Operation, scope: RowScope, id: string): Promise<Order> {
  const order = await findOrder(op.em, scope, id);
  if (!order) throw new NotFoundError('order', id);
  return order;
}

async function ensureReferenceFree(op: Operation, reference: string): Promise<void> {
  // Unfiltered on purpose: references are unique across everyone's orders.
  if (await op.em.count(Order, { reference })) throw new InputError('input.reference', 'is already used by another order');
}

/** A concurrent insert of the same reference loses at the unique index, with the same answer. */
async function flushOrder(op: Operation, order: Order): Promise<Order> {
  try {
    await op.em.flush();
    return order;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new InputError('input.reference', 'is already used by another order');
    }
    throw error;
  }
}

function orderEvent(op: Operation, action: string, id: string, fields: string[]) {
  return { action, actor: op.actor, ip: op.actor.ip, target: { type: 'order', id }, details: fields.length ? { fields } : {} };
}
