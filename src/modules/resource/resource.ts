import { randomUUID } from 'node:crypto';
import type { EntityClass, FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import { p } from '@mikro-orm/core';
import type { z } from 'zod';
import type { Column } from '../../db/raw-row.js';
import type { RowScope } from '../access/ownership.js';
import type { Operation } from '../operation.js';

/** What every business row has, as an entity and as a plain row: the kit lists, pages and audits by these. */
export interface ResourceRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A plain row's columns (raw-row.ts): each property's column of the entity's table and how its value is read. */
export type RowColumns<Row extends ResourceRow> = { [K in keyof Row]: Column<Row[K]> };

/**
 * A business resource, declared once in its module (`<name>.resource.ts`). The kit
 * turns it into the repository queries (resource.repository.ts), the service steps
 * (resource.service.ts), the catalogue's `<name>.view|create|update|delete` and
 * `.own` permissions (access/catalogue.ts), and — in graphql/resource/ — the
 * connection resolver and its shield rules.
 *
 * Reads (lists, lookups, relation loaders) return plain `Row`s selected by `row`;
 * only writes load `Entity`s into the unit of work.
 */
export interface ResourceDeclaration<
  Name extends string = string,
  Entity extends ResourceRow = ResourceRow,
  Row extends ResourceRow = ResourceRow,
  Create extends z.ZodType = z.ZodType,
  Update extends z.ZodType = z.ZodType,
  Filter extends z.ZodType = z.ZodType,
> {
  /** Plural: the permissions' prefix and the GraphQL list (`orders`, `orders.view.own`). */
  name: Name;
  /** Singular: audit actions (`order.created`), the GraphQL lookup (`order(id)`), errors. */
  singular: string;
  /** How the permission descriptions name the rows ("See all orders"); `name` when not given. */
  noun?: string;
  /** Its entity; the entity's `filters: ownedThrough(path)` says who owns a row. */
  entity: EntityClass<Entity>;
  /**
   * What a read returns: plain rows with these columns of the entity's table, never
   * hydrated entities. A to-one relation is its id (`customerId: text('customer_id')`).
   * Every column must be one of the entity's (checked when the resource is first read).
   */
  row: RowColumns<Row>;
  input: { create: Create; update: Update; filter: Filter };
  /** The SQL condition of a validated filter; see where.ts for the pieces. */
  where(filter: z.output<Filter>): FilterQuery<Entity>;
  /** Fields unique across every row (not just the caller's), with the refusal when taken. */
  unique?: Partial<Record<keyof Entity & string, string>>;
  /** The new row's data from validated input (may look up related rows in `scope`). */
  create(op: Operation, scope: RowScope, input: z.output<Create>): Promise<RequiredEntityData<Entity>>;
  /** Applies validated changes to a visible row. Defaults to {@link assignGiven}. */
  update?(op: Operation, scope: RowScope, row: Entity, input: z.output<Update>): Promise<void>;
}

/** The plain row type of a declared resource (`RowOfResource<typeof orders>`). */
export type RowOfResource<R> = R extends { row: RowColumns<infer Row> } ? Row : never;

/** Declares a resource; `name` keeps its literal type, so permission names derive from it. */
export function defineResource<
  const Name extends string,
  Entity extends ResourceRow,
  Row extends ResourceRow,
  Create extends z.ZodType,
  Update extends z.ZodType,
  Filter extends z.ZodType,
>(
  declaration: ResourceDeclaration<Name, Entity, Row, Create, Update, Filter>,
): ResourceDeclaration<Name, Entity, Row, Create, Update, Filter> {
  return declaration;
}

/** Copies every given field of `input` onto the row (undefined means "not given"). */
export function assignGiven<Row extends object>(row: Row, input: object): void {
  for (const [field, value] of Object.entries(input)) {
    if (value !== undefined) (row as Record<string, unknown>)[field] = value;
  }
}

/** The columns every resource's entity starts with: a UUID key and its two timestamps. */
export function resourceColumns() {
  return {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  };
}

/** Arguments of the `owned` filter. */
export interface OwnedArgs {
  /** The portal user whose rows are visible; null (a client token) sees no owned rows. */
  userId: string | null;
}

/** Matches no row: a caller without a user owns nothing. */
const NOTHING = { id: { $in: [] as string[] } };

/**
 * The entity's row-ownership filter, off unless a query turns it on with
 * `{ owned: { userId } }` (access/ownership.ts): a row is owned by the user at the end
 * of `path`, so `order.customer.owner` becomes `{ order: { customer: { owner: userId } } }`.
 */
export function ownedThrough(path: string) {
  const steps = path.split('.').reverse();
  return {
    owned: {
      name: 'owned',
      default: false,
      cond: (args: OwnedArgs) => (args.userId ? nest(steps, args.userId) : NOTHING),
    },
  };
}

function nest(reversedSteps: string[], value: string): Record<string, unknown> {
  return reversedSteps.reduce<Record<string, unknown>>((inner, step) => ({ [step]: inner }), value as never);
}
