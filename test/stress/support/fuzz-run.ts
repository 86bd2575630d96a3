import fc from 'fast-check';
import type { Orm } from '../../../src/db/orm.js';
import { type countRowWrites, rowWrites } from './db-state.js';

/** What a case did: its status, and whether it was accepted (and so may change state). */
export interface CaseOutcome {
  status: number;
  accepted: boolean;
  /** What kind of answer it was (an OAuth error code, a GraphQL error code, a page), for the summary. */
  kind?: string;
}

export interface FuzzSummary {
  route: string;
  cases: number;
  accepted: number;
  statuses: Record<number, number>;
  kinds: Record<string, number>;
  seconds: number;
}

/**
 * Runs `numRuns` generated cases against one route, one after another, and checks the
 * property every fuzzer shares on top of its own: a refused case writes no row to any
 * table (its failure audit event aside; see {@link countRowWrites}, which the fixture
 * must have installed). `send` asserts the response's shape and says
 * whether the case was accepted. Prints a one-line summary (the figures of the issue).
 */
export async function fuzzRoute<T>(
  orm: Orm,
  route: string,
  cases: fc.Arbitrary<T>,
  send: (input: T, context: string) => Promise<CaseOutcome>,
  options: { numRuns: number; seed?: number },
): Promise<FuzzSummary> {
  // A fresh seed each run explores new inputs; it is printed, and FUZZ_SEED replays a run.
  const seed = options.seed ?? (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Math.random() * 2 ** 31) | 0);
  const summary: FuzzSummary = { route, cases: 0, accepted: 0, statuses: {}, kinds: {}, seconds: 0 };
  const started = performance.now();
  let writes = await rowWrites(orm);
  await fc.assert(
    fc.asyncProperty(cases, async (input) => {
      const context = `${route} case ${JSON.stringify(input, replacer).slice(0, 600)}`;
      const outcome = await send(input, context);
      summary.cases++;
      summary.statuses[outcome.status] = (summary.statuses[outcome.status] ?? 0) + 1;
      const kind = `${outcome.status} ${outcome.kind ?? ''}`.trim();
      summary.kinds[kind] = (summary.kinds[kind] ?? 0) + 1;
      const after = await rowWrites(orm);
      if (outcome.accepted) {
        summary.accepted++;
      } else if (after !== writes) {
        throw new Error(`${context}\n→ refused (${outcome.status}) yet wrote ${after - writes} row(s)`);
      }
      writes = after;
    }),
    { numRuns: options.numRuns, seed, endOnFailure: true },
  );
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  console.log(
    `fuzz ${route} (FUZZ_SEED=${seed}): ${summary.cases} cases in ${summary.seconds} s, ${summary.accepted} accepted; ${JSON.stringify(summary.kinds)}`,
  );
  return summary;
}

/** Long values and buffers shortened in messages. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string' && value.length > 80) return `${value.slice(0, 40)}…(${value.length} chars)`;
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') return '<bytes>';
  return value;
}
