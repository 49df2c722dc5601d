import { defineConfig } from 'vitest/config';

// Two projects, run as separate stages by scripts/run-tests.mjs:
// - unit: pure code and router, no server;
// - integration: real PostgreSQL (see test/support/global-db.ts for how one is found).
export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src-main/**/*.ts'],
      exclude: ['src-main/index.ts', 'src-main/preload.ts'],
      reporter: ['json', 'text-summary'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-db.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
