import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, ROOT, SERVER_ENV, SERVER_FLAGS } from './harness.js';

/**
 * `npm start`'s path (build, node flags, dist/src/main.js) on a new PGlite directory — migrations,
 * permission catalogue and bootstrap client included — until /healthz answers 200.
 * Returns the seconds and the directory, which the benchmark's server then reopens as
 * a restarted server would (unless `keep` is false, then it is removed).
 */
export async function measureFirstStart(keep: boolean): Promise<{ seconds: number; dir?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'core-api-start-'));
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const started = performance.now();
  buildDist(); // part of `npm start`, so part of the time
  const child = spawn(process.execPath, [...SERVER_FLAGS, join(ROOT, 'dist/src/main.js')], {
    stdio: 'ignore',
    env: {
      ...process.env,
      ...SERVER_ENV,
      DATABASE_URL: '',
      PGLITE_DIR: dir,
      PORT: port,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PASSPORT_PRIVATE_KEY: pair.privateKey,
      PASSPORT_PUBLIC_KEY: pair.publicKey,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let seconds: number | undefined;
  try {
    for (let i = 0; i < 1200 && seconds === undefined; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) seconds = (performance.now() - started) / 1000;
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (seconds === undefined) throw new Error('server did not answer /healthz within 30 s');
  } finally {
    child.kill('SIGTERM');
    await exited;
    if (!keep || seconds === undefined) rmSync(dir, { recursive: true, force: true });
  }
  return { seconds, dir: keep ? dir : undefined };
}
