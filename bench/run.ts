import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { type BenchCase, benchCases, referenceCases } from './cases.js';
import { measureDurability } from './durability.js';
import { measureFirstStart } from './first-start.js';
import { CONNECTIONS, drive, SERVER_ENV, SERVER_FLAGS, startReferenceServer, startServer, stopServer } from './harness.js';
import { combineRounds, measure, median, roundRatio } from './measure.js';
import { measurePurge } from './purge.js';
import { measureSignatures, type SignatureCosts } from './signature.js';
import { evaluateTargets, type Measurement, type Ratios } from './targets.js';
import { measureTracing } from './tracing.js';

/**
 * `npm run bench`: measures the first start on PGlite, then starts bench/server.ts in
 * its own process (PostgreSQL with DATABASE_URL, else PGlite in the directory the first
 * start made), warms every case, and drives the six cases with autocannon (32
 * connections, BENCH_DURATION seconds each, split into BENCH_ROUNDS rounds so the paired
 * cases run side by side in time). On PostgreSQL the references (bench/reference-server.ts:
 * bare Apollo 5 and raw Fastify + pg on the same seeded data) run in each round too, and
 * each round measures one signature per algorithm in this process. Reads each server's own
 * CPU time and RSS around each run, prints a table and the ratios, and writes the run into
 * bench/results.json under its database.
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
const reference = info.databaseUrl ? await startReferenceServer(info.databaseUrl) : undefined;
if (!reference) {
  console.log(
    'references (bare Apollo 5, raw Fastify + pg) skipped: they read PostgreSQL (DATABASE_URL=postgres://… npm run bench)',
  );
}
try {
  const cases: BenchCase[] = [...benchCases(info), ...(reference ? referenceCases(reference.url) : [])];
  for (const benchCase of cases) await drive(benchCase, Math.min(3, DURATION)); // JIT, caches, connection pool
  const rounds: Measurement[][] = [];
  const signatures: SignatureCosts[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const row: Measurement[] = [];
    for (const benchCase of cases) {
      row.push(await measure(benchCase, DURATION / ROUNDS));
      if (benchCase.name === 'b') signatures.push(measureSignatures());
    }
    rounds.push(row);
  }
  const results = cases.map((benchCase) =>
    combineRounds(
      rounds.map((row) => row.find((m) => m.name === benchCase.name) as Measurement),
      DURATION,
    ),
  );
  const ratios = computeRatios(rounds, signatures, reference !== undefined);
  const signature = {
    RS256: median(signatures.map((s) => s.RS256)),
    ES256: median(signatures.map((s) => s.ES256)),
    EdDSA: median(signatures.map((s) => s.EdDSA)),
  };
  const references = new Set(cases.filter((c) => c.reference).map((c) => c.name));
  const targets = evaluateTargets(results, ratios, firstStart.seconds, database, references);
  printTable(results);
  printRatios(ratios, signature);
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpuModel(), cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    loadAverage: { ...load, after: loadavg()[0] },
    serverFlags: SERVER_FLAGS,
    serverEnv: SERVER_ENV,
    durationSeconds: DURATION,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    firstStartSeconds: firstStart.seconds,
    results,
    signatureCpuMs: signature,
    ratios,
    targets,
    perRound: rounds,
    signaturesPerRound: signatures,
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
  if (reference) await stopServer(reference.child);
  await stopServer(child);
}

function computeRatios(rounds: Measurement[][], signatures: SignatureCosts[], withReferences: boolean): Ratios {
  const cpu = (round: Measurement[], name: string) => (round.find((m) => m.name === name) as Measurement).cpuMsPerRequest;
  const ratios: Ratios = {
    cd: roundRatio(rounds, 'c', 'd'),
    ef: roundRatio(rounds, 'e', 'f'),
    tokenPerSignature: median(rounds.map((round, r) => cpu(round, 'b') / signatures[r].RS256)),
  };
  if (withReferences) {
    ratios.eg = roundRatio(rounds, 'e', 'g');
    ratios.eh = roundRatio(rounds, 'e', 'h');
    ratios.ci = roundRatio(rounds, 'c', 'i');
    ratios.floorPerSignature = median(rounds.map((round, r) => cpu(round, 'j') / signatures[r].RS256));
    ratios.bj = roundRatio(rounds, 'b', 'j');
  }
  return ratios;
}

function printRatios(ratios: Ratios, signature: SignatureCosts): void {
  console.log(
    `\none signature in the bench process, CPU ms: RS256 ${signature.RS256}, ES256 ${signature.ES256}, EdDSA ${signature.EdDSA}`,
  );
  const line = (label: string, value: number | undefined) => {
    if (value !== undefined) console.log(`${label.padEnd(60)} ${value.toFixed(2)} ×`);
  };
  line('(b) token / one RS256 signature', ratios.tokenPerSignature);
  line('(e) orders page / (g) bare Apollo + pg', ratios.eg);
  line('(e) orders page / (h) raw Fastify + pg', ratios.eh);
  line('(c) { viewer { type } } / (i) bare Apollo { hello }', ratios.ci);
  line('(j) token floor (bare Fastify: form, RS256, JSON) / RS256', ratios.floorPerSignature);
  line('(b) token / (j) token floor', ratios.bj);
  line('(c) / (d) authentication', ratios.cd);
  line('(e) / (f) shield', ratios.ef);
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
