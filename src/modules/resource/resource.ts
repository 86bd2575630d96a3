import { randomUUID } from 'node:crypto';
import type { EntityClass, FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import { p } from '@mikro-orm/core';
import type { z } from 'zod';
import type { RowScope } from '../access/ownership.js';
import type { Operation } from '../operation.js';

/** What every business row has: the kit lists, pages and audits by these. */
export interface ResourceRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A business resource, declared once in its module (`<name>.resource.ts`). The kit
 * turns it into the repository queries (resource.repository.ts), the service steps
 * (resource.service.ts), the catalogue's `<name>.view|create|update|delete` and
 * `.own` permissions (access/catalogue.ts), and — in graphql/resource/ — the
 * connection resolver and its shield rules.
 */
export interface ResourceDeclaration<
  Name extends string = string,
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
  entity: EntityClass<Row>;
  input: { create: Create; update: Update; filter: Filter };
  /** The SQL condition of a validated filter; see where.ts for the pieces. */
  where(filter: z.output<Filter>): FilterQuery<Row>;
  /** Fields unique across every row (not just the caller's), with the refusal when taken. */
  unique?: Partial<Record<keyof Row & string, string>>;
  /** The new row's data from validated input (may look up related rows in `scope`). */
  create(op: Operation, scope: RowScope, input: z.output<Create>): Promise<RequiredEntityData<Row>>;
  /** Applies validated changes to a visible row. Defaults to {@link assignGiven}. */
  update?(op: Operation, scope: RowScope, row: Row, input: z.output<Update>): Promise<void>;
}

/** Declares a resource; `name` keeps its literal type, so permission names derive from it. */
export function defineResource<
  const Name extends string,
  Row extends ResourceRow,
  Create extends z.ZodType,
  Update extends z.ZodType,
  Filter extends z.ZodType,
>(declaration: ResourceDeclaration<Name, Row, Create, Update, Filter>): ResourceDeclaration<Name, Row, Create, Update, Filter> {
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
