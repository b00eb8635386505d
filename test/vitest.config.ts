import { defineConfig } from 'vitest/config';

/** Tests against real processes: one file at a time, with room for a PostgreSQL and a browser. */
export default defineConfig({
  test: {
    include: [
      'e2e/**/*.test.ts',
      'integration/**/*.test.ts',
      'notebooks/**/*.test.ts',
      'docs/**/*.test.ts',
      'faults/**/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
