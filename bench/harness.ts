import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { BenchCase, ServerInfo } from './cases.js';

/** Connections autocannon keeps open against the server. */
export const CONNECTIONS = 32;

export const ROOT = join(import.meta.dirname, '..');

/** The last command of `npm start` (its `[VAR=value …] node … dist/src/main.js`), split into words. */
const START_COMMAND: string[] = (() => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return (scripts.start.split('&&').at(-1) ?? '').trim().split(/\s+/);
})();

/** The node flags of `npm start`, so the servers measured here run as the real one does. */
export const SERVER_FLAGS: string[] = START_COMMAND.filter((word) => word.startsWith('--'));

/**
 * The environment `npm start` sets for node (glibc's malloc settings: they can only be
 * given before the process starts, see BENCHMARKS.md).
 */
export const SERVER_ENV: Record<string, string> = Object.fromEntries(
  START_COMMAND.filter((word) => /^[A-Z_][A-Z0-9_]*=/.test(word)).map((word) => [
    word.slice(0, word.indexOf('=')),
    word.slice(word.indexOf('=') + 1),
  ]),
);

/** `npm run build`: the servers measured here run compiled, as `npm start` runs them. `root`: another checkout (bench/ab.ts). */
export function buildDist(root = ROOT): void {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
}

/**
 * Starts bench/server.ts (compiled: dist/bench/server.js) in its own process and waits for its one JSON line;
 * `root`: the checkout whose server it is (another one for bench/ab.ts).
 */
export async function startServer(env: NodeJS.ProcessEnv = {}, root = ROOT): Promise<{ child: ChildProcess; info: ServerInfo }> {
  buildDist(root);
  const { child, line } = await spawnServer('dist/bench/server.js', env, root);
  return { child, info: line as unknown as ServerInfo };
}

/**
 * Starts the references (bench/reference-server.ts, already built by startServer) on the
 * bench server's PostgreSQL database; `url` serves them and their `/usage`.
 */
export async function startReferenceServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const { child, line } = await spawnServer('dist/bench/reference-server.js', { DATABASE_URL: databaseUrl });
  return { child, url: String(line.url) };
}

/** A compiled bench script run with the node flags of `npm start` (plus BENCH_SERVER_FLAGS), until it prints a JSON line. */
async function spawnServer(
  script: string,
  env: NodeJS.ProcessEnv,
  root = ROOT,
): Promise<{ child: ChildProcess; line: Record<string, unknown> }> {
  // BENCH_SERVER_FLAGS: extra node/V8 flags for an experiment (e.g. --max-old-space-size=256).
  const extra = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...SERVER_FLAGS, ...extra, join(root, script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...SERVER_ENV, ...env },
    cwd: root,
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (line.startsWith('{')) return { child, line: JSON.parse(line) as Record<string, unknown> };
  }
  throw new Error(`${script} exited before it was ready`);
}

/** Stops the server and waits until it has closed its database (PostgreSQL: dropped it). */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function drive(benchCase: BenchCase, seconds: number) {
  return autocannon({ ...benchCase.request, connections: CONNECTIONS, duration: seconds });
}

export interface Usage {
  cpu: { user: number; system: number };
  rss: number;
}

/** A server process's own CPU time and RSS, read from inside it (`usageUrl`: its floor or reference URL). */
export async function usage(usageUrl: string): Promise<Usage> {
  return (await fetch(`${usageUrl}/usage`)).json() as Promise<Usage>;
}
