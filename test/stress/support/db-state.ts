import type { Orm } from '../../../src/db/orm.js';
import { AUDIT_ACTIONS } from '../../../src/modules/audit/audit.service.js';

/**
 * The audit events a refused request is meant to write: they are what the brute-force
 * limiter counts. Every other row of every table must be left as it was.
 */
export const FAILURE_ACTIONS: readonly string[] = [AUDIT_ACTIONS.clientAuthFailed, AUDIT_ACTIONS.loginFailed];

const COUNTER = 'stress_row_writes';

/**
 * Instruments a test database (never a real one) so that "did this request write
 * anything?" costs one cheap read: a row-level trigger on every table bumps a sequence
 * for each row inserted, updated or deleted — except the failure audit events above.
 * Row-level, so a statement that matches no row counts nothing. Sequences ignore
 * rollbacks, so a write undone by a failed transaction still counts (the safe side).
 */
export async function countRowWrites(orm: Orm): Promise<void> {
  const connection = orm.em.getConnection();
  const tables: { table_name: string }[] = await connection.execute(
    `select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%'`,
  );
  const failures = FAILURE_ACTIONS.map((action) => `'${action}'`).join(', ');
  const statements = [
    `create sequence if not exists ${COUNTER}`,
    `create or replace function ${COUNTER}_bump() returns trigger language plpgsql as
       $$ begin perform nextval('${COUNTER}'); return null; end $$`,
    ...tables.flatMap(({ table_name: name }) =>
      name === 'audit_event'
        ? [
            `create trigger ${COUNTER}_insert after insert on audit_event for each row
               when (new.action not in (${failures})) execute function ${COUNTER}_bump()`,
            `create trigger ${COUNTER}_change after update or delete on audit_event for each row execute function ${COUNTER}_bump()`,
          ]
        : [
            `create trigger ${COUNTER} after insert or update or delete on "${name}" for each row execute function ${COUNTER}_bump()`,
          ],
    ),
  ];
  for (const statement of statements) await connection.execute(statement);
}

/** How many rows have been written since {@link countRowWrites} (failure audit events aside). */
export async function rowWrites(orm: Orm): Promise<number> {
  const [row]: { last_value: string | number; is_called: boolean }[] = await orm.em
    .getConnection()
    .execute(`select last_value, is_called from ${COUNTER}`);
  return row.is_called ? Number(row.last_value) : 0;
}

/** Row counts, for the load and outage tests' "nothing lost" checks. */
export async function countRows(orm: Orm, table: string, where = 'true'): Promise<number> {
  const [row]: { n: string | number }[] = await orm.em
    .getConnection()
    .execute(`select count(*) as n from "${table}" where ${where}`);
  return Number(row.n);
}
