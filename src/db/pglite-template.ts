import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A new PGlite data directory normally starts with initdb: 3–6 s of WASM work here,
 * most of a first start. Its result depends only on the PGlite version, so it is kept
 * once as a tarball (npm's `postinstall` makes it; the first initdb without one saves
 * it) and every later empty directory is filled from it in about a second.
 */
function pgliteEntry(): string {
  return createRequire(import.meta.url).resolve('@electric-sql/pglite');
}

/** `.cache/core-api` in the node_modules that holds PGlite, wherever this module runs from (src/ or dist/). */
function cacheDir(): string {
  const entry = pgliteEntry();
  const marker = `${sep}node_modules${sep}`;
  return join(entry.slice(0, entry.lastIndexOf(marker) + marker.length), '.cache', 'core-api');
}

function pgliteVersion(): string {
  const manifest = join(dirname(pgliteEntry()), '../package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function templateFile(): string {
  return join(cacheDir(), `pglite-${pgliteVersion()}-initdb.tar.gz`);
}

/** True when `dir` holds no database yet (PGlite would run initdb). */
export function isEmptyCluster(dir: string): boolean {
  return !existsSync(join(dir, 'PG_VERSION'));
}

/**
 * PGlite options that fill an empty directory from the template, if there is one. The
 * tarball goes as a blob-like object: MikroORM copies its driver options, which a real
 * Blob does not survive.
 */
export function templateOptions(dir: string): { loadDataDir?: Pick<Blob, 'arrayBuffer' | 'type'> } {
  const file = templateFile();
  if (!isEmptyCluster(dir) || !existsSync(file)) return {};
  return { loadDataDir: { type: 'application/gzip', arrayBuffer: async () => new Uint8Array(readFileSync(file)).buffer } };
}

/**
 * Keeps a cluster initdb just made as the template. Call it before anything is written
 * to the database. Best effort: a read-only cache directory only costs the next start time.
 */
export async function saveTemplate(pglite: PGlite): Promise<void> {
  const file = templateFile();
  if (existsSync(file)) return;
  try {
    const dump = await pglite.dumpDataDir('gzip');
    mkdirSync(cacheDir(), { recursive: true });
    // Written aside then renamed: a concurrent start never reads half a tarball.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } catch {
    // Not fatal: the next empty directory runs initdb again.
  }
}

/** npm's postinstall: make the template if it is missing. Never fails the install. */
async function main(): Promise<void> {
  if (existsSync(templateFile())) return;
  try {
    await makeTemplate();
    console.log(`PGlite template ready: ${templateFile()}`);
  } catch (error) {
    console.warn(`PGlite template not made (a new database will run initdb): ${(error as Error).message}`);
  }
}

async function makeTemplate(): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = join(cacheDir(), `initdb-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const pglite = await PGlite.create({ dataDir: dir });
    await saveTemplate(pglite);
    await pglite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
