import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Orm } from '../db/orm.js';

/** MikroORM's one funnel for every statement: the SQL with `?` placeholders comes as `context.query`. */
interface ExecutingConnection {
  executeQuery<T>(query: string, run: () => Promise<T>, context?: { query?: unknown }): Promise<T>;
}

/** Per connection, the tracer of the latest app built on it (tests build several on one ORM). */
const tracers = new WeakMap<object, { tracer: Tracer }>();
const MAX_STATEMENT = 2000;

/**
 * A client span per SQL statement, with the statement as written — placeholders, not
 * values. Not the pg instrumentation: MikroORM sends statements with their parameters
 * already inlined, so what the driver sees would carry password hashes and token
 * hashes into the trace. Works the same on PGlite, which has no driver to instrument.
 */
export function traceSql(orm: Orm, tracer: Tracer): void {
  const connection = orm.em.getConnection() as unknown as ExecutingConnection;
  const known = tracers.get(connection);
  if (known) {
    known.tracer = tracer;
    return;
  }
  const holder = { tracer };
  tracers.set(connection, holder);
  const system = orm.config.get('clientUrl') ? 'postgresql' : 'pglite';
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = (query, run, ctx) => {
    const statement = typeof ctx?.query === 'string' ? ctx.query : query;
    const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'SQL';
    return holder.tracer.startActiveSpan(
      operation,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': system,
          'db.operation.name': operation,
          'db.query.text': statement.slice(0, MAX_STATEMENT),
        },
      },
      async (span) => {
        try {
          return await execute(query, run, ctx);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.setAttribute('error.type', (error as Error).name ?? 'Error');
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
