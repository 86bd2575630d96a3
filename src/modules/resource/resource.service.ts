import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { InputError, NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/zod-errors.js';
import type { RowScope } from '../access/ownership.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { Operation } from '../operation.js';
import { assignGiven, type ResourceDeclaration, type ResourceRow } from './resource.js';
import { findEntity } from './resource.repository.js';

type Resource<Row extends ResourceRow> = ResourceDeclaration<string, Row>;

/**
 * The changes of every resource, each an ordered list of steps: validate, find the
 * visible row, ensure unique fields are free, change, audit, flush. What differs
 * between resources is the declaration's `create`/`update`.
 */

/** Creates a row from `input` (validated here; bad input names `input.<field>`). */
export async function createRow<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  scope: RowScope,
  input: unknown,
): Promise<Row> {
  const valid = parseInput(resource.input.create, input, 'input') as Record<string, unknown>;
  const data = await resource.create(op, scope, valid);
  await ensureFree(op, resource, valid, null);
  const row = op.em.create(resource.entity, data);
  recordAuditEvent(op.em, resourceEvent(op, resource, 'created', row.id, Object.keys(valid)));
  return flushRow(op, resource, row, valid);
}

/** Changes the given fields of a row the scope may update. */
export async function updateRow<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  scope: RowScope,
  id: string,
  input: unknown,
): Promise<Row> {
  const valid = parseInput(resource.input.update, input, 'input') as Record<string, unknown>;
  const row = await visibleRow(op, resource, scope, id);
  await ensureFree(op, resource, valid, row);
  if (resource.update) await resource.update(op, scope, row, valid);
  else assignGiven(row, valid);
  recordAuditEvent(op.em, resourceEvent(op, resource, 'updated', row.id, Object.keys(valid)));
  return flushRow(op, resource, row, valid);
}

/** Deletes a row (what the database cascades goes with it); returns it as it was. */
export async function deleteRow<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  scope: RowScope,
  id: string,
): Promise<Row> {
  const row = await visibleRow(op, resource, scope, id);
  op.em.remove(row);
  recordAuditEvent(op.em, resourceEvent(op, resource, 'deleted', row.id, []));
  await op.em.flush();
  return row;
}

/** The row, or NOT_FOUND: absent and not yours are deliberately the same answer. */
export async function visibleRow<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  scope: RowScope,
  id: string,
): Promise<Row> {
  const row = await findEntity(op.em, resource, scope, id);
  if (!row) throw new NotFoundError(resource.singular, id);
  return row;
}

/**
 * The row of another resource that new input refers to (an order's customer), within the
 * caller's scope for this action; otherwise bad input naming `field`.
 */
export async function referencedRow<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  scope: RowScope,
  id: string,
  field: string,
): Promise<Row> {
  const row = await findEntity(op.em, resource, scope, id);
  if (!row) throw new InputError(field, `no ${resource.singular} with this id`);
  return row;
}

/**
 * The `create` of a resource whose rows belong to a row of another (an order's customer,
 * an invoice's order): `input.<relation>Id` must name a row of `parent` the caller may
 * use for this action ({@link referencedRow}); every other validated field is the new
 * row's as given, and a field of `defaults` not given (or null) takes its default.
 */
export function createUnder<const Relation extends string, Parent extends ResourceRow, Defaults extends object>(
  relation: Relation,
  parent: Resource<Parent>,
  defaults: Defaults,
) {
  const idField = `${relation}Id` as const;
  return async <Input extends { [field in `${Relation}Id`]: string }>(
    op: Operation,
    scope: RowScope,
    input: Input,
  ): Promise<Omit<Input, `${Relation}Id`> & Defaults & { [field in Relation]: Parent }> => {
    const { [idField]: id, ...fields } = input;
    const row = await referencedRow(op, parent, scope, id, `input.${idField}`);
    const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
    return { ...defaults, ...given, [relation]: row } as Omit<Input, `${Relation}Id`> &
      Defaults & { [field in Relation]: Parent };
  };
}

/** A unique field given a new value must not be anyone's: unfiltered on purpose. */
async function ensureFree<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  valid: Record<string, unknown>,
  current: Row | null,
): Promise<void> {
  for (const [field, refusal] of uniqueFields(resource)) {
    const value = valid[field];
    if (value === undefined || value === null) continue;
    if (current && (current as Record<string, unknown>)[field] === value) continue;
    if (await op.em.count(resource.entity, { [field]: value } as FilterQuery<Row>))
      throw new InputError(`input.${field}`, refusal);
  }
}

/** A concurrent insert of the same unique value loses at the unique index, with the same answer. */
async function flushRow<Row extends ResourceRow>(
  op: Operation,
  resource: Resource<Row>,
  row: Row,
  valid: Record<string, unknown>,
): Promise<Row> {
  try {
    await op.em.flush();
    return row;
  } catch (error) {
    const taken = uniqueFields(resource).find(([field]) => valid[field] !== undefined);
    if (error instanceof UniqueConstraintViolationException && taken) throw new InputError(`input.${taken[0]}`, taken[1]);
    throw error;
  }
}

function uniqueFields(resource: { unique?: object }): [string, string][] {
  return Object.entries(resource.unique ?? {}) as [string, string][];
}

/** `<singular>.created|updated|deleted`, naming the fields the change was given. */
function resourceEvent(op: Operation, resource: { singular: string }, what: string, id: string, fields: string[]) {
  return {
    action: `${resource.singular}.${what}`,
    actor: op.actor,
    ip: op.actor.ip,
    target: { type: resource.singular, id },
    details: fields.length ? { fields } : {},
  };
}
