import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { registerCompany } from '../support/matrix';

// The audit list in words: each row is a sentence naming who did what to which record, with the
// fields that changed (字段：旧值 → 新值), so neither a person nor an API user reads codes and JSON.

let t: TestApp;
let eco: Client, office: Client;

interface Words { zh: string; en: string }
interface Row { action: string; actorName: string | null; actorOrganisation: string | null; targetName: string | null; summary: Words; changes: { field: string; label: Words; before: Words | null; after: Words }[] }

beforeAll(async () => {
  t = await startTestApp();
  [eco, office] = await Promise.all(['eco.linqing', 'office.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('the audit list in words', () => {
  it('says who changed which organisation, with each changed field before and after', async () => {
    const { organisationId, client, body } = await registerCompany(t.app);
    expect((await eco.post(`/api/organisations/${organisationId}/verify`)).statusCode).toBe(200);
    const oldAddress = body.organisation.address;
    const patched = await client.patch(`/api/organisations/${organisationId}`, { address: '临清市先锋路 88 号', contactName: '李主任' });
    expect(patched.statusCode).toBe(200);

    const res = await eco.get(`/api/audit?entityId=${organisationId}&action=organisation.update`);
    expect(res.statusCode).toBe(200);
    const [row] = res.json().items as Row[];
    expect(row).toMatchObject({ action: 'organisation.update', actorName: '王会计', actorOrganisation: body.organisation.name, targetName: body.organisation.name });
    expect(row.summary).toEqual({ zh: `王会计 修改了单位 ${body.organisation.name}的信息`, en: `王会计 changed the details of organisation ${body.organisation.name}` });
    expect(row.changes).toEqual(expect.arrayContaining([
      { field: 'address', label: { zh: '地址', en: 'address' }, before: { zh: oldAddress, en: oldAddress }, after: { zh: '临清市先锋路 88 号', en: '临清市先锋路 88 号' } },
      { field: 'contactName', label: { zh: '联系人', en: 'contact' }, before: { zh: body.organisation.contactName, en: body.organisation.contactName }, after: { zh: '李主任', en: '李主任' } },
    ]));
    // Only what changed: the fields left alone and the bookkeeping columns are not listed.
    expect(row.changes.map((c) => c.field)).not.toContain('name');
    expect(row.changes.map((c) => c.field)).not.toContain('updatedAt');
  });

  it('words a verification with the status in words, by the regulator of its organisation', async () => {
    const { organisationId, body } = await registerCompany(t.app);
    await eco.post(`/api/organisations/${organisationId}/verify`);
    const [verify, create] = (await eco.get(`/api/audit?entityId=${organisationId}`)).json().items as Row[];
    expect(verify.summary.zh).toMatch(new RegExp(`^.+ 审核通过了单位 ${body.organisation.name}$`));
    expect(verify.actorOrganisation).toBeTruthy();
    expect(verify.changes).toContainEqual(expect.objectContaining({ field: 'status', before: { zh: '待审核', en: 'pending' }, after: { zh: '已审核', en: 'verified' } }));
    // A registration has no account yet: the sentence names the registering login, and lists what was registered.
    expect(create.summary.zh).toBe(`registration:${body.admin.username} 登记了单位 ${body.organisation.name}`);
    expect(create.changes.find((c) => c.field === 'name')).toMatchObject({ before: null, after: { zh: body.organisation.name } });
  });

  it('shows a place’s new status against the one before it (the writer now keeps the earlier status)', async () => {
    const urban = await Client.login(t.app, 'urban.linqing');
    const [town] = (await t.database.db.execute<{ code: string }>(sql`SELECT code FROM regions WHERE level = 'town' AND code LIKE '371581%' ORDER BY code LIMIT 1`)).rows;
    const day = (back: number) => new Date(Date.now() + 8 * 3_600_000 - back * 86_400_000).toISOString().slice(0, 10);
    const name = `审计小区${crypto.randomInt(1_000_000)}`;
    const stages = { sortedDeposit: true, sortedCollection: true, sortedTransport: false, sortedTreatment: false };
    const place = await urban.post('/api/household/places', { regionCode: town.code, kind: 'community', name, status: { asOf: day(10), households: 120, ...stages } });
    expect(place.statusCode, place.body).toBe(201);
    const next = await urban.post(`/api/household/places/${place.json().id}/status`, { asOf: day(2), households: 135, ...stages, sortedTransport: true });
    expect(next.statusCode, next.body).toBe(201);
    const [row] = (await urban.get(`/api/audit?entityId=${place.json().id}&action=household.place.status`)).json().items as Row[];
    expect(row.summary.zh).toMatch(new RegExp(`修改了小区（村） ${name}的状态$`));
    expect(row.changes).toEqual(expect.arrayContaining([
      { field: 'households', label: { zh: '户数', en: 'households' }, before: { zh: '120', en: '120' }, after: { zh: '135', en: '135' } },
      { field: 'sortedTransport', label: { zh: '分类运输', en: 'sorted transport' }, before: { zh: '否', en: 'no' }, after: { zh: '是', en: 'yes' } },
      { field: 'asOf', label: { zh: '起始日期', en: 'as of' }, before: { zh: day(10), en: day(10) }, after: { zh: day(2), en: day(2) } },
    ]));
    expect(row.changes.map((c) => c.field)).not.toContain('sortedDeposit');
  });

  it('answers a page of the demo city’s log with sentences and no JSON, still paged and filtered by the server', async () => {
    const res = await office.get('/api/audit?pageSize=100');
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: Row[]; total: number; pageSize: number };
    expect(page.items).toHaveLength(100);
    expect(page.total).toBeGreaterThan(100);
    for (const row of page.items) {
      for (const text of [row.summary.zh, row.summary.en, ...row.changes.flatMap((c) => [c.label.zh, c.before?.zh ?? '', c.after.zh, c.after.en])]) {
        expect(text, row.action).not.toMatch(/[{}]|\[object/);
      }
    }
    const signed = (await office.get('/api/audit?action=manifest.sign_transport&pageSize=5')).json().items as Row[];
    expect(signed.length).toBeGreaterThan(0);
    for (const row of signed) expect(row.summary.zh).toMatch(/签署了联单 \S+的承运人接收$/);
  });
});
