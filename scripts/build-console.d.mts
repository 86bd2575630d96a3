import type { Metafile } from 'esbuild';

/** Writes index.html, app.js and app.css into `outdir` (default dist/console); returns esbuild's metafile. */
export function buildConsole(outdir?: string): Promise<Metafile>;
