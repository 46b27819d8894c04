import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { anonymous } from '../support/matrix';
import { expectRefused, expectRefusedAmong } from '../support/refusals';
import { formulaByKey } from '../../src/server/indicators/formulas';
import { CHECKLIST, runDraw } from '../../src/domain/inspections';

// 双随机、一公开 over HTTP on the demo city: 临清's ecology bureau keeps its pools, draws with a recorded
// seed that anyone re-runs on the public verification endpoint, records a check against the checklist
// (its verdict written into the compliance-check register in the same transaction, so row 39 counts
// it), and the results are published without personal data. Bad input is refused naming the field,
// with nothing written.

let t: TestApp;
let eco: Client, office: Client, health: Client, producer: Client, guanxian: Client, visitor: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM inspection_draws) AS draws, (SELECT count(*)::int FROM inspections) AS inspections, (SELECT count(*)::int FROM inspection_pools) AS pools,
    (SELECT count(*)::int FROM compliance_checks) AS checks, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}
const row39 = () => formulaByKey('compliance_check_pass_rate')!.compute(db(), { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '/' });
const items = (over: Record<string, { result: string; note?: string }> = {}) => CHECKLIST.map((c) => ({ key: c.key, ...(over[c.key] ?? { result: 'conform' }) }));

let keyPool: string, generalPool: string, officerPool: string;

beforeAll(async () => {
  t = await startTestApp();
  [eco, office, health, producer, guanxian] = await Promise.all(['eco.linqing', 'office.linqing', 'health.linqing', 'producer.demo', 'eco.guanxian'].map((u) => Client.login(t.app, u)));
  visitor = anonymous(t.app);
  const pools = (await eco.get('/api/inspections/pools?pageSize=100')).json().items as { id: string; name: string; kind: string; members: number }[];
  keyPool = pools.find((p) => p.name === '危险废物重点监管单位名录库')!.id;
  generalPool = pools.find((p) => p.name === '危险废物一般监管单位名录库')!.id;
  officerPool = pools.find((p) => p.kind === 'inspector')!.id;
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('the demo’s pools and draws', () => {
  it('has the key-supervision list, two unit pools and the officers’ pool, with members read now', async () => {
    const listed = (await eco.get('/api/inspections/risk-listings?level=key')).json();
    expect(listed.total).toBe(6);
    expect(listed.items.map((i: { organisationName: string }) => i.organisationName)).toContain('临清市金泰化工有限公司');
    const key = (await eco.get(`/api/inspections/pools/${keyPool}`)).json();
    expect(key.memberList.map((m: { name: string }) => m.name).sort()).toEqual(['临清市金泰化工有限公司', '临清市泉林纸业有限公司', '临清市烟店轴承产业园表面处理中心有限公司', '临清市绿源环保科技有限公司', '临清市医疗废物收集转运有限公司', '聊城市医疗废物集中处置中心（临清）有限公司'].sort());
    expect(key.memberList.every((m: { risk: string }) => m.risk === 'key')).toBe(true);
    const general = (await eco.get(`/api/inspections/pools/${generalPool}`)).json();
    expect(general.memberList.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['临清市恒通轴承制造有限公司', '临清市人民医院', '临清市康庄镇卫生院']));
    expect(general.memberList.map((m: { name: string }) => m.name)).not.toContain('临清市金泰化工有限公司');
    const officers = (await eco.get(`/api/inspections/pools/${officerPool}`)).json();
    expect(officers.memberList.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['李建国（生态环境分局）', '张立强', '马骏']));
  });

  it('publishes every draw, and each re-runs from its seed and lists to what was published', async () => {
    const list = (await visitor.get('/api/public/inspections/draws?pageSize=50')).json();
    expect(list.total).toBeGreaterThanOrEqual(2);
    for (const d of list.items as { id: string }[]) {
      const v = (await visitor.get(`/api/public/inspections/draws/${d.id}/verify`)).json();
      expect(v.matches, d.id).toBe(true);
      expect(v.recomputed.map((r: { organisationId: string }) => r.organisationId)).toEqual(v.published.map((r: { organisationId: string }) => r.organisationId));
    }
  });

  it('computes row 39 from the register, with the draws’ checks in it', async () => {
    const [{ n }] = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM inspections WHERE region_code LIKE '371581%' AND inspected_on >= make_date(${year}, 1, 1)`)).rows;
    const [{ k }] = (await db().execute<{ k: number }>(sql`SELECT count(*)::int AS k FROM compliance_checks WHERE region_code LIKE '371581%' AND checked_on >= make_date(${year}, 1, 1) AND findings LIKE '双随机抽查%'`)).rows;
    expect(k).toBe(n);
    const value = await row39();
    expect(value.denominator).toBeGreaterThanOrEqual(25 + n);
    expect(value.value).toBeGreaterThan(85);
    expect(value.value).toBeLessThan(100);
  });
});

describe('a draw', () => {
  it('refuses an empty pool naming the field, and writes nothing', async () => {
    const empty = await eco.post('/api/inspections/pools', { kind: 'enterprise', name: '持证经营重点单位（测试）', unitKinds: ['collector'], risk: 'general' });
    expect(empty.statusCode, empty.body).toBe(201);
    expect(empty.json().members).toBe(0);
    const before = await counts();
    expectRefused(await eco.post('/api/inspections/draws', { title: '空名录库抽取', enterprisePoolId: empty.json().id, inspectorPoolId: officerPool, enterpriseCount: 1, inspectorsPerEnterprise: 2 }), 400, 'EMPTY_POOL', 'enterprisePoolId');
    expectRefused(await eco.post('/api/inspections/draws', { title: '超额抽取', enterprisePoolId: keyPool, inspectorPoolId: officerPool, enterpriseCount: 7, inspectorsPerEnterprise: 2 }), 400, 'COUNT_ABOVE_POOL', 'enterpriseCount');
    expectRefusedAmong(await eco.post('/api/inspections/draws', { title: '一人检查', enterprisePoolId: keyPool, inspectorPoolId: officerPool, enterpriseCount: 1, inspectorsPerEnterprise: 1 }), 400, 'VALIDATION', 'inspectorsPerEnterprise');
    expectRefused(await eco.post('/api/inspections/draws', { title: '人员库当对象库', enterprisePoolId: officerPool, inspectorPoolId: officerPool, enterpriseCount: 1, inspectorsPerEnterprise: 2 }), 400, 'UNKNOWN_POOL', 'enterprisePoolId');
    expectRefused(await eco.post('/api/inspections/pools', { kind: 'inspector', name: '空人员库', includeUsers: false, officers: [] }), 400, 'EMPTY_POOL', 'officers');
    expect(await counts()).toEqual(before);
  });

  it('draws with the seed given, as anyone re-running the published lists finds; another seed draws otherwise', async () => {
    const res = await eco.post('/api/inspections/draws', { title: '专项抽查（测试）', enterprisePoolId: keyPool, inspectorPoolId: officerPool, enterpriseCount: 3, inspectorsPerEnterprise: 2, seed: 'test-seed-0001' });
    expect(res.statusCode, res.body).toBe(201);
    const draw = res.json();
    expect(draw.seed).toBe('test-seed-0001');
    expect(draw.enterpriseMembers).toHaveLength(6);
    expect(draw.result).toHaveLength(3);
    expect(draw.result.every((r: { inspectors: unknown[] }) => r.inspectors.length === 2)).toBe(true);
    const published = (await visitor.get(`/api/public/inspections/draws/${draw.id}`)).json();
    const again = runDraw({ seed: published.seed, enterprises: published.enterpriseMembers, inspectors: published.inspectorMembers, enterpriseCount: 3, inspectorsPerEnterprise: 2 });
    expect(again.map((r) => r.organisationId)).toEqual(draw.result.map((r: { organisationId: string }) => r.organisationId));
    expect((await visitor.get(`/api/public/inspections/draws/${draw.id}/verify`)).json().matches).toBe(true);
    const other = runDraw({ seed: 'test-seed-0002', enterprises: published.enterpriseMembers, inspectors: published.inspectorMembers, enterpriseCount: 3, inspectorsPerEnterprise: 2 });
    expect(other.map((r) => `${r.organisationId}${r.inspectors.map((i) => i.id)}`)).not.toEqual(again.map((r) => `${r.organisationId}${r.inspectors.map((i) => i.id)}`));
    // The officers' names are masked and their badge numbers never published.
    expect(JSON.stringify(published)).not.toContain('张立强');
    expect(JSON.stringify(published)).not.toContain('鲁环执');
    const detail = (await eco.get(`/api/inspections/draws/${draw.id}`)).json();
    expect(detail).toMatchObject({ verified: true, may: { inspect: true } });
    expect(detail.result.every((r: { inspection: unknown }) => r.inspection === null)).toBe(true);
  });

  it('draws a random seed of 128 bits when none is given', async () => {
    const res = await eco.post('/api/inspections/draws', { title: '随机种子（测试）', enterprisePoolId: generalPool, inspectorPoolId: officerPool, enterpriseCount: 2, inspectorsPerEnterprise: 3 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().seed).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('an inspection', () => {
  let draw: { id: string; drawnOn: string; result: { organisationId: string; name: string }[] };
  beforeAll(async () => {
    draw = (await eco.post('/api/inspections/draws', { title: '检查登记（测试）', enterprisePoolId: keyPool, inspectorPoolId: officerPool, enterpriseCount: 2, inspectorsPerEnterprise: 2, seed: 'record-seed-0001' })).json();
  });

  it('refuses a checklist missing an item, a failing item without a note, a unit not drawn, and writes nothing', async () => {
    const unit = draw.result[0].organisationId;
    const before = await counts();
    expectRefused(await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit, inspectedOn: today, items: items().slice(1) }), 400, 'MISSING_ITEM', 'items');
    expectRefused(await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit, inspectedOn: today, items: items({ storage: { result: 'nonconform' } }) }), 400, 'NOTE_REQUIRED', `items.${CHECKLIST.findIndex((c) => c.key === 'storage')}.note`);
    const notDrawn = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市人民医院'`)).rows[0].id;
    expectRefused(await eco.post('/api/inspections', { drawId: draw.id, organisationId: notDrawn, inspectedOn: today, items: items() }), 400, 'NOT_DRAWN', 'organisationId');
    expectRefused(await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit, inspectedOn: '2000-01-01', items: items() }), 400, 'BEFORE_DRAW', 'inspectedOn');
    expectRefusedAmong(await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit, inspectedOn: today, items: items({ storage: { result: 'bad' } }) }), 400, 'VALIDATION', `items.${CHECKLIST.findIndex((c) => c.key === 'storage')}.result`);
    expect(await counts()).toEqual(before);
  });

  it('records a failed check and its row of the compliance-check register in one go; row 39 counts it', async () => {
    const before = await row39();
    const unit = draw.result[0];
    const res = await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit.organisationId, inspectedOn: today, items: items({ manifest: { result: 'nonconform', note: '一批废活性炭转移未运行联单' } }) });
    expect(res.statusCode, res.body).toBe(201);
    const inspection = res.json();
    expect(inspection).toMatchObject({ passed: false, vetoed: ['manifest'], findings: '转移联单制度（不符合）：一批废活性炭转移未运行联单' });
    expect(inspection.inspectors).toHaveLength(2);
    const [check] = (await db().execute<{ passed: boolean; organisation_id: string; findings: string }>(sql`SELECT passed, organisation_id, findings FROM compliance_checks WHERE id = ${inspection.complianceCheckId}`)).rows;
    expect(check).toMatchObject({ passed: false, organisation_id: unit.organisationId });
    expect(check.findings).toContain('一批废活性炭转移未运行联单');
    const registered = (await eco.get(`/api/registers/checks?organisationId=${unit.organisationId}&passed=false&pageSize=100`)).json();
    expect(registered.items.map((k: { id: string }) => k.id)).toContain(inspection.complianceCheckId);
    const after = await row39();
    expect(after.denominator).toBe(before.denominator! + 1);
    expect(after.numerator).toBe(before.numerator);
    expectRefused(await eco.post('/api/inspections', { drawId: draw.id, organisationId: unit.organisationId, inspectedOn: today, items: items() }), 409, 'ALREADY_INSPECTED', 'organisationId');
    const detail = (await eco.get(`/api/inspections/${inspection.id}`)).json();
    expect(detail).toMatchObject({ passed: false, may: { openCase: true }, cases: [] });
  });

  it('publishes the result per unit, without the officers’ names', async () => {
    const unit = draw.result[0];
    const published = (await visitor.get(`/api/public/inspections/results?q=${encodeURIComponent(unit.name)}&pageSize=50`)).json();
    const mine = published.items.find((r: { drawId: string }) => r.drawId === draw.id);
    expect(mine).toMatchObject({ organisationName: unit.name, inspectedOn: today, passed: false, findings: '转移联单制度（不符合）：一批废活性炭转移未运行联单' });
    expect(JSON.stringify(published)).not.toMatch(/张立强|刘海燕|赵明|孙国华|陈静|马骏|李建国/);
  });

  it('shows a company its own checks only, the office the area’s, and refuses other departments and the bureau of another county', async () => {
    const own = (await producer.get('/api/inspections?pageSize=100')).json();
    const hengtong = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市恒通轴承制造有限公司'`)).rows[0].id;
    expect(own.items.every((i: { organisationId: string }) => i.organisationId === hengtong)).toBe(true);
    expect((await office.get('/api/inspections?pageSize=1')).json().total).toBeGreaterThan(own.total);
    expect((await health.get('/api/inspections')).statusCode).toBe(403);
    expect((await guanxian.get('/api/inspections')).json().total).toBe(0);
    expect((await guanxian.get(`/api/inspections/draws/${draw.id}`)).statusCode).toBe(404);
    expect((await office.post('/api/inspections/draws', { title: '无废办抽取', enterprisePoolId: keyPool, inspectorPoolId: officerPool, enterpriseCount: 1, inspectorsPerEnterprise: 2 })).statusCode).toBe(403);
  });
});
