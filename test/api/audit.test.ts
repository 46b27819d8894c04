import crypto from 'node:crypto';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The verifications walk the whole demo chain (about 39,000 rows): past the default 30 s on a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000 });
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cloneTemplate } from '../support/database';
import { freshUsername } from '../support/factories';
import { registerCompany } from '../support/matrix';
import type { Db } from '../../src/server/db/database';
import { sealAudit } from '../../src/server/platform/audit/service';

// The audit log: every write leaves a row saying who did what, before and after; no secret is kept;
// the database refuses to change a row; and what a superuser changes behind its back is found.

let t: TestApp;
let eco: Client, office: Client, producer: Client;

interface AuditRow { id: number; actor_user_id: string | null; actor_label: string; action: string; entity_type: string; entity_id: string; region_code: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null; ip: string | null }

async function auditRows(db: Db, entityId: string): Promise<AuditRow[]> {
  return (await db.execute(sql`SELECT * FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`)).rows as unknown as AuditRow[];
}
const userId = async (username: string) => String((await t.database.db.execute(sql`SELECT id FROM users WHERE username = ${username}`)).rows[0].id);

beforeAll(async () => {
  t = await startTestApp();
  [eco, office, producer] = await Promise.all(['eco.linqing', 'office.linqing', 'producer.demo'].map((u) => Client.login(t.app, u)));
  // The demo city's rows are sealed once here (tens of seconds on a busy machine), not in the first verification.
  await sealAudit(t.database.db);
});
afterAll(async () => { await t.close(); });

describe('every write leaves an audit row', () => {
  it('records a self-registration as the company and its first user, by the registering account', async () => {
    const { organisationId, body } = await registerCompany(t.app);
    const rows = await auditRows(t.database.db, organisationId);
    expect(rows.map((r) => r.action)).toEqual(['organisation.create']);
    expect(rows[0]).toMatchObject({ actor_user_id: null, actor_label: `registration:${body.admin.username}`, entity_type: 'organisation', region_code: '371581101', before: null });
    expect(rows[0].after).toMatchObject({ name: body.organisation.name, creditCode: body.organisation.creditCode, status: 'pending' });
    expect(rows[0].ip).toMatch(/^10\./);
    const admin = await auditRows(t.database.db, await userId(body.admin.username));
    expect(admin[0]).toMatchObject({ action: 'user.create', after: { username: body.admin.username, role: 'enterprise_admin' } });
  });

  it('records a verification with the regulator, the status before and after', async () => {
    const { organisationId } = await registerCompany(t.app);
    expect((await eco.post(`/api/organisations/${organisationId}/verify`)).statusCode).toBe(200);
    const [, verify] = await auditRows(t.database.db, organisationId);
    expect(verify).toMatchObject({ action: 'organisation.verify', actor_user_id: await userId('eco.linqing'), actor_label: 'eco.linqing' });
    expect(verify.before).toMatchObject({ status: 'pending', reviewedBy: null });
    expect(verify.after).toMatchObject({ status: 'verified', reviewedBy: await userId('eco.linqing') });
  });

  it('records a rejection with its reason', async () => {
    const { organisationId } = await registerCompany(t.app);
    expect((await office.post(`/api/organisations/${organisationId}/reject`, { reason: '经营地址与营业执照不符' })).statusCode).toBe(200);
    const [, reject] = await auditRows(t.database.db, organisationId);
    expect(reject).toMatchObject({ action: 'organisation.reject', actor_label: 'office.linqing', before: { status: 'pending', rejectionReason: null }, after: { status: 'rejected', rejectionReason: '经营地址与营业执照不符' } });
  });

  it('records a user created by an enterprise admin, without the password', async () => {
    const username = freshUsername('member');
    const res = await producer.post('/api/users', { username, displayName: '经办人', password: 'member-password-1', role: 'enterprise_member' });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await auditRows(t.database.db, res.json().id);
    expect(row).toMatchObject({ action: 'user.create', actor_label: 'producer.demo', after: { username, role: 'enterprise_member' } });
    expect(JSON.stringify(row)).not.toContain('member-password-1');
    expect(row.after).not.toHaveProperty('passwordHash');
  });

  it('records a token made and revoked, and never its secret', async () => {
    const made = await producer.post('/api/tokens', { name: '地磅1号', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(made.statusCode, made.body).toBe(201);
    const { id, secret, prefix } = made.json();
    expect((await producer.post(`/api/tokens/${id}/revoke`)).statusCode).toBe(200);
    const rows = await auditRows(t.database.db, id);
    expect(rows.map((r) => r.action)).toEqual(['token.create', 'token.revoke']);
    expect(rows[0].after).toMatchObject({ name: '地磅1号', prefix, revokedAt: null });
    expect(rows[1].before).toMatchObject({ revokedAt: null });
    expect(rows[1].after?.revokedAt).toEqual(expect.any(String));
    const secretPart = String(secret).split('_').slice(2).join('_');
    const secretHash = crypto.createHash('sha256').update(secretPart).digest('hex');
    for (const row of rows) {
      const text = JSON.stringify(row);
      expect(text).not.toContain(secretPart);
      expect(text).not.toContain(secretHash);
      expect(text).not.toMatch(/secretHash/);
    }
  });

  it('keeps no password hash and no token secret anywhere in the log', async () => {
    const leaks = await t.database.db.execute(sql`
      SELECT count(*)::int AS n FROM audit_log
      WHERE coalesce(before::text, '') || coalesce(after::text, '') ~ '\\$argon2|"(passwordHash|secretHash|tokenHash|csrfToken|secret|password)": *"(?!\\[redacted\\])'`);
    expect(leaks.rows[0].n).toBe(0);
    // Each user's hash digest (after its last $), searched in one pass over the log rather than users × rows.
    const digests = (await t.database.db.execute<{ d: string }>(sql`SELECT DISTINCT regexp_replace(password_hash, '^.*[$]', '') AS d FROM users`)).rows.map((r) => r.d).filter((d) => d.length >= 20);
    expect(digests.length).toBeGreaterThan(0);
    const pattern = digests.map((d) => d.replace(/[^A-Za-z0-9]/g, (c) => `\\${c}`)).join('|');
    const hashes = await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE coalesce(after::text, '') || coalesce(before::text, '') ~ ${pattern}`);
    expect(hashes.rows[0].n).toBe(0);
  }, 90_000);

  it('shows the regulator the history of a company in its area', async () => {
    const { organisationId } = await registerCompany(t.app);
    await eco.post(`/api/organisations/${organisationId}/verify`);
    const res = await eco.get(`/api/audit?entityId=${organisationId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { action: string }) => i.action)).toEqual(['organisation.verify', 'organisation.create']);
  });
});

describe('the log cannot be changed', () => {
  it('reports the untouched chain as intact', async () => {
    const res = await office.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    const total = Number((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n);
    expect(res.json()).toMatchObject({ ok: true, checked: total, problems: [] });
  });

  it.each([
    ['UPDATE', sql`UPDATE audit_log SET action = 'nothing.happened' WHERE id = (SELECT max(id) FROM audit_log)`],
    ['DELETE', sql`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`],
    ['TRUNCATE', sql`TRUNCATE audit_log`],
  ])('has the database refuse %s on audit_log', async (_op, statement) => {
    const before = Number((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n);
    const error = await t.database.db.execute(statement).then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(error?.cause?.message ?? error?.message)).toMatch(/audit_log is append-only \((UPDATE|DELETE|TRUNCATE) refused\)/);
    expect(Number((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n)).toBe(before);
  });
});

describe('sealing', () => {
  it('lets a row be sealed once and nothing else be changed on the way', async () => {
    await registerCompany(t.app);
    const [row] = (await t.database.db.execute(sql`SELECT id FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT 1`)).rows as { id: number }[];
    const sneaky = await t.database.db.execute(sql`UPDATE audit_log SET seq = 999999, hash = 'x', prev_hash = 'y', action = 'changed' WHERE id = ${row.id}`).then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(sneaky?.cause?.message ?? sneaky?.message)).toContain('append-only');
    expect((await office.get('/api/audit/verify')).json().ok).toBe(true);
    const resealed = await t.database.db.execute(sql`UPDATE audit_log SET hash = 'x' WHERE id = ${row.id}`).then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(resealed?.cause?.message ?? resealed?.message)).toContain('append-only');
  });
});

/** What only a superuser (or the table's owner) can do: change the log with the trigger switched off. */
async function behindTheTriggersBack(db: Db, statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  });
}

describe('tampering is found', () => {
  it('reports an altered row as HASH_MISMATCH, and the chain is whole again once the row is put back', async () => {
    const { organisationId } = await registerCompany(t.app);
    await eco.post(`/api/organisations/${organisationId}/verify`);
    const [, verify] = await auditRows(t.database.db, organisationId);
    // Rows are chained by the sealer a moment after commit (every 2 s in the server); a verification seals first.
    expect((await office.get('/api/audit/verify')).json().ok).toBe(true);
    await behindTheTriggersBack(t.database.db, sql`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"rejected"') WHERE id = ${verify.id}`);
    const tampered = await office.get('/api/audit/verify');
    expect(tampered.json()).toMatchObject({ ok: false, problems: [{ id: verify.id, reason: 'HASH_MISMATCH' }, { id: verify.id, reason: 'MAC_INVALID' }] });
    await behindTheTriggersBack(t.database.db, sql`UPDATE audit_log SET after = ${JSON.stringify(verify.after)}::jsonb WHERE id = ${verify.id}`);
    expect((await office.get('/api/audit/verify')).json()).toMatchObject({ ok: true, problems: [] });
  });

  it('reports a removed row as BROKEN_LINK on the row that followed it', async () => {
    const ids = (await t.database.db.execute(sql`SELECT id FROM audit_log ORDER BY id DESC LIMIT 3`)).rows.map((r) => Number(r.id));
    const [next, middle] = ids;
    await behindTheTriggersBack(t.database.db, sql`DELETE FROM audit_log WHERE id = ${middle}`);
    const res = await office.get('/api/audit/verify');
    expect(res.json()).toMatchObject({ ok: false, problems: [{ id: next, reason: 'BROKEN_LINK' }] });
  });
});

describe('npm run audit:verify', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const run = (url: string) => new Promise<{ code: number; output: string }>((resolve) => {
    execFile(tsx, ['src/server/cli/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: url, WUFEI_SEED_DEMO: '0' }, timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
  let clone: Awaited<ReturnType<typeof cloneTemplate>>;
  let alteredId: number;
  let broken: { code: number; output: string };

  beforeAll(async () => { clone = await cloneTemplate(); });
  afterAll(async () => { await clone.drop(); });

  it('says the chain is OK with the number of rows, and exits 0', async () => {
    const total = Number((await clone.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n);
    const intact = await run(clone.url);
    expect(intact.output).toContain(`audit chain OK: ${total} rows checked`);
    expect(intact.code).toBe(0);
  }, 180_000); // a process of its own that seals and walks the whole demo chain: more than the default 30 s on a busy machine

  it('names the altered row once someone changed it', async () => {
    alteredId = Number((await clone.database.db.execute(sql`SELECT min(id) + 3 AS id FROM audit_log`)).rows[0].id);
    await behindTheTriggersBack(clone.database.db, sql`UPDATE audit_log SET actor_label = 'someone-else' WHERE id = ${alteredId}`);
    broken = await run(clone.url);
    // The keyed chain hash and the writer's MAC both no longer match.
    expect(broken.output).toContain('audit chain BROKEN: 2 problem(s)');
    expect(broken.output).toContain(`row ${alteredId}: content altered`);
  }, 180_000);

  it('exits 1 when the chain is broken, so a scheduled check can alert', () => {
    expect(broken?.output).toContain('content altered');
    expect(broken!.code).toBe(1);
  });
});
