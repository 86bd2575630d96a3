// First: from here on, only the command's result reaches stdout.
import './output.js';
import { ConfigError } from '../config.js';
import { UsageError } from './command.js';
import { printError, printResult } from './output.js';
import { COMMANDS } from './registry.js';

const HELP = [
  'usage: npm run cli -- <command> [options]   (add --json for one JSON document on stdout)',
  '',
  ...COMMANDS.map((command) => `  ${command.name.padEnd(18)}${command.summary}`),
  '',
  'npm run cli -- <command> --help shows the options of a command.',
].join('\n');

/** Runs one command; resolves to the exit code. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    await printError(HELP);
    return 1;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    await printResult(HELP);
    return 0;
  }
  const entry = COMMANDS.find((command) => command.name === name);
  if (!entry) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((command) => command.name).join(', ')}`);
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    await printResult(`usage: npm run cli -- ${command.usage}`);
    return 0;
  }
  const result = await command.run(args);
  await printResult(args.includes('--json') ? JSON.stringify(result.json) : result.text.join('\n'));
  return 0;
}

/**
 * One line for the user: the reason, never a stack trace. Domain errors (unknown role,
 * duplicate email, keys exist) already say what went wrong; the few whose message is
 * not for people are recognised by name, so this file loads no ORM.
 */
function describe(error: unknown): string {
  if (error instanceof ConfigError) return `invalid configuration: ${error.message}`;
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'UniqueConstraintViolationException') return 'a record with the same unique value already exists';
  if (error.name === 'ZodError' && 'issues' in error && Array.isArray(error.issues)) {
    const issue = error.issues[0] as { path: PropertyKey[]; message: string };
    return `${issue.path.map(String).join('.')}: ${issue.message}`;
  }
  return error.message.split('\n')[0] || error.name;
}

// Exit explicitly: a database driver may keep the event loop alive after closing.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    await printError(`error: ${describe(error)}`);
    process.exit(1);
  },
);
