/**
 * Typed mappings of raw SQL rows, for the few hot paths that bypass the ORM: one
 * declaration gives both the select list and the typed object, so a column is named
 * once. Each column is selected `as "<property>"`, so the row comes back keyed by the
 * property it fills.
 */
export interface Column<T> {
  sql: string;
  /** A type the column is selected as (`::text`), when the driver's own reading of it is not wanted. */
  cast?: string;
  read(value: unknown): T;
}

export type RowShape = Record<string, Column<unknown>>;
export type RowOf<S extends RowShape> = { [K in keyof S]: S[K] extends Column<infer T> ? T : never };

export const text = <T extends string = string>(sql: string): Column<T> => ({ sql, read: (value) => value as T });
export const nullableText = (sql: string): Column<string | null> => ({ sql, read: (value) => (value as string | null) ?? null });
export const flag = (sql: string): Column<boolean> => ({ sql, read: (value) => value === true });
export const textList = <T extends string = string>(sql: string): Column<T[]> => ({
  sql,
  read: (value) => (value as T[] | null) ?? [],
});
export const timestamp = (sql: string): Column<Date> => ({ sql, read: (value) => new Date(value as string | Date) });
export const nullableTimestamp = (sql: string): Column<Date | null> => ({
  sql,
  read: (value) => (value === null || value === undefined ? null : new Date(value as string | Date)),
});
/** A `jsonb` column (a driver may hand it over as text); null when absent. */
export const jsonValue = <T>(sql: string): Column<T | null> => ({
  sql,
  read: (value) =>
    value === null || value === undefined ? null : typeof value === 'string' ? (JSON.parse(value) as T) : (value as T),
});
/**
 * A `date` column as the calendar date `YYYY-MM-DD`, selected as text: drivers and their
 * settings disagree on whether a date is text or a `Date` at some midnight.
 */
export const calendarDate = (sql: string): Column<string> => ({
  sql,
  cast: 'text',
  // A Date only comes from an entity that a driver without MikroORM's parsers hydrated (PGlite's UTC midnight).
  read: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : (value as string)),
});
/** An `int` column (a driver may hand a bigger integer type over as text). */
export const integer = (sql: string): Column<number> => ({ sql, read: (value) => Number(value) });
export const nullableNumber = (sql: string): Column<number | null> => ({
  sql,
  read: (value) => (value === null || value === undefined ? null : Number(value)),
});
/** True when the column holds a value (a `deleted_at` that is set). */
export const present = (sql: string): Column<boolean> => ({ sql, read: (value) => value !== null && value !== undefined });

/**
 * `<sql> as "<property>", …` for a select. With `table`, each column's `sql` is a column
 * name of that table (or alias) and is qualified with it: `"r"."total_cents" as "totalCents"`.
 */
export function selectList(shape: RowShape, table?: string): string {
  return Object.entries(shape)
    .map(([property, column]) => {
      const expression = table ? `"${table}"."${column.sql}"` : column.sql;
      return `${column.cast ? `${expression}::${column.cast}` : expression} as "${property}"`;
    })
    .join(', ');
}

const columnsOf = new WeakMap<RowShape, [string, Column<unknown>][]>();

/** The typed object of a row selected with {@link selectList}. */
export function readRow<S extends RowShape>(shape: S, row: Record<string, unknown>): RowOf<S> {
  let columns = columnsOf.get(shape);
  if (!columns) {
    columns = Object.entries(shape);
    columnsOf.set(shape, columns);
  }
  const read: Record<string, unknown> = {};
  for (const [property, column] of columns) read[property] = column.read(row[property]);
  return read as RowOf<S>;
}
