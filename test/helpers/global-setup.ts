import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { buildConsole } from '../../scripts/build-console.mjs';
import { openOrm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/startup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    privateKey: string;
    publicKey: string;
  }
}

/**
 * Once per run: migrate an in-memory PGlite and dump it, so each test file restores
 * a migrated database in under a second instead of migrating from scratch; and make
 * one signing key pair for the whole run; and bundle the developer console into dist/console,
 * which the app serves at /console.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'core-api-test-'));
  await buildConsole();
  const pglite = await PGlite.create();
  const orm = await openOrm({ pglite });
  await prepareDatabase(orm);
  const dump = await pglite.dumpDataDir('none');
  await orm.close(true);
  await pglite.close().catch(() => undefined);
  const template = join(dir, 'template.tar');
  writeFileSync(template, Buffer.from(await dump.arrayBuffer()));

  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  project.provide('pgliteTemplate', template);
  project.provide('privateKey', privateKey);
  project.provide('publicKey', publicKey);
  return () => rmSync(dir, { recursive: true, force: true });
}
