import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real child processes (SQL pool, CLI) and loopback servers: keep workers few on a 2-core box.
    maxWorkers: 2,
  },
});
