import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database } from '../../src/server/db/database';

export function databaseUrl(database: string): string {
  const u = new URL(inject('pgServerUrl'));
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh copy of the demo-city template, private to the calling test file. */
export async function cloneTemplate(): Promise<{ database: Database; url: string; name: string; drop: () => Promise<void> }> {
  const name = `wufei_t_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  // Cloning needs the template to have no other session; retry briefly if a parallel clone holds it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`);
      break;
    } catch (error) {
      if (attempt > 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  return opened(name, 10);
}

/** An empty database of the test server, private to the calling file: for tests that migrate it themselves. */
export async function emptyDatabase(prefix: string, poolSize = 4): Promise<{ database: Database; url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return opened(name, poolSize);
}

function opened(name: string, poolSize: number) {
  const url = databaseUrl(name);
  const database = connect(url, poolSize);
  return {
    database, url, name,
    drop: async () => {
      await database.close().catch(() => {});
      const a = new pg.Client({ connectionString: inject('pgServerUrl') });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
