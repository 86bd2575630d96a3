import { writeKeys } from '../../auth/key-files.js';
import { type Command, ENV_FILE, integerOption, parseOptions } from '../command.js';

export interface KeysArgs {
  force: boolean;
  rotate: boolean;
  bits?: number;
}

/** Reads and checks the flags; RSA below 2048 bits is refused, above 8192 takes minutes. */
export function parseKeysArgs(args: string[]): KeysArgs {
  const values = parseOptions(args, {
    force: { type: 'boolean' },
    rotate: { type: 'boolean' },
    bits: { type: 'string' },
  });
  const bits = integerOption(values.bits, 'bits', { min: 2048, max: 8192 });
  return { force: Boolean(values.force), rotate: Boolean(values.rotate), ...(bits ? { bits } : {}) };
}

/**
 * `keys`: Passport's `passport:keys`. It needs neither the database nor a valid
 * configuration, so it can repair a broken key pair and run before a database exists.
 */
export const keysCommand: Command = {
  name: 'keys',
  usage: 'keys [--force] [--rotate] [--bits N] [--json]',
  async run(args) {
    const { force, rotate, bits } = parseKeysArgs(args);
    const result = writeKeys({ envFile: ENV_FILE, force, rotate, bits });
    const rotated = rotate;
    return {
      json: {
        envFile: result.envFile,
        bits: result.bits,
        rotated,
        previousKeys: result.previousKeys,
        removedFiles: result.removedFiles,
      },
      text: [
        `Wrote a ${result.bits}-bit RSA key pair to ${result.envFile} (PASSPORT_PRIVATE_KEY, PASSPORT_PUBLIC_KEY).`,
        ...(rotated ? [`Kept ${result.previousKeys} previous public key(s) in PASSPORT_PREVIOUS_PUBLIC_KEYS.`] : []),
        ...result.removedFiles.map((file) => `Removed key file ${file}.`),
      ],
    };
  },
};
