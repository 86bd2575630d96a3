import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { AccessTokenAlgorithm } from './jwt.js';

export interface KeyOptions {
  envFile: string;
  /** Overwrite keys already in the file. */
  force?: boolean;
  /** RSA modulus length (RS256 only). */
  bits?: number;
  /**
   * RS256 (default): the RSA pair PASSPORT_*. ES256 / EdDSA: a P-256 or Ed25519 pair in
   * ACCESS_TOKEN_* and `ACCESS_TOKEN_ALG` set to it; the RSA pair, which signs ID tokens,
   * is created too when there is none.
   */
  alg?: AccessTokenAlgorithm;
  /** Keep the current public key as "previous", so live tokens still verify. */
  rotate?: boolean;
  /** Where stray key files (Passport's storage/oauth-*.key) are looked for. */
  storageDir?: string;
}

export interface KeyResult {
  written: boolean;
  envFile: string;
  alg: AccessTokenAlgorithm;
  /** RSA modulus length; null for ES256 / EdDSA. */
  bits: number | null;
  removedFiles: string[];
  previousKeys: number;
}

export class KeysExistError extends Error {
  constructor(envFile: string) {
    super(`keys already exist in ${envFile}; use --force to overwrite or --rotate to roll them over`);
  }
}

const escapeNewlines = (pem: string) => pem.trim().replace(/\n/g, '\\n');

/** The variables a key pair of each algorithm lives in. */
const VARIABLES = {
  rsa: { privateKey: 'PASSPORT_PRIVATE_KEY', publicKey: 'PASSPORT_PUBLIC_KEY' },
  accessToken: { privateKey: 'ACCESS_TOKEN_PRIVATE_KEY', publicKey: 'ACCESS_TOKEN_PUBLIC_KEY' },
} as const;

/**
 * Generates a key pair and writes it into the env file (PEM, newlines escaped), the same
 * code path for `cli keys` and for `npm start` on a machine with no keys: RSA into
 * PASSPORT_* (RS256), or P-256 / Ed25519 into ACCESS_TOKEN_* with `ACCESS_TOKEN_ALG`.
 */
export function writeKeys(options: KeyOptions): KeyResult {
  const alg = options.alg ?? 'RS256';
  const bits = options.bits ?? 2048;
  const current = existsSync(options.envFile) ? readFileSync(options.envFile, 'utf8') : '';
  const values = parseDotenv(current);
  const target = alg === 'RS256' ? VARIABLES.rsa : VARIABLES.accessToken;
  const hasKeys = Boolean(values[target.privateKey] || values[target.publicKey]);
  if (hasKeys && !options.force && !options.rotate) throw new KeysExistError(options.envFile);

  const pair = generatePair(alg, bits);
  const updates: Record<string, string> = {
    [target.privateKey]: escapeNewlines(pair.privateKey),
    [target.publicKey]: escapeNewlines(pair.publicKey),
  };
  if (alg !== 'RS256') {
    updates.ACCESS_TOKEN_ALG = alg;
    // ID tokens are RS256 in any case (see ID_TOKEN_ALGORITHM).
    if (!values.PASSPORT_PRIVATE_KEY || !values.PASSPORT_PUBLIC_KEY) {
      const rsa = generatePair('RS256', bits);
      updates.PASSPORT_PRIVATE_KEY = escapeNewlines(rsa.privateKey);
      updates.PASSPORT_PUBLIC_KEY = escapeNewlines(rsa.publicKey);
    }
  }
  let previousKeys = 0;
  if (options.rotate && values[target.publicKey]) {
    const previous =
      [values[target.publicKey], values.PASSPORT_PREVIOUS_PUBLIC_KEYS]
        .filter(Boolean)
        .join('\n')
        .replace(/\\n/g, '\n')
        .match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
    // Keep the last few: a key older than the longest token lifetime verifies nothing.
    const kept = previous.slice(0, 3);
    updates.PASSPORT_PREVIOUS_PUBLIC_KEYS = kept.map(escapeNewlines).join(',');
    previousKeys = kept.length;
  }
  writeFileSync(options.envFile, setEnvValues(current, updates), { mode: 0o600 });
  return {
    written: true,
    envFile: options.envFile,
    alg,
    bits: alg === 'RS256' ? bits : null,
    removedFiles: removeKeyFiles(options.storageDir ?? 'storage'),
    previousKeys,
  };
}

function generatePair(alg: AccessTokenAlgorithm, bits: number): { privateKey: string; publicKey: string } {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Replaces or appends `KEY="value"` lines, leaving every other line as it was. */
export function setEnvValues(text: string, updates: Record<string, string>): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  for (const [key, value] of Object.entries(updates)) {
    const line = `${key}="${value}"`;
    const index = lines.findIndex((existing) => existing.startsWith(`${key}=`));
    if (index >= 0) lines[index] = line;
    else lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** Passport leaves `storage/oauth-private.key` and friends; the keys now live in the env. */
function removeKeyFiles(storageDir: string): string[] {
  if (!existsSync(storageDir)) return [];
  const removed: string[] = [];
  for (const file of readdirSync(storageDir)) {
    if (/\.(key|pem)$/.test(file)) {
      const path = join(storageDir, file);
      rmSync(path);
      removed.push(path);
    }
  }
  return removed;
}
