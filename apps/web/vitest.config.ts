import { defineConfig } from 'vitest/config';

/** Web unit tests: the pure modules under the pages (outbox, key map, token selection, queue). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
