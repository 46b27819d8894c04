import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { expectRefused, expectRefusedAmong } from '../support/refusals';
import { formulaByKey } from '../../src/server/indicators/formulas';
import { CHECKLIST } from '../../src/domain/inspections';

// 行政处罚案件 over HTTP on the demo city: 临清's ecology bureau opens a case from a failed random
// inspection, records the investigation and the decision, transfers it to the police and enters their
// answer, starts damage compensation; rows 40 and 42 follow. A decision without its number, an answer
// before any transfer, a source of another county or a complaint that does not exist are refused
// naming the field, with nothing written. The party reads its own case; no one else outside the area.

let t: TestApp;
let eco: Client, office: Client, health: Client, producer: Client, guanxian: Client, power: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const q = { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '/' };
const row40 = () => formulaByKey('solid_waste_criminal_filing_rate')!.compute(db(), q);
const row42 = () => formulaByKey('solid_waste_damage_compensation_coverage')!.compute(db(), q);

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM enforcement_cases) AS cases, (SELECT count(*)::int FROM enforcement_case_steps) AS steps, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

let failedInspection: { id: string; organisationId: string; organisationName: string };

beforeAll(async () => {
  t = await startTestApp();
  [eco, office, health, producer, guanxian, power] = await Promise.all(['eco.linqing', 'office.linqing', 'health.linqing', 'producer.demo', 'eco.guanxian', 'power.demo'].map((u) => Client.login(t.app, u)));
  // A fresh failed check of 恒通 (producer.demo), drawn from the key-supervision industrial producers (恒通 listed among them).
  const pools = (await eco.get('/api/inspections/pools?pageSize=100')).json().items as { id: string; kind: string }[];
  const officers = pools.find((p) => p.kind === 'inspector')!.id;
  const hengtong = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市恒通轴承制造有限公司'`)).rows[0].id;
  await eco.post('/api/inspections/risk-listings', { organisationId: hengtong, level: 'key', reason: '废切削液产生量大（测试）', listedOn: today });
  const pool = (await eco.post('/api/inspections/pools', { kind: 'enterprise', name: '重点监管工业单位（测试）', unitKinds: ['hazardous_producer'], risk: 'key' })).json();
  const draw = (await eco.post('/api/inspections/draws', { title: '案件测试抽取', enterprisePoolId: pool.id, inspectorPoolId: officers, enterpriseCount: pool.members, inspectorsPerEnterprise: 2, seed: 'case-seed-0001' })).json();
  // The whole pool is drawn, so that 恒通 is among the units.
  const unit = draw.result.find((r: { organisationId: string }) => r.organisationId === hengtong);
  const res = await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit.organisationId, inspectedOn: today,
    items: CHECKLIST.map((c) => (c.key === 'storage' ? { key: c.key, result: 'nonconform', note: '废切削液桶露天存放' } : { key: c.key, result: 'conform' })) });
  expect(res.statusCode, res.body).toBe(201);
  failedInspection = res.json();
}, 180_000);
afterAll(async () => { await t?.close(); });

const openBody = (over: Record<string, unknown> = {}) => ({
  caseNo: `临环罚立〔${year}〕T01号`, title: '危险废物贮存不规范案（测试）', facts: '双随机抽查发现废切削液桶露天存放。', source: { kind: 'inspection', id: failedInspection.id }, openedOn: today, ...over,
});

describe('the demo’s cases', () => {
  it('computes row 40 (the police filed the case transferred) and row 42 (compensation started on three of the four where it applies)', async () => {
    expect(await row40()).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    expect(await row42()).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    const list = (await eco.get(`/api/cases?year=${year}&pageSize=100`)).json();
    expect(list.total).toBe(5);
    expect(list.items.map((c: { sourceKind: string }) => c.sourceKind).sort()).toEqual(['alarm', 'inspection', 'inspection', 'other', 'other']);
    expect(list.items.find((c: { sourceKind: string }) => c.sourceKind === 'alarm')).toMatchObject({ police: 'filed', compensation: 'started' });
  });

  it('binds rows 40 and 42 of 临清’s table to the formulas, computed', async () => {
    const planId = ((await office.get('/api/indicators/plans')).json().items as { id: string; regionCode: string }[]).find((p) => p.regionCode === '371581')!.id;
    const rows = (await office.get(`/api/indicators/plans/${planId}?year=${year}`)).json().rows as { no: number; formula: string | null; source: string; latest: { value: number } | null }[];
    expect(rows.find((r) => r.no === 40)).toMatchObject({ formula: 'solid_waste_criminal_filing_rate', source: 'computed', latest: { value: 100 } });
    expect(rows.find((r) => r.no === 42)).toMatchObject({ formula: 'solid_waste_damage_compensation_coverage', source: 'computed', latest: { value: 75 } });
    expect(rows.find((r) => r.no === 39)).toMatchObject({ formula: 'compliance_check_pass_rate', source: 'computed' });
  });
});

describe('a case from a failed inspection', () => {
  let caseId: string;

  it('refuses what cannot be opened, naming the field, and writes nothing', async () => {
    const before = await counts();
    expectRefused(await eco.post('/api/cases', openBody({ source: { kind: 'complaint', id: 'TS-2026-0001' } })), 400, 'UNKNOWN_SOURCE', 'source.id');
    expectRefused(await eco.post('/api/cases', openBody({ source: { kind: 'inspection' } })), 400, 'SOURCE_REQUIRED', 'source.id');
    expectRefused(await eco.post('/api/cases', openBody({ source: { kind: 'alarm', id: '00000000-0000-4000-8000-000000000000' } })), 400, 'UNKNOWN_SOURCE', 'source.id');
    expectRefused(await guanxian.post('/api/cases', openBody()), 400, 'UNKNOWN_SOURCE', 'source.id');
    expectRefused(await eco.post('/api/cases', openBody({ source: { kind: 'other' } })), 400, 'PARTY_REQUIRED', 'partyName');
    expectRefused(await eco.post('/api/cases', openBody({ caseNo: `临环罚立〔${year}〕031号` })), 409, 'DUPLICATE_CASE_NO', 'caseNo');
    expectRefusedAmong(await eco.post('/api/cases', openBody({ openedOn: '2026-02-30' })), 400, 'VALIDATION', 'openedOn');
    expect((await office.post('/api/cases', openBody())).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('opens it with the inspected company as the party; the inspection shows the case', async () => {
    const res = await eco.post('/api/cases', openBody());
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    expect(res.json()).toMatchObject({ partyId: failedInspection.organisationId, partyName: failedInspection.organisationName, sourceKind: 'inspection', solidWaste: true });
    const inspection = (await eco.get(`/api/inspections/${failedInspection.id}`)).json();
    expect(inspection.cases).toEqual([{ id: caseId, caseNo: `临环罚立〔${year}〕T01号` }]);
    expect(inspection.may.openCase).toBe(false);
  });

  it('refuses a decision without its number, an answer before a transfer, and writes nothing', async () => {
    const before = await counts();
    expectRefusedAmong(await eco.post(`/api/cases/${caseId}/steps`, { kind: 'decision', on: today, penaltyWan: 5 }), 400, 'VALIDATION', 'decisionNo');
    expectRefusedAmong(await eco.post(`/api/cases/${caseId}/steps`, { kind: 'decision', on: today, decisionNo: '临环罚字（测试）1号', penaltyWan: 5.123456 }), 400, 'VALIDATION', 'penaltyWan');
    expectRefused(await eco.post(`/api/cases/${caseId}/steps`, { kind: 'police_answer', on: today, filed: true }), 409, 'NOT_TRANSFERRED', 'kind');
    expectRefused(await eco.post(`/api/cases/${caseId}/steps`, { kind: 'investigation', on: '2020-01-01', note: '提前的调查' }), 400, 'BEFORE_OPENING', 'on');
    expect(await counts()).toEqual(before);
  });

  it('follows the case through decision, transfer, the police’s answer and compensation; rows 40 and 42 move', async () => {
    const step = async (body: Record<string, unknown>) => {
      const res = await eco.post(`/api/cases/${caseId}/steps`, { on: today, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    await step({ kind: 'investigation', note: '现场勘察并制作询问笔录' });
    expect((await step({ kind: 'decision', decisionNo: `临环罚字〔${year}〕T01号`, penaltyWan: 6.5 })).state).toMatchObject({ status: 'decided' });
    expectRefused(await eco.post(`/api/cases/${caseId}/steps`, { kind: 'decision', on: today, decisionNo: '第二份决定', penaltyWan: 1 }), 409, 'ALREADY_DECIDED', 'kind');
    await step({ kind: 'police_transfer', receiptNo: `临公受字〔${year}〕T01号` });
    expect(await row40()).toMatchObject({ numerator: 1, denominator: 2 });
    expect((await step({ kind: 'police_answer', filed: false, note: '不构成污染环境罪' })).state).toMatchObject({ police: 'not_filed' });
    expect(await row40()).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(await row42()).toMatchObject({ numerator: 3, denominator: 5 });
    await step({ kind: 'compensation', mode: 'consultation' });
    expect(await row42()).toMatchObject({ numerator: 4, denominator: 5, value: 80 });
    const detail = (await eco.get(`/api/cases/${caseId}`)).json();
    expect(detail).toMatchObject({ status: 'decided', police: 'not_filed', compensation: 'started' });
    expect(detail.steps.map((s: { kind: string }) => s.kind)).toEqual(['investigation', 'decision', 'police_transfer', 'police_answer', 'compensation']);
    expect(detail.may).toMatchObject({ closure: true, decision: false, police_transfer: false, compensation: false });
  });

  it('shows the party its own case, read-only; another company and other departments see nothing', async () => {
    expect((await producer.get(`/api/cases/${caseId}`)).json()).toMatchObject({ caseNo: `临环罚立〔${year}〕T01号`, may: { closure: false } });
    expect((await producer.get('/api/cases?pageSize=100')).json().items.every((c: { partyId: string }) => c.partyId === failedInspection.organisationId)).toBe(true);
    expect((await producer.post(`/api/cases/${caseId}/steps`, { kind: 'closure', on: today, note: '企业自行结案' })).statusCode).toBe(403);
    expect((await power.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await health.get('/api/cases')).statusCode).toBe(403);
    expect((await guanxian.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await office.get(`/api/cases/${caseId}`)).json().may.closure).toBe(false);
  });
});

// Last, so that rows 40 and 42 above count the demo's cases and the story's only.
describe('a case from a citizen’s complaint', () => {
  it('opens a case from a citizen’s complaint (by its number) with the party the bureau names', async () => {
    const [c] = (await t.database.db.execute<{ complaint_no: string }>(sql`SELECT complaint_no FROM complaints WHERE region_code LIKE '371581%' AND category = 'illegal_dumping' ORDER BY created_at LIMIT 1`)).rows;
    expectRefused(await eco.post('/api/cases', openBody({ caseNo: `临环罚立〔${year}〕T09号`, source: { kind: 'complaint', id: c.complaint_no } })), 400, 'PARTY_REQUIRED', 'partyName');
    const res = await eco.post('/api/cases', openBody({ caseNo: `临环罚立〔${year}〕T09号`, source: { kind: 'complaint', id: c.complaint_no }, partyName: '王某（个体运输户）', title: '非法倾倒建筑垃圾案（测试）' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ partyName: '王某（个体运输户）', sourceKind: 'complaint' });
  });
});
