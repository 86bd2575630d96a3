import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * `npm run test:stress`: fuzzing, load, database outage and graceful shutdown. Kept out
 * of `npm test` (its files end in `.stress.ts`) because they spend minutes, not seconds;
 * same global setup (migrated PGlite template, one key pair) as the main suite.
 */
export default defineConfig({
  resolve: {
    // One graphql module for tests and dependencies alike ("another module or realm").
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    include: ['test/stress/**/*.stress.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 150_000,
    hookTimeout: 90_000,
    teardownTimeout: 20_000,
  },
});
