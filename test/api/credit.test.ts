import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { countRows } from '../support/matrix';
import { GRADE_SCHEMES } from '../../src/domain/credit';
import { formulaByKey } from '../../src/server/indicators/formulas';
import { insertOrganisation } from '../../src/server/platform/organisations/service';
import { demoCreditCode } from '../../src/server/demo/seed';

// 企业环境信用评价 over HTTP on the demo (seed 000 三(七)2(2), indicator 36): 临清's ecology bureau
// watches 绿源环保's grade fall after a receipt left overdue, records a penalty (refused without its
// decision number or legal basis, nothing written), sweeps twice without counting twice, decides a
// repair, blacklists and lifts, runs the year's rating and row 36 follows; each enterprise sees only
// its own record, other bureaus only their area.
let t: TestApp;
let eco: Client, ecoGuanxian: Client, office: Client, urban: Client, producer: Client, driver: Client, receiver: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
let receiverId = '';

beforeAll(async () => {
  t = await startTestApp();
  [eco, ecoGuanxian, office, urban, producer, driver, receiver] = await Promise.all(['eco.linqing', 'eco.guanxian', 'office.linqing', 'urban.linqing', 'producer.demo', 'driver.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
  receiverId = (await receiver.get('/api/credit/mine')).json().organisationId;
}, 180_000);
afterAll(async () => { await t?.close(); });

async function manifestInTransit() {
  const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.8 })).json();
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  const rec = (await producer.get(`/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
  const m = (await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id,
    driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json();
  expect(m.number, JSON.stringify(m)).toBeTruthy();
  await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
  const sent = await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.8, origin: '松林镇', destination: '唐园镇' } });
  expect(sent.statusCode, sent.body).toBe(200);
  return m as { id: string; number: string };
}

const profileOf = async (client: Client, id = receiverId) => (await client.get(`/api/credit/enterprises/${id}`)).json();
const penalty = (extra: Record<string, unknown> = {}) => ({
  organisationId: receiverId, kind: 'penalty', points: -10, occurredOn: today, reason: '危险废物贮存设施未设置识别标志',
  decisionNo: `聊环罚字〔${year}〕临字第${Math.floor(Math.random() * 900) + 100}号`, legalBasis: '《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条第一款第（一）项', ...extra,
});

describe('a credit grade changes after an overdue receipt', () => {
  let overdueEventId = '';

  it('the bureau sees 绿源环保 fall a grade once a receipt passes its deadline and the sweep runs', async () => {
    const before = await profileOf(eco);
    expect(before.solidWaste).toBe(true);
    // Bring the score to the lower bound of its grade with a penalty, so that the next five points cross it.
    const grade = GRADE_SCHEMES[1].grades.find((g) => g.value === before.grade.value)!;
    expect(grade.value).not.toBe('red');
    if (before.score > grade.min) {
      const res = await eco.post('/api/credit/events', penalty({ points: grade.min - before.score }));
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await profileOf(eco)).grade.value).toBe(grade.value);

    const m = await manifestInTransit();
    // The receipt deadline passes (written as other tests age a manifest).
    await db().execute(sql`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = ${m.id}`);
    const swept = await eco.post('/api/credit/sweep', {});
    expect(swept.statusCode, swept.body).toBe(200);
    expect(swept.json().byKind.receipt_overdue).toBeGreaterThanOrEqual(1);

    const after = await profileOf(eco);
    expect(after.score).toBe(grade.min - 5);
    expect(after.grade.value).not.toBe(grade.value);
    const event = after.events.find((e: { reason: string }) => e.reason.includes(m.number));
    expect(event).toMatchObject({ kind: 'receipt_overdue', points: -5, inForce: true, link: `/manifests/${m.id}` });
    overdueEventId = event.id;
    // The enterprise sees the same reason on its own page.
    const mine = (await receiver.get('/api/credit/mine')).json();
    expect(mine.events.find((e: { id: string }) => e.id === overdueEventId).reason).toContain('超过接收时限');
    expect(mine.score).toBe(after.score);
    // The list agrees with the profile.
    const row = (await eco.get(`/api/credit/enterprises?q=${encodeURIComponent('绿源环保')}`)).json().items[0];
    expect(row).toMatchObject({ organisationId: receiverId, score: after.score, grade: after.grade.value });
  });

  it('a second sweep counts nothing twice', async () => {
    const events = await countRows(db(), 'credit_events');
    const again = (await eco.post('/api/credit/sweep', {})).json();
    expect(again.added).toBe(0);
    expect(await countRows(db(), 'credit_events')).toBe(events);
  });

  it('the enterprise asks for repair; the bureau approves and the event stops counting', async () => {
    const before = (await receiver.get('/api/credit/mine')).json();
    const asked = await receiver.post('/api/credit/repairs', { eventId: overdueEventId, rectification: '已确认接收并调整交接流程', evidence: '接收记录截图、交接制度' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().status).toBe('pending');
    expect((await receiver.post('/api/credit/repairs', { eventId: overdueEventId, rectification: '再次申请修复', evidence: '同上材料' })).json().code).toBe('REPAIR_PENDING');
    const pending = (await eco.get('/api/credit/repairs?status=pending')).json().items;
    expect(pending.some((r: { id: string }) => r.id === asked.json().id)).toBe(true);
    const noReason = await eco.post(`/api/credit/repairs/${asked.json().id}/decision`, { decision: 'approved' });
    expect(noReason.statusCode).toBe(400);
    expect((await receiver.post(`/api/credit/repairs/${asked.json().id}/decision`, { decision: 'approved', reason: '自己批准自己' })).statusCode).toBe(403);
    const approved = await eco.post(`/api/credit/repairs/${asked.json().id}/decision`, { decision: 'approved', reason: '整改到位，同意修复' });
    expect(approved.statusCode, approved.body).toBe(201);
    const after = (await receiver.get('/api/credit/mine')).json();
    expect(after.score).toBe(before.score + 5);
    const event = after.events.find((e: { id: string }) => e.id === overdueEventId);
    expect(event).toMatchObject({ inForce: false, endedOn: today, endCause: 'repair', repair: { status: 'approved', decisionReason: '整改到位，同意修复' } });
    expect((await eco.post(`/api/credit/repairs/${asked.json().id}/decision`, { decision: 'rejected', reason: '改变主意' })).json().code).toBe('REPAIR_DECIDED');
  });
});

describe('events from the other regulator levers (issue 18)', () => {
  it('counts the demo’s failed random inspections against the inspected companies, each once', async () => {
    const failed = (await t.database.db.execute<{ organisation_id: string }>(sql`SELECT organisation_id FROM inspections WHERE NOT passed AND region_code LIKE '371581%'`)).rows;
    expect(failed.length).toBeGreaterThan(0);
    const events = (await eco.get('/api/credit/events?kind=inspection_failed&pageSize=100')).json();
    expect(events.items.map((e: { organisationId: string }) => e.organisationId).sort()).toEqual(failed.map((f) => f.organisation_id).sort());
    expect(events.items.every((e: { points: number }) => e.points < 0)).toBe(true);
  });
});

describe('penalties need their decision number and legal basis', () => {
  it('refuses a penalty without a decision number or legal basis, naming the field, writing nothing', async () => {
    const events = await countRows(db(), 'credit_events');
    const audit = await countRows(db(), 'audit_log');
    for (const [body, field] of [[penalty({ decisionNo: undefined }), 'decisionNo'], [penalty({ legalBasis: '' }), 'legalBasis'], [penalty({ points: 5 }), 'points'], [penalty({ occurredOn: '2026-02-30' }), 'occurredOn']] as const) {
      const res = await eco.post('/api/credit/events', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().path ?? res.json().issues[0].path).toBe(field);
      expect(res.json().message.zh).toMatch(/\p{Script=Han}/u);
    }
    expect(await countRows(db(), 'credit_events')).toBe(events);
    expect(await countRows(db(), 'audit_log')).toBe(audit);
  });

  it('records a penalty with its decision and an audit row; the same decision twice is refused', async () => {
    const body = penalty();
    const res = await eco.post('/api/credit/events', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'penalty', decisionNo: body.decisionNo, legalBasis: body.legalBasis, validFrom: today });
    expect(await countRows(db(), 'audit_log', `entity_id = '${res.json().id}' AND action = 'credit.penalty'`)).toBe(1);
    expect((await eco.post('/api/credit/events', body)).json().code).toBe('DECISION_RECORDED');
    // Append-only: the database itself refuses an edit.
    const refusal = async (statement: Promise<unknown>) => { const e = await statement.then(() => null, (err: Error & { cause?: Error }) => err); return String(e?.cause?.message ?? e?.message); };
    expect(await refusal(db().execute(sql`UPDATE credit_events SET points = 0 WHERE id = ${res.json().id}`))).toMatch(/append-only/);
  });

  it('is the ecology bureau’s of the enterprise’s area only', async () => {
    expect((await office.post('/api/credit/events', penalty())).statusCode).toBe(403);
    expect((await urban.post('/api/credit/events', penalty())).statusCode).toBe(403);
    expect((await producer.post('/api/credit/events', penalty())).statusCode).toBe(403);
    expect((await ecoGuanxian.post('/api/credit/events', penalty())).statusCode).toBe(404);
  });
});

describe('the blacklist', () => {
  it('puts a listed enterprise in the lowest grade until lifted', async () => {
    const listed = await eco.post('/api/credit/blacklist', { organisationId: receiverId, reason: '测试：拒不改正违法行为', decisionNo: `临环信〔${year}〕测1号`, listedFrom: today });
    expect(listed.statusCode, listed.body).toBe(201);
    expect((await profileOf(eco)).grade.value).toBe('red');
    expect((await eco.get('/api/credit/enterprises?blacklisted=true&pageSize=100')).json().items.some((i: { organisationId: string }) => i.organisationId === receiverId)).toBe(true);
    expect((await eco.get('/api/credit/enterprises?grade=red&pageSize=100')).json().items.some((i: { organisationId: string }) => i.organisationId === receiverId)).toBe(true);
    const lifted = await eco.post(`/api/credit/blacklist/${listed.json().id}/lift`, { liftedOn: today, reason: '已整改完毕' });
    expect(lifted.statusCode, lifted.body).toBe(201);
    expect((await profileOf(eco)).blacklisted).toBe(false);
    expect((await eco.post(`/api/credit/blacklist/${listed.json().id}/lift`, { liftedOn: today, reason: '再次移出' })).json().code).toBe('ALREADY_LIFTED');
    const list = (await office.get('/api/credit/blacklist?pageSize=100')).json();
    expect(list.items.find((e: { id: string }) => e.id === listed.json().id)).toMatchObject({ current: false, liftedOn: today });
  });
});

describe('who sees what', () => {
  it('an enterprise sees only its own record', async () => {
    expect((await producer.get(`/api/credit/enterprises/${receiverId}`)).statusCode).toBe(404);
    expect((await producer.get('/api/credit/enterprises')).statusCode).toBe(403);
    expect((await producer.get('/api/credit/events')).statusCode).toBe(403);
    const mine = (await producer.get('/api/credit/mine')).json();
    expect(mine.name).toBe('临清市恒通轴承制造有限公司');
    expect(mine.mayRequestRepair).toBe(true);
    const theirs = (await profileOf(eco)).events.find((e: { points: number; inForce: boolean }) => e.points < 0 && e.inForce);
    expect((await producer.post('/api/credit/repairs', { eventId: theirs.id, rectification: '替别人申请修复', evidence: '无关材料' })).statusCode).toBe(404);
    const repairs = (await producer.get('/api/credit/repairs')).json();
    expect(repairs.items.every((r: { organisationId: string }) => r.organisationId === mine.organisationId)).toBe(true);
  });

  it('another county’s bureau sees none of 临清’s enterprises; the office and other departments read', async () => {
    expect((await ecoGuanxian.get(`/api/credit/enterprises/${receiverId}`)).statusCode).toBe(404);
    expect((await ecoGuanxian.get('/api/credit/enterprises?pageSize=100')).json().items.every((i: { regionCode: string }) => i.regionCode.startsWith('371525'))).toBe(true);
    expect((await office.get(`/api/credit/enterprises/${receiverId}`)).statusCode).toBe(200);
    expect((await urban.get('/api/credit/enterprises')).statusCode).toBe(200);
    expect((await urban.post('/api/credit/sweep', {})).statusCode).toBe(403);
  });
});

describe('the annual rating and row 36', () => {
  const row36 = () => formulaByKey('credit_rated_share')!.compute(db(), { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' });

  it('the demo rated every solid-waste enterprise of 临清 for last year and this', async () => {
    expect((await formulaByKey('credit_rated_share')!.compute(db(), { regionCode: '371581', year: year - 1, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' })).value).toBe(100);
    expect((await row36()).value).toBe(100);
  });

  it('an enterprise that joins after the rating is not rated until the next run', async () => {
    await insertOrganisation(db(), { actor: null, actorLabel: 'test' }, {
      kind: 'enterprise', name: '信用测试新入驻企业', creditCode: demoCreditCode('enterprise', '371581', 88_001), regionCode: '371581002', capabilities: ['producer'],
      industry: '机械制造', address: '测试路1号', contactName: '测试', contactPhone: '0635-2000000', status: 'verified',
    });
    const before = await row36();
    expect(before.value).toBeLessThan(100);
    expect(before.numerator).toBe(before.denominator! - 1);
    const run = await eco.post('/api/credit/ratings', { year });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json().enterprises).toBe(before.denominator);
    expect((await row36()).value).toBe(100);
    const list = (await eco.get(`/api/credit/ratings?year=${year}&pageSize=5`)).json();
    expect(list.runs[0].id).toBe(run.json().id);
    expect(list.total).toBe(before.denominator);
    expect((await eco.post('/api/credit/ratings', { year: year + 1 })).json().code).toBe('YEAR_NOT_BEGUN');
    expect((await eco.post('/api/credit/ratings', { year, regionCode: '371525' })).json().code).toBe('REGION_OUT_OF_AREA');
  });
});
