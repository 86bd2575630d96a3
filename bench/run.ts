import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchCases } from './cases.js';
import { measureDurability } from './durability.js';
import { measureFirstStart } from './first-start.js';
import { CONNECTIONS, drive, SERVER_FLAGS, startServer, stopServer } from './harness.js';
import { combineRounds, measure, roundRatio } from './measure.js';
import { measurePurge } from './purge.js';
import { evaluateTargets, type Measurement } from './targets.js';
import { measureTracing } from './tracing.js';

/**
 * `npm run bench`: measures the first start on PGlite, then starts bench/server.ts in
 * its own process (PostgreSQL with DATABASE_URL, else PGlite in the directory the first
 * start made), warms every case, and drives the six cases with autocannon (32
 * connections, BENCH_DURATION seconds each, split into BENCH_ROUNDS rounds so the paired
 * cases run side by side in time). Reads the server's own CPU time and RSS around each
 * run, prints a table, and writes the run into bench/results.json under its database.
 * Then the cost of tracing (a second server exporting to a loopback OTLP receiver,
 * bench/tracing.ts), of the token purge on a seeded table (bench/purge.ts) and, on
 * PGlite, of fsync per commit (bench/durability.ts).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

const load = { before: loadavg()[0] };
const firstStart = await measureFirstStart(database === 'pglite');
const { child, info } = await startServer(firstStart.dir ? { BENCH_PGLITE_DIR: firstStart.dir } : {});
try {
  const cases = benchCases(info);
  for (const benchCase of cases) await drive(benchCase, Math.min(3, DURATION)); // JIT, caches, connection pool
  const rounds: Measurement[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const row: Measurement[] = [];
    for (const benchCase of cases) row.push(await measure(benchCase, info, DURATION / ROUNDS));
    rounds.push(row);
  }
  const results = cases.map((benchCase) =>
    combineRounds(
      rounds.map((row) => row.find((m) => m.name === benchCase.name) as Measurement),
      DURATION,
    ),
  );
  const ratios = { cd: roundRatio(rounds, 'c', 'd'), ef: roundRatio(rounds, 'e', 'f') };
  const targets = evaluateTargets(results, ratios, firstStart.seconds);
  printTable(results);
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpuModel(), cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    loadAverage: { ...load, after: loadavg()[0] },
    serverFlags: SERVER_FLAGS,
    durationSeconds: DURATION,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    firstStartSeconds: firstStart.seconds,
    results,
    ratios,
    targets,
    perRound: rounds,
  };
  const tracing = await measureTracing(info, ROUNDS, DURATION);
  const durability = database === 'pglite' ? await measureDurability() : undefined;
  const purge = await measurePurge(process.env.DATABASE_URL || undefined);
  saveReport({ ...report, tracing, durability, purge });
  console.log(`\nfirst start to /healthz on PGlite: ${firstStart.seconds.toFixed(2)} s`);
  for (const c of tracing.cases) {
    console.log(
      `tracing (${c.name}) ${c.label}: off ${c.offCpuMs} ms CPU/req (${c.offRps} req/s), on ${c.onCpuMs} ms (${c.onRps} req/s), on/off ${c.ratio}`,
    );
  }
  console.log(`tracing: ${tracing.spansReceived} spans exported, ${Math.round(tracing.exportBytes / 1024)} KiB`);
  console.log(
    `purge: ${purge.families} refresh families (${purge.before.accessTokens} access, ${purge.before.refreshTokens} refresh tokens): ` +
      `dry run ${purge.dryRunMs} ms, purge ${purge.purgeMs} ms for ${purge.deleted.accessTokens} access and ` +
      `${purge.deleted.refreshTokens} refresh tokens (${purge.rowsPerSecond} rows/s)`,
  );
  if (durability) {
    const { commits, fsyncOn, fsyncOff } = durability;
    console.log(
      `PGlite commits, ${commits} one after another: fsync on ${fsyncOn.commitsPerSecond}/s (${fsyncOn.meanMs} ms), ` +
        `off ${fsyncOff.commitsPerSecond}/s (${fsyncOff.meanMs} ms)`,
    );
  }
  for (const target of targets) console.log(`${target.met ? 'MET ' : 'MISS'} ${target.name}: ${target.detail}`);
  console.log(`\nwrote bench/results.json (${database})`);
} finally {
  await stopServer(child);
}

/** results.json keeps the latest run of each database side by side. */
function saveReport(report: object): void {
  const file = join(import.meta.dirname, 'results.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const kept = 'pglite' in previous || 'postgresql' in previous ? previous : {};
  writeFileSync(file, `${JSON.stringify({ ...kept, [database]: report }, null, 2)}\n`);
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : (cpus()[0]?.model ?? 'unknown');
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function printTable(results: Measurement[]): void {
  console.log(`\n${database}, ${ROUNDS} rounds, ${DURATION} s per case, ${CONNECTIONS} connections`);
  console.log(
    `${'case'.padEnd(44)} ${'req/s'.padStart(7)} ${'p50'.padStart(5)} ${'p99'.padStart(5)} ${'CPU ms/req'.padStart(10)} ${'RSS MB'.padStart(7)} non2xx`,
  );
  for (const m of results) {
    console.log(
      `${`(${m.name}) ${m.label}`.padEnd(44)} ${String(m.requestsPerSecond).padStart(7)} ${String(m.p50Ms).padStart(5)} ${String(m.p99Ms).padStart(5)} ${m.cpuMsPerRequest.toFixed(3).padStart(10)} ${String(m.rssMB).padStart(7)} ${m.non2xx}`,
    );
  }
}
