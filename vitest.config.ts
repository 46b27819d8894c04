import { defineConfig } from 'vitest/config';

// Three kinds of test, one command (npm test):
//   unit  pure logic in src/domain and helpers, no database
//   api   the real app over HTTP (app.inject) on a real PostgreSQL, one fresh database per file
//   e2e   the running platform driven in Debian's Chromium through playwright-core
//   ops   the server as `npm start` runs it, in its own process on its own embedded PostgreSQL,
//         killed with -9 under load and started again (crashes, restarts, timeouts)
//
// Workers: vitest's default on a 2-core machine is one (cores − 1), which leaves a core idle while a
// test waits on PostgreSQL. Three files at a time keep both cores busy; the browser tests run after,
// two at a time (each drives its own server and Chromium). Each file imports the server afresh
// (isolate, vitest's default): the server keeps per-process caches (a city's serial sequence made,
// a region's calendar) that belong to one database, and the api files each have their own.
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'] } },
      // Its servers bring their own database: no shared template to wait for. One file at a time: they
      // kill servers and PostgreSQL processes and time how each comes back (three at once failed).
      { test: { name: 'ops', include: ['test/ops/**/*.test.ts'], testTimeout: 150_000, hookTimeout: 180_000, fileParallelism: false } },
      // The browser tests, the walk through the menus included (e2e/walk: covering in npm test, every
      // account's every page with WUFEI_WALK=all, `npm run test:walk`).
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 150_000, maxWorkers: 2, sequence: { groupOrder: 1 } } },
    ],
  },
});
