import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files spawn servers; two cores run two at a time without starving PostgreSQL.
    maxWorkers: 2,
  },
});
