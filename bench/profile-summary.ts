import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Summarizes a V8 `.cpuprofile` (from `--cpu-prof` or `npm run bench:profile`) by self
 * time: the functions where the CPU actually was, and the same grouped by package, so
 * "where does the time go" reads as a short table.
 * Usage: `npx tsx bench/profile-summary.ts file.cpuprofile [rows]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTimeRow {
  name: string;
  ms: number;
  share: number;
}

/** Self time per function and per package, largest first. */
export function summarizeProfile(profile: Profile): { totalMs: number; functions: SelfTimeRow[]; packages: SelfTimeRow[] } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const frame = (byNode.get(id) as ProfileNode).callFrame;
    if (frame.functionName === '(idle)') continue;
    total += micros;
    const where = location(frame.url);
    add(functions, `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`, micros);
    add(packages, packageOf(where), micros);
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / Math.max(total, 1) }));
  return { totalMs: total / 1000, functions: rows(functions), packages: rows(packages) };
}

function add(map: Map<string, number>, key: string, micros: number): void {
  map.set(key, (map.get(key) ?? 0) + micros);
}

function location(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

/** `node_modules/@scope/name/…` → `@scope/name`; our own files → `src/<folder>`; V8 internals as they are. */
function packageOf(where: string): string {
  const modules = where.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = where.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (where.startsWith('src/')) return where.split('/').slice(0, 2).join('/');
  if (where.startsWith('node:')) return 'node core';
  return where;
}

export function printSummary(file: string, rows = 25): void {
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const line = (row: SelfTimeRow) =>
    `${row.ms.toFixed(0).padStart(8)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}`;
  console.log(`${file}: ${summary.totalMs.toFixed(0)} ms on CPU (idle excluded)\n\nby package (self time):`);
  for (const row of summary.packages.slice(0, 12)) console.log(line(row));
  console.log('\nby function (self time):');
  for (const row of summary.functions.slice(0, rows)) console.log(line(row));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, rows] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [rows]');
    process.exit(1);
  }
  printSummary(file, Number(rows ?? 25));
}
