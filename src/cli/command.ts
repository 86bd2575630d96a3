import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';

/** The env file the CLI reads and `keys` writes, relative to the working directory (as for `npm start`). */
export const ENV_FILE = '.env';

/** What a command hands back: one JSON document for `--json`, lines of text otherwise. */
export interface CommandResult {
  json: unknown;
  text: string[];
}

export interface Command {
  name: string;
  /** The synopsis shown by `<command> --help`. */
  usage: string;
  run(args: string[]): Promise<CommandResult>;
}

/** A mistake of the caller (bad or missing argument, unknown name): exit 1 with one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options every command accepts; the dispatcher acts on them before the command runs. */
const COMMON = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/**
 * Strict `node:util` parsing: unknown options, stray positionals and missing values
 * become a {@link UsageError} whose message is node's first sentence.
 */
export function parseOptions<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...COMMON, ...options }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(firstSentence(error.message));
    }
    throw error;
  }
}

/** The value of a required string option, or a {@link UsageError} naming the flag. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value;
}

/** A positive integer option within bounds, e.g. `--bits`. */
export function integerOption(value: string | undefined, flag: string, bounds: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < bounds.min || number > bounds.max) {
    throw new UsageError(`--${flag} must be an integer from ${bounds.min} to ${bounds.max}`);
  }
  return number;
}

/**
 * Validates with a module's own zod schema, so the CLI accepts exactly what the API
 * accepts, and names the flag (and the value, for repeatable flags) in the error.
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  flags: Record<string, string>,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [field, index] = issue.path;
  const flag = `--${flags[String(field)] ?? String(field)}`;
  const list = input[String(field)];
  const value = typeof index === 'number' && Array.isArray(list) ? list[index] : undefined;
  throw new UsageError(value === undefined ? `${flag}: ${issue.message}` : `${flag} ${JSON.stringify(value)}: ${issue.message}`);
}

function firstSentence(message: string): string {
  const end = message.search(/\.\s/);
  return (end === -1 ? message : message.slice(0, end)).replace(/\.$/, '');
}
