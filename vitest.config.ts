import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the run when a test wrote into the checkout's results/ (tests use temp folders only).
    globalSetup: ['./test/global-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real child processes (SQL pool, CLI) and loopback servers: keep workers few on a 2-core box.
    maxWorkers: 2,
  },
});
