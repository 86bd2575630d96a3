import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readEnvironment } from '../../src/config.js';

const ROOT = resolve(import.meta.dirname, '../..');
const example = readFileSync(resolve(ROOT, '.env.example'), 'utf8');

/** The variables src/config.ts validates, read from its schema's keys. */
function configVariables(): string[] {
  const source = readFileSync(resolve(ROOT, 'src/config.ts'), 'utf8');
  const names = [...source.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
  return [...new Set(names)];
}

describe('.env.example', () => {
  it('documents every variable src/config.ts reads', () => {
    const variables = configVariables();
    expect(variables).toContain('DATABASE_URL');
    for (const variable of [...variables, 'CLIENT_WEB_ID', 'CLIENT_WEB_SECRET', 'CLIENT_MOBILE_ID', 'CLIENT_MOBILE_SECRET']) {
      expect(example, variable).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
    }
  });

  it('is a valid configuration as it stands, equal to the defaults', () => {
    const config = loadConfig(readEnvironment(resolve(ROOT, '.env.example'), {}));
    expect(config).toEqual(loadConfig({}));
  });
});
