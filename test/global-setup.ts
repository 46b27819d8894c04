import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedServer } from '../src/server/db/embedded';
import { connect, migrateDatabase } from '../src/server/db/database';
import { seedDemoCity } from '../src/server/demo/seed';
import { loadConfig } from '../src/server/config';

// One PostgreSQL for the whole run: DATABASE_URL when given (CI runs once that way on Debian's
// server), otherwise an embedded one in a temporary folder. A template database holds the migrated
// schema and the demo city; each test file clones it (CREATE DATABASE … TEMPLATE), which takes
// milliseconds and keeps files independent.
export const TEMPLATE = 'wufei_test_template';

declare module 'vitest' {
  export interface ProvidedContext { pgServerUrl: string; templateDb: string }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  // The ops tests start servers with databases of their own and the unit tests need none: a run of
  // only those needs no template.
  if (project.vitest.projects.length > 0 && project.vitest.projects.every((p) => p.name === 'ops' || p.name === 'unit')) return;
  let embedded: EmbeddedServer | null = null;
  let tmp: string | null = null;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-test-pg-'));
    // No WAL archive: the test databases are thrown away, and gzipping every segment costs the run CPU.
    embedded = await startEmbedded(tmp, () => {}, (line) => console.log(line), null);
    serverUrl = embedded.url('postgres');
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const template = connect(withDatabase(serverUrl, TEMPLATE), 4);
  await migrateDatabase(template);
  await seedDemoCity(template.db, { ...loadConfig(), demoPassword: 'wufei-demo' });
  await template.close();
  await admin.end();
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', TEMPLATE);
  return async () => {
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
