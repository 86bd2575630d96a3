// Bundles the developer console (console/src, Preact) into one minified app.js and
// app.css, and copies its page: the server serves them at /console (src/console).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes index.html, app.js and app.css into `outdir`; returns esbuild's metafile. */
export async function buildConsole(outdir = join(root, 'dist', 'console')) {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'console/src/main.tsx' },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: 'console/tsconfig.json',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'console/index.html'), join(outdir, 'index.html'));
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole();
