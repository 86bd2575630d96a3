import { ACCESS_TOKEN_ALGORITHMS, type AccessTokenAlgorithm } from '../../auth/jwt.js';
import { writeKeys } from '../../auth/key-files.js';
import { type Command, ENV_FILE, integerOption, parseOptions, UsageError } from '../command.js';

export interface KeysArgs {
  force: boolean;
  rotate: boolean;
  bits?: number;
  alg: AccessTokenAlgorithm;
}

/** Reads and checks the flags; RSA below 2048 bits is refused, above 8192 takes minutes; `--bits` is for RSA only. */
export function parseKeysArgs(args: string[]): KeysArgs {
  const values = parseOptions(args, {
    force: { type: 'boolean' },
    rotate: { type: 'boolean' },
    bits: { type: 'string' },
    alg: { type: 'string' },
  });
  const alg = (values.alg ?? 'RS256') as AccessTokenAlgorithm;
  if (!ACCESS_TOKEN_ALGORITHMS.includes(alg)) {
    throw new UsageError(`--alg must be one of ${ACCESS_TOKEN_ALGORITHMS.join(', ')}`);
  }
  const bits = integerOption(values.bits, 'bits', { min: 2048, max: 8192 });
  if (bits && alg !== 'RS256') throw new UsageError('--bits is for RSA keys (--alg RS256) only');
  return { force: Boolean(values.force), rotate: Boolean(values.rotate), alg, ...(bits ? { bits } : {}) };
}

/**
 * `keys`: Passport's `passport:keys`, plus `--alg ES256|EdDSA` for an access-token key on a
 * curve. It needs neither the database nor a valid configuration, so it can repair a
 * broken key pair and run before a database exists.
 */
export const keysCommand: Command = {
  name: 'keys',
  usage: 'keys [--alg RS256|ES256|EdDSA] [--force] [--rotate] [--bits N] [--json]',
  async run(args) {
    const { force, rotate, bits, alg } = parseKeysArgs(args);
    const result = writeKeys({ envFile: ENV_FILE, force, rotate, bits, alg });
    const rotated = rotate;
    const written =
      alg === 'RS256'
        ? `a ${result.bits}-bit RSA key pair to ${result.envFile} (PASSPORT_PRIVATE_KEY, PASSPORT_PUBLIC_KEY)`
        : `an ${alg === 'ES256' ? 'ES256 (P-256)' : 'EdDSA (Ed25519)'} key pair to ${result.envFile} (ACCESS_TOKEN_PRIVATE_KEY, ACCESS_TOKEN_PUBLIC_KEY) and ACCESS_TOKEN_ALG=${alg}`;
    return {
      json: {
        envFile: result.envFile,
        alg: result.alg,
        bits: result.bits,
        rotated,
        previousKeys: result.previousKeys,
        removedFiles: result.removedFiles,
      },
      text: [
        `Wrote ${written}.`,
        ...(rotated ? [`Kept ${result.previousKeys} previous public key(s) in PASSPORT_PREVIOUS_PUBLIC_KEYS.`] : []),
        ...result.removedFiles.map((file) => `Removed key file ${file}.`),
      ],
    };
  },
};
