// `npm run build` (and the first step of `npm start`): transpiles src/, migrations/ and
// bench/ to plain JavaScript under dist/ with esbuild — one file per module, same layout,
// no bundling — copies the page templates beside their module, and bundles the developer
// console (scripts/build-console.mjs) into dist/console. The server then runs
// on Node alone: no TypeScript loader thread at run time (~40 MB of RSS) and no
// transform on start. It only transpiles; `npm run typecheck` is the type check.
//
// The new tree is written beside dist/ and swapped in whole, so a server started from a
// previous build never sees a half-written one.
import { cpSync, globSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildConsole } from './build-console.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const next = join(root, `.dist-${process.pid}`);
const entryPoints = ['src/**/*.ts', 'migrations/*.ts', 'bench/*.ts'].flatMap((pattern) =>
  globSync(pattern, { cwd: root }).filter((file) => !file.endsWith('.d.ts')),
);

try {
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: next,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    bundle: false,
    sourcemap: false,
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  await buildConsole(join(next, 'console'));
  cpSync(join(root, 'src/oauth/authorize/views'), join(next, 'src/oauth/authorize/views'), { recursive: true });
  const old = join(root, `.dist-old-${process.pid}`);
  try {
    renameSync(dist, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(next, { recursive: true, force: true });
}
