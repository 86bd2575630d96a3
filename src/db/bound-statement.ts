import type { EntityManager } from '@mikro-orm/core';
import { CompiledQuery, type QueryResult } from 'kysely';

/** What MikroORM's SQL connection offers underneath `execute`: its funnel and its Kysely client. */
interface SqlConnection {
  executeQuery<T>(query: string, run: () => Promise<T>, context?: { query?: string }): Promise<T>;
  getClient(): { executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> };
}

/** A transaction context: Kysely's, in MikroORM 7. */
type TransactionContext = { executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> };

/**
 * Runs one statement with its parameters bound by the driver (`$1`, `$2`, … sent beside
 * the statement), in `em`'s transaction when it has one. `em.execute` instead inlines
 * every parameter into the SQL text, quoting strings a character at a time and bytes as
 * hex: for a statement carrying a large parameter (a group of issued tokens as JSON) that
 * is most of its cost, and doubles what travels. The statement still goes through the
 * connection's one funnel (`executeQuery`), so query logging and the SQL spans
 * (ops/sql-spans.ts) see it, as written, without its values.
 */
export async function executeBound<R = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<QueryResult<R>> {
  const connection = em.getConnection('write') as unknown as SqlConnection;
  const target = em.getTransactionContext<TransactionContext>();
  const compiled = CompiledQuery.raw(sql, [...parameters]) as CompiledQuery<R>;
  return connection.executeQuery(sql, () => (target ?? connection.getClient()).executeQuery(compiled), { query: sql });
}
