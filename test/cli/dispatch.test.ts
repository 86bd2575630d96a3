import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, errorOf, runCli } from './cli-workspace.js';

const COMMANDS = ['keys', 'install', 'client:create', 'user:create', 'migrate', 'permissions:sync', 'tokens:purge'];

/** The dispatcher alone: none of these reach a database. */
describe('cli dispatcher', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'core-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]): Promise<CliRun> =>
    runCli(args, { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });

  it('lists every command on --help, on stdout, exit 0', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

  it('prints the usage on stderr and exits 1 without a command', async () => {
    const result = await run();
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^usage: npm run cli -- <command>/);
  });

  it('shows a command’s options with <command> --help', async () => {
    const result = await run('user:create', '--help');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      'usage: npm run cli -- user:create --email E --password P [--phone +E164] [--name N] [--email-verified] [--phone-verified] ' +
        '[--admin] [--role R]… [--permission P]… [--json]\n',
    );
  });

  it('refuses an unknown command in one line', async () => {
    expect(errorOf(await run('passport:install', '--json'))).toBe(
      `unknown command "passport:install"; commands: ${COMMANDS.join(', ')}`,
    );
  });
});
