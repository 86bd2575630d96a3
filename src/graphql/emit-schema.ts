import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildPlainSchema } from './schema.js';

/**
 * `npm run schema:emit` writes schema.graphql from the type-graphql classes;
 * `npm run schema:check` exits 1 when the committed file differs from them.
 * `--file <path>` names another file (tests check a stale copy).
 */
const fileFlag = process.argv.indexOf('--file');
const target = fileFlag > 0 ? process.argv[fileFlag + 1] : join(import.meta.dirname, '../../schema.graphql');
const printed = `${printSchema(lexicographicSortSchema(buildPlainSchema()))}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    committed = '';
  }
  if (committed !== printed) {
    console.error('schema.graphql is stale: run `npm run schema:emit` and commit the result');
    process.exit(1);
  }
  console.log('schema.graphql is up to date');
} else {
  writeFileSync(target, printed);
  console.log('wrote schema.graphql');
}
