import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';

export interface KeyOptions {
  envFile: string;
  /** Overwrite keys already in the file. */
  force?: boolean;
  bits?: number;
  /** Keep the current public key as "previous", so live tokens still verify. */
  rotate?: boolean;
  /** Where stray key files (Passport's storage/oauth-*.key) are looked for. */
  storageDir?: string;
}

export interface KeyResult {
  written: boolean;
  envFile: string;
  bits: number;
  removedFiles: string[];
  previousKeys: number;
}

export class KeysExistError extends Error {
  constructor(envFile: string) {
    super(`keys already exist in ${envFile}; use --force to overwrite or --rotate to roll them over`);
  }
}

const escapeNewlines = (pem: string) => pem.trim().replace(/\n/g, '\\n');

/**
 * Generates an RSA key pair and writes it into the env file (PEM, newlines escaped),
 * the same code path for `cli keys` and for `npm start` on a machine with no keys.
 */
export function writeKeys(options: KeyOptions): KeyResult {
  const bits = options.bits ?? 2048;
  const current = existsSync(options.envFile) ? readFileSync(options.envFile, 'utf8') : '';
  const values = parseDotenv(current);
  const hasKeys = Boolean(values.PASSPORT_PRIVATE_KEY || values.PASSPORT_PUBLIC_KEY);
  if (hasKeys && !options.force && !options.rotate) throw new KeysExistError(options.envFile);

  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const updates: Record<string, string> = {
    PASSPORT_PRIVATE_KEY: escapeNewlines(privateKey),
    PASSPORT_PUBLIC_KEY: escapeNewlines(publicKey),
  };
  let previousKeys = 0;
  if (options.rotate && values.PASSPORT_PUBLIC_KEY) {
    const previous =
      [values.PASSPORT_PUBLIC_KEY, values.PASSPORT_PREVIOUS_PUBLIC_KEYS]
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
    bits,
    removedFiles: removeKeyFiles(options.storageDir ?? 'storage'),
    previousKeys,
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
