import { defineConfig } from 'vitest/config';

// Three kinds of test, one command (npm test):
//   unit  pure logic in src/domain and helpers, no database
//   api   the real app over HTTP (app.inject) on a real PostgreSQL, one fresh database per file
//   e2e   the running platform driven in Debian's Chromium through playwright-core
//   ops   the server as `npm start` runs it, in its own process on its own embedded PostgreSQL,
//         killed with -9 under load and started again (crashes, restarts, timeouts)
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'] } },
      // Its servers bring their own database: no shared template to wait for.
      { test: { name: 'ops', include: ['test/ops/**/*.test.ts'], testTimeout: 150_000, hookTimeout: 180_000 } },
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 150_000, fileParallelism: false } },
    ],
  },
});
