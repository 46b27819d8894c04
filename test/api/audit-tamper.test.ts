import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each check walks the whole demo chain (about 39,000 rows): past the default 30 s on a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000 });
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/http/app';
import { loadConfig } from '../../src/server/config';
import { rowHash, sealAudit } from '../../src/server/platform/audit/service';
import type { Db } from '../../src/server/db/database';
import { cloneTemplate } from '../support/database';
import { Client, DEMO_PASSWORD } from '../support/app';
import { registerCompany } from '../support/matrix';

// Issue 19, finding 4: someone with SQL access (even a superuser who switches the triggers off) but
// without the key files cuts rows from the end, rewrites a row and re-chains the rest, or inserts a
// back-dated row. Each is found: by the rows' MACs, the keyed chain and the last signed export.

let clone: Awaited<ReturnType<typeof cloneTemplate>>;
let app: FastifyInstance;
let admin: Client, office: Client, eco: Client;
let dir: string;
const exportsFile = () => path.join(dir, 'exports', 'heads.jsonl');

interface Problem { id: number; reason: string; detail?: string }
const verify = async () => {
  const res = await office.get('/api/audit/verify');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { ok: boolean; checked: number; problems: Problem[] };
};
const count = async (db: Db) => Number((await db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n);

/** What a superuser can do: change the log with the append-only trigger switched off. */
async function behindTheTriggersBack(db: Db, run: (tx: Db) => Promise<unknown>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await run(tx as unknown as Db);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  });
}

beforeAll(async () => {
  clone = await cloneTemplate();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-audit-'));
  const base = loadConfig();
  const config = { ...base, demoPassword: DEMO_PASSWORD, audit: { ...base.audit, signingKeyFile: path.join(dir, 'signing.pem'), exportDir: path.join(dir, 'exports'), exportUrl: null } };
  app = await buildApp({ db: clone.database.db, config, ping: async () => { await clone.database.db.execute(sql`SELECT 1`); } });
  await app.ready();
  [admin, office, eco] = await Promise.all(['admin', 'office.linqing', 'eco.linqing'].map((u) => Client.login(app, u)));
  // The demo city's rows are sealed once here (tens of seconds on a busy machine), not in the first test.
  await sealAudit(clone.database.db);
});
afterAll(async () => {
  await app?.close();
  await clone?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the signed export of the chain head', () => {
  it('verifies with the served public key, and an altered export does not', async () => {
    await registerCompany(app);
    const exported = await admin.post('/api/audit/export');
    expect(exported.statusCode, exported.body).toBe(200);
    const record = exported.json();
    expect(record.head.count).toBe(await count(clone.database.db));
    const key = await admin.get('/api/audit/signing-key');
    expect(key.statusCode).toBe(200);
    const { verifyHeadExport } = await import('../../src/server/platform/audit/export');
    const line = fs.readFileSync(exportsFile(), 'utf8').trim().split('\n').pop()!;
    expect(JSON.parse(line)).toEqual(record);
    expect(verifyHeadExport(record, key.body)).toBe(true);
    const tampered = { ...record, head: { ...record.head, count: record.head.count - 2 } };
    expect(verifyHeadExport(tampered, key.body)).toBe(false);
    expect((await verify()).ok).toBe(true);

    // The same altered record in the export file is refused by the verifier too.
    const original = fs.readFileSync(exportsFile(), 'utf8');
    fs.appendFileSync(exportsFile(), `${JSON.stringify(tampered)}\n`);
    expect((await verify()).problems).toContainEqual(expect.objectContaining({ reason: 'EXPORT_SIGNATURE_INVALID' }));
    fs.writeFileSync(exportsFile(), original);
    expect((await verify()).ok).toBe(true);
  });

  it('is for the platform administrator: the office neither exports nor reads the keys', async () => {
    expect((await office.post('/api/audit/export')).statusCode).toBe(403);
    expect((await office.get('/api/audit/status')).statusCode).toBe(403);
    const status = await admin.get('/api/audit/status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ publicKey: { pem: expect.stringContaining('BEGIN PUBLIC KEY') }, lastExport: { database: clone.name }, lastVerification: { ok: true } });
  });
});

describe('the export webhook', () => {
  it('POSTs each signed head with the public key, and logs a failure without losing the export', async () => {
    const { exportAuditHead, verifyHeadExport } = await import('../../src/server/platform/audit/export');
    const received: string[] = [];
    let answer = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { received.push(body); res.writeHead(answer).end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = loadConfig().audit;
      const settings = { ...base, signingKeyFile: path.join(dir, 'signing.pem'), exportDir: path.join(dir, 'exports'), exportUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/heads` };
      const logs: string[] = [];
      const record = await exportAuditHead(clone.database.db, settings, (line) => logs.push(line));
      const { publicKey, ...sent } = JSON.parse(received[0]);
      expect(sent).toEqual(record);
      expect(verifyHeadExport(sent, publicKey)).toBe(true);
      expect(logs).toEqual([]);
      answer = 503;
      const second = await exportAuditHead(clone.database.db, settings, (line) => logs.push(line));
      expect(logs).toEqual([expect.stringContaining('the webhook answered 503')]);
      expect(fs.readFileSync(exportsFile(), 'utf8').trim().split('\n').pop()).toBe(JSON.stringify(second));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('tampering the chain alone cannot show is found', () => {
  it('finds the newest rows deleted after an export', async () => {
    await registerCompany(app);
    await admin.post('/api/audit/export');
    const newest = (await clone.database.db.execute(sql`SELECT id FROM audit_log ORDER BY seq DESC LIMIT 2`)).rows.map((r) => Number(r.id));
    await behindTheTriggersBack(clone.database.db, (tx) => tx.execute(sql`DELETE FROM audit_log WHERE id IN (${sql.join(newest.map((id) => sql`${id}`), sql`, `)})`));
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ id: newest[0], reason: 'TRUNCATED' }));
    // A new export pins the shorter chain: from then on it verifies (the operator has seen the report).
    await admin.post('/api/audit/export');
    expect((await verify()).ok).toBe(true);
  });

  it('finds a payload rewritten with every later hash recomputed', async () => {
    const { organisationId } = await registerCompany(app);
    await eco.post(`/api/organisations/${organisationId}/verify`);
    expect((await verify()).ok).toBe(true);
    await admin.post('/api/audit/export');
    const [target] = (await clone.database.db.execute(sql`SELECT id, seq FROM audit_log WHERE entity_id = ${organisationId} AND action = 'organisation.verify'`)).rows as { id: number; seq: number }[];
    // The attacker changes the verdict and re-chains every row from there with the published formula.
    await behindTheTriggersBack(clone.database.db, async (tx) => {
      await tx.execute(sql`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"rejected"') WHERE id = ${target.id}`);
      const rows = (await tx.execute(sql`SELECT * FROM audit_log WHERE seq >= ${target.seq} ORDER BY seq`)).rows as Record<string, unknown>[];
      let prev = String((await tx.execute(sql`SELECT hash FROM audit_log WHERE seq = ${Number(target.seq) - 1}`)).rows[0].hash);
      for (const r of rows) {
        const hash = rowHash(prev, {
          at: new Date(r.at as string | Date), actorUserId: r.actor_user_id as string | null, actorLabel: String(r.actor_label), action: String(r.action), entityType: String(r.entity_type),
          entityId: String(r.entity_id), regionCode: r.region_code as string | null, organisationId: r.organisation_id as string | null, before: r.before, after: r.after, ip: r.ip as string | null,
        });
        await tx.execute(sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id as number}`);
        prev = hash;
      }
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ id: Number(target.id), reason: 'MAC_INVALID' });
    expect(report.problems).toContainEqual(expect.objectContaining({ reason: 'HEAD_MISMATCH' }));
  });

  it('reports a back-dated row INSERTed with the triggers on as not written by the application, and never seals it as genuine', async () => {
    const { organisationId } = await registerCompany(app);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    const [forged] = (await clone.database.db.execute(sql`
      INSERT INTO audit_log (at, actor_label, action, entity_type, entity_id, region_code, after)
      VALUES (${monthAgo.toISOString()}, 'eco.linqing', 'organisation.verify', 'organisation', ${organisationId}, '371581101', '{"status":"verified"}'::jsonb)
      RETURNING id`)).rows as { id: number }[];
    const report = await verify();
    const about = (id: number) => report.problems.filter((p) => p.id === Number(id));
    expect(about(forged.id)).toEqual([expect.objectContaining({ reason: 'FOREIGN', detail: expect.stringContaining(`claims ${monthAgo.toISOString()}`) })]);
    // A genuine row's MAC copied onto other content does not make it genuine either.
    const [copied] = (await clone.database.db.execute(sql`
      INSERT INTO audit_log (at, actor_label, action, entity_type, entity_id, after, mac)
      SELECT at, actor_label, 'organisation.reject', entity_type, entity_id, after, mac FROM audit_log WHERE entity_id = ${organisationId} AND action = 'organisation.create'
      RETURNING id`)).rows as { id: number }[];
    expect((await verify()).problems.filter((p) => p.id === Number(copied.id))).toEqual([expect.objectContaining({ reason: 'FOREIGN' })]);
    const sealed = (await clone.database.db.execute(sql`SELECT origin, seq IS NOT NULL AS sealed, written_at > now() - interval '1 hour' AS stamped_now FROM audit_log WHERE id = ${forged.id}`)).rows[0];
    expect(sealed).toEqual({ origin: 'foreign', sealed: true, stamped_now: true });
  });

  it('reports a genuine row inserted a second time as a replay', async () => {
    const { organisationId } = await registerCompany(app);
    const [replayed] = (await clone.database.db.execute(sql`
      INSERT INTO audit_log (at, actor_user_id, actor_label, action, entity_type, entity_id, region_code, organisation_id, before, after, ip, mac)
      SELECT at, actor_user_id, actor_label, action, entity_type, entity_id, region_code, organisation_id, before, after, ip, mac FROM audit_log WHERE entity_id = ${organisationId} AND action = 'organisation.create'
      RETURNING id`)).rows as { id: number }[];
    const report = await verify();
    expect(report.problems.filter((p) => p.id === Number(replayed.id))).toEqual([{ id: Number(replayed.id), reason: 'REPLAYED' }]);
  });
});
