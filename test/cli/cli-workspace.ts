import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { adminQuery } from '../helpers/db.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const CLI_ENTRY = join(ROOT, 'src/cli/index.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A working directory of its own (its `.env`, its `storage/`) and an empty database —
 * a PGlite directory inside it, or with TEST_DATABASE_URL a new PostgreSQL database —
 * in which the CLI runs as a child process, exactly as `npm run cli` runs it.
 */
export interface CliWorkspace {
  dir: string;
  envFile: string;
  run(...args: string[]): Promise<CliRun>;
  /** Through `npm run -s cli` in the project root: the workspace's database, the project's `.env`. */
  npmRun(...args: string[]): Promise<CliRun>;
  /** Opens the workspace's database in the test process (close before the next `run` on PGlite). */
  withOrm<T>(work: (orm: Orm) => Promise<T>): Promise<T>;
  readEnvFile(): string;
  close(): Promise<void>;
}

export async function createCliWorkspace(): Promise<CliWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'core-cli-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const database = serverUrl ? await createEmptyPostgresDatabase(serverUrl) : undefined;
  const target = database ? { databaseUrl: database.url } : { pgliteDir: join(dir, 'pglite') };
  // Nothing from the test process leaks in: no keys, no database URL, only what the child needs.
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...(database ? { DATABASE_URL: database.url } : { PGLITE_DIR: target.pgliteDir as string, DATABASE_URL: '' }),
  };
  return {
    dir,
    envFile: join(dir, '.env'),
    run: (...args) => runCli(args, { cwd: dir, env }),
    npmRun: (...args) => runNpmCli(args, env),
    async withOrm(work) {
      const orm = await openOrm(target);
      try {
        return await work(orm);
      } finally {
        await orm.close(true);
      }
    },
    readEnvFile: () => readFileSync(join(dir, '.env'), 'utf8'),
    async close() {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI's TypeScript entry with tsx on this process's Node (the project's Node 22). */
export function runCli(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return collect(process.execPath, [TSX_CLI, '--tsconfig', join(ROOT, 'tsconfig.json'), CLI_ENTRY, ...args], options);
}

/** `npm run -s cli -- …` from the project root, as a deploy script runs it. */
export function runNpmCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return collect('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, env });
}

function collect(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A successful `--json` run: exit 0 and exactly one JSON document, on one line, alone on stdout. */
export function jsonOf<T = Record<string, unknown>>(run: CliRun): T {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.endsWith('\n')).toBe(true);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as T;
}

/** A refused run: exit 1, nothing on stdout, and one line `error: <reason>` on stderr. */
export function errorOf(run: CliRun): string {
  expect(run.code, run.stdout).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: \S/);
  return lines[0].slice('error: '.length);
}

async function createEmptyPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `core_cli_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`) };
}
