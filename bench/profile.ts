import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchCases } from './cases.js';
import { drive, startServer, stopServer, usage } from './harness.js';
import { printHeapSummary } from './heap-summary.js';
import { printSummary } from './profile-summary.js';

/**
 * `npm run bench:profile -- <case> [seconds] [cpu|heap]`: where a case's server CPU
 * goes (or, with `heap`, what it allocates). Starts the bench server, warms the case,
 * records a V8 CPU profile (the profiler behind --cpu-prof) or a sampling heap profile
 * over one run of it, writes it to PROFILE_DIR (default /tmp/core-api-prof) and prints
 * the top entries.
 */
const [name = 'e', secondsArg = '5', kind = 'cpu'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const dir = process.env.PROFILE_DIR ?? '/tmp/core-api-prof';
mkdirSync(dir, { recursive: true });

const { child, info } = await startServer();
try {
  const benchCase = benchCases(info).find((candidate) => candidate.name === name);
  if (!benchCase) throw new Error(`no bench case "${name}" (a–f)`);
  await drive(benchCase, Math.min(3, seconds));
  const heap = kind === 'heap';
  const file = join(dir, heap ? `${name}.heapprofile` : `${name}.cpuprofile`);
  const post = (path: string, body?: object) =>
    fetch(`${info.floorUrl}${path}`, {
      method: 'POST',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  const before = await usage(info.floorUrl);
  await post(heap ? '/heap-profile/start' : '/profile/start');
  const result = await drive(benchCase, seconds);
  await post(heap ? '/heap-profile/stop' : '/profile/stop', { file });
  const after = await usage(info.floorUrl);
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  console.log(
    `(${benchCase.name}) ${benchCase.label}: ${result.requests.total} requests, ${(cpuMs / result.requests.total).toFixed(3)} ms CPU/request (profiler on)\n`,
  );
  if (heap) printHeapSummary(file, result.requests.total, Number(process.env.PROFILE_ROWS ?? 20));
  else printSummary(file, Number(process.env.PROFILE_ROWS ?? 30));
} finally {
  await stopServer(child);
}
