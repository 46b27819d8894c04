import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { freshCreditCode, freshUsername } from '../support/factories';
import { regions } from '../../src/server/platform/regions/schema';
import { registerFormulas } from '../../src/server/registers/formulas';
import { constructionAttributeFormulas } from '../../src/server/construction/formulas';
import { formulaByKey } from '../../src/server/indicators/formulas';
import type { Formula, FormulaQuery } from '../../src/server/indicators/formula';

// The registers' formulas on a small city built for this file, away from the demo: 滨州市 (371600)
// with two counties, 滨城区 (371602) and 沾化区 (371603). Its companies, licences, credentials,
// parks, cells, checks and new-build projects are recorded over the API as the platform
// administrator and a construction company would; each formula's value is then known by hand, and
// the city's is the sum of its counties' numerators and denominators.

let t: TestApp;
let admin: Client;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * DAY).toISOString().slice(0, 10);
const today = day(0);
const Y = Number(today.slice(0, 4));
const CITY = '371600', BINCHENG = '371602', ZHANHUA = '371603';
const all = [...registerFormulas, ...constructionAttributeFormulas];
const formula = (key: string) => all.find((f) => f.key === key)!;
const query = (regionCode: string, over: Partial<FormulaQuery> = {}): FormulaQuery => ({ regionCode, year: Y, unit: '%', baselineYear: Y - 1, baselineValue: null, baselineText: '/', ...over });
const value = async (key: string, regionCode: string, over: Partial<FormulaQuery> = {}) => formula(key).compute(t.database.db, query(regionCode, over));

function ok<T = { id: string }>(res: { statusCode: number; body: string; json: () => unknown }, what: string): T {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

const org: Record<string, string> = {};
async function company(key: string, name: string, regionCode: string, capabilities: string[], industry: string) {
  org[key] = ok(await admin.post('/api/organisations', { kind: 'enterprise', name, creditCode: freshCreditCode(regionCode.slice(0, 6)), regionCode, capabilities, industry,
    address: '测试路1号', contactName: '联系人', contactPhone: '0543-1234567' }), `company ${name}`).id;
}
const credential = async (body: Record<string, unknown>) => ok(await admin.post('/api/registers/credentials', body), `credential ${JSON.stringify(body)}`);

beforeAll(async () => {
  t = await startTestApp();
  await t.database.db.insert(regions).values([
    { code: CITY, name: '滨州市', level: 'city', parentCode: '370000' },
    { code: BINCHENG, name: '滨城区', level: 'county', parentCode: CITY },
    { code: ZHANHUA, name: '沾化区', level: 'county', parentCode: CITY },
    { code: '371602001', name: '市中街道', level: 'town', parentCode: BINCHENG },
  ]).onConflictDoNothing(); // present already where the platform loaded the full division list
  admin = await Client.login(t.app, 'admin');
  // 滨城区: two industrial companies, a hospital and a garage (social sources), a licensed operator, a builder. 沾化区: a textile mill and a licensed operator.
  await company('bearing', '滨城测试轴承有限公司', '371602001', ['producer'], '轴承制造');
  await company('chem', '滨城测试化工有限公司', BINCHENG, ['producer'], '化工');
  await company('hospital', '滨城测试医院', BINCHENG, ['producer'], '医疗卫生');
  await company('garage', '滨城测试汽车修理厂', BINCHENG, ['producer'], '汽车维修');
  await company('operator', '滨城测试环保处置有限公司', BINCHENG, ['receiver'], '危险废物治理');
  await company('builder', '滨城测试建设有限公司', BINCHENG, ['construction_site'], '房屋建筑');
  await company('textile', '沾化测试纺织有限公司', ZHANHUA, ['producer'], '纺织');
  await company('operator2', '沾化测试再生资源有限公司', ZHANHUA, ['receiver'], '危险废物治理');
  for (const key of ['operator', 'operator2']) {
    ok(await admin.post(`/api/organisations/${org[key]}/licences`, { number: `鲁危证测试${key}`, validFrom: `${Y - 1}-01-01`, validTo: `${Y + 3}-12-31`, wasteCodes: ['900-249-08'], annualCapacityT: 500 }), 'licence');
  }

  // 清洁生产审核: the bearing works holds one; the chemical plant's was withdrawn today; the mill's ran out yesterday; the hospital's is not an industrial one.
  await credential({ organisationId: org.bearing, kind: 'clean_production_audit', reference: 'A-1', issuedOn: day(-700) });
  const chem = await credential({ organisationId: org.chem, kind: 'clean_production_audit', reference: 'A-2', issuedOn: day(-400) });
  ok(await admin.post(`/api/registers/credentials/${chem.id}/end`, { endedOn: today, reason: '评估结论被撤销' }), 'end');
  await credential({ organisationId: org.textile, kind: 'clean_production_audit', reference: 'A-3', issuedOn: day(-1000), validUntil: day(-1) });
  await credential({ organisationId: org.hospital, kind: 'clean_production_audit', reference: 'A-4', issuedOn: day(-100) });
  // 绿色工厂: the bearing works provincial today; the chemical plant national years ago; the mill municipal, ended today.
  await credential({ organisationId: org.bearing, kind: 'green_factory', level: 'provincial', reference: 'G-1', issuedOn: today });
  await credential({ organisationId: org.chem, kind: 'green_factory', level: 'national', reference: 'G-2', issuedOn: `${Y - 3}-09-01` });
  const mill = await credential({ organisationId: org.textile, kind: 'green_factory', level: 'municipal', reference: 'G-3', issuedOn: `${Y - 3}-09-01` });
  ok(await admin.post(`/api/registers/credentials/${mill.id}/end`, { endedOn: today, reason: '复核未通过' }), 'end');
  // 无废工厂: the bearing works.
  await credential({ organisationId: org.bearing, kind: 'zero_waste_factory', reference: 'Z-1', issuedOn: day(-10) });
  // 环境污染责任保险: 滨城's operator insured; 沾化's policy ran out yesterday; the garage insured but holds no licence.
  await credential({ organisationId: org.operator, kind: 'pollution_insurance', reference: 'P-1', issuedOn: day(-30), validUntil: day(330) });
  await credential({ organisationId: org.operator2, kind: 'pollution_insurance', reference: 'P-2', issuedOn: day(-400), validUntil: day(-1) });
  await credential({ organisationId: org.garage, kind: 'pollution_insurance', reference: 'P-3', issuedOn: day(-30), validUntil: day(330) });

  // Parks: 滨城 one done last year, one started today, one not started; 沾化 an eco-industrial park not under retrofit.
  ok(await admin.post('/api/registers/parks', { name: '滨城测试园区一', level: 'provincial', regionCode: BINCHENG, circularStatus: 'done', circularDoneOn: `${Y - 1}-06-30` }), 'park');
  ok(await admin.post('/api/registers/parks', { name: '滨城测试园区二', level: 'county', regionCode: BINCHENG, circularStatus: 'in_progress', circularStartedOn: today }), 'park');
  ok(await admin.post('/api/registers/parks', { name: '滨城测试园区三', level: 'county', regionCode: BINCHENG }), 'park');
  ok(await admin.post('/api/registers/parks', { name: '沾化测试园区', level: 'municipal', regionCode: ZHANHUA, ecoPark: true }), 'park');

  // Cells: 滨城 three named (one named last year, one withdrawn today), 沾化 one.
  ok(await admin.post('/api/registers/cells', { name: '滨城测试小学', kind: 'school', regionCode: BINCHENG, namedOn: `${Y - 1}-05-01` }), 'cell');
  ok(await admin.post('/api/registers/cells', { name: '滨城测试社区', kind: 'community', regionCode: '371602001', namedOn: today }), 'cell');
  const ended = ok(await admin.post('/api/registers/cells', { name: '滨城测试饭店', kind: 'restaurant', regionCode: BINCHENG, namedOn: `${Y - 1}-05-01` }), 'cell');
  ok(await admin.post(`/api/registers/cells/${ended.id}/end`, { endedOn: today, reason: '撤销命名' }), 'end cell');
  ok(await admin.post('/api/registers/cells', { name: '沾化测试村', kind: 'village', regionCode: ZHANHUA, namedOn: today }), 'cell');

  // Checks this year: 滨城 the bearing works passed twice, the chemical plant failed; 沾化 the mill passed. Last year the mill failed.
  for (const [key, passed, on] of [['bearing', true, today], ['bearing', true, today], ['chem', false, today], ['textile', true, today], ['textile', false, `${Y - 1}-11-15`]] as const) {
    ok(await admin.post('/api/registers/checks', { organisationId: org[key], checkedOn: on, passed, score: passed ? 90 : 50, ...(passed ? {} : { findings: '贮存间未防渗' }) }), 'check');
  }

  // New-build projects of 滨城's builder: 10,000 m² green (2 stars) and prefabricated, 6,000 not green and prefabrication not said,
  // 4,000 saying nothing; a renovation and last year's project are not this year's new build.
  const username = freshUsername('builder');
  ok(await admin.post('/api/users', { username, displayName: '项目经理', password: 'a-long-password-1', role: 'enterprise_admin', organisationId: org.builder }), 'builder user');
  const builder = await Client.login(t.app, username, 'a-long-password-1');
  for (const p of [
    { name: '滨城测试住宅一期', kind: 'new', floorAreaM2: 10_000, startDate: today, greenBuilding: true, greenStar: 2, prefabricated: true },
    { name: '滨城测试厂房', kind: 'new', floorAreaM2: 6_000, startDate: today, greenBuilding: false },
    { name: '滨城测试商业楼', kind: 'new', floorAreaM2: 4_000, startDate: today },
    { name: '滨城测试改造', kind: 'renovation', floorAreaM2: 3_000, startDate: today, greenBuilding: true, prefabricated: true },
    { name: '滨城测试住宅（去年）', kind: 'new', floorAreaM2: 5_000, startDate: `${Y - 1}-10-01`, greenBuilding: true, prefabricated: true },
  ]) ok(await builder.post('/api/construction/projects', p), `project ${p.name}`);
}, 120_000);
afterAll(async () => { await t?.close(); });

/** Numerator, denominator and value of a formula for the three areas. */
async function areas(key: string, over: Partial<FormulaQuery> = {}) {
  const pick = async (region: string) => { const c = await value(key, region, over); return [c.numerator, c.denominator, c.value]; };
  return { bincheng: await pick(BINCHENG), zhanhua: await pick(ZHANHUA), city: await pick(CITY) };
}

describe('the registers’ formulas on a constructed city (滨州市 = 滨城区 + 沾化区)', () => {
  it('通过清洁生产审核评估工业企业占比: industrial companies with an audit in force, the withdrawn and the run-out ones not counted, the hospital not industrial', async () => {
    expect(await areas('clean_production_audit_share')).toEqual({ bincheng: [1, 2, 50], zhanhua: [0, 1, 0], city: [1, 3, 33.333] });
  });

  it('reads last year on its last day: the run-out and withdrawn audits counted then', async () => {
    expect((await areas('clean_production_audit_share', { year: Y - 1 })).city).toEqual([3, 3, 100]);
  });

  it('开展绿色工厂建设的企业占比: any level in force; the ended one not', async () => {
    expect(await areas('green_factory_share')).toEqual({ bincheng: [2, 2, 100], zhanhua: [0, 1, 0], city: [2, 3, 66.667] });
  });

  it('新增省级以上绿色工厂: provincial or national, named after the base year', async () => {
    expect(await areas('green_factories_new_provincial')).toEqual({ bincheng: [1, null, 1], zhanhua: [0, null, 0], city: [1, null, 1] });
    expect((await value('green_factories_new_provincial', CITY, { baselineYear: Y - 5 })).value).toBe(2);
  });

  it('省级及以上绿色工厂企业数量 and 无废工厂 count companies once each', async () => {
    expect(await areas('green_factories_provincial')).toEqual({ bincheng: [2, null, 2], zhanhua: [0, null, 0], city: [2, null, 2] });
    expect(await areas('zero_waste_factories')).toEqual({ bincheng: [1, null, 1], zhanhua: [0, null, 0], city: [1, null, 1] });
  });

  it('循环化改造 shares: started or done by the day; the eco-industrial park counts only where the indicator names it', async () => {
    expect(await areas('circular_parks_share')).toEqual({ bincheng: [2, 3, 66.667], zhanhua: [0, 1, 0], city: [2, 4, 50] });
    expect(await areas('eco_or_circular_parks_share')).toEqual({ bincheng: [2, 3, 66.667], zhanhua: [1, 1, 100], city: [3, 4, 75] });
    // Last year the park started today had not started.
    expect((await areas('circular_parks_share', { year: Y - 1 })).city).toEqual([1, 4, 25]);
  });

  it('无废城市细胞: named by the day and not ended by then', async () => {
    expect(await areas('zero_waste_cells')).toEqual({ bincheng: [2, null, 2], zhanhua: [1, null, 1], city: [3, null, 3] });
    expect((await areas('zero_waste_cells', { year: Y - 1 })).bincheng).toEqual([2, null, 2]);
  });

  it('环境污染责任保险覆盖率: licensed operators with a policy in its term; the unlicensed garage is not counted', async () => {
    expect(await areas('pollution_insurance_coverage')).toEqual({ bincheng: [1, 1, 100], zhanhua: [0, 1, 0], city: [1, 2, 50] });
  });

  it('规范化管理抽查合格率: this year’s checks passed over checks', async () => {
    expect(await areas('compliance_check_pass_rate')).toEqual({ bincheng: [2, 3, 66.667], zhanhua: [1, 1, 100], city: [3, 4, 75] });
    expect((await areas('compliance_check_pass_rate', { year: Y - 1 })).city).toEqual([0, 1, 0]);
    const none = await value('compliance_check_pass_rate', CITY, { year: Y - 2 });
    expect(none).toMatchObject({ value: null, missing: { zh: expect.stringContaining('尚无抽查记录') } });
  });

  it('绿色建筑、装配式建筑占新建建筑的比例: by floor area of this year’s new builds, the unstated counted in the denominator only', async () => {
    const green = await value('green_building_share', CITY);
    expect(green).toMatchObject({ numerator: 10_000, denominator: 20_000, value: 50 });
    expect(green.inputs).toEqual([{ key: 'attributed', value: 10_000 }, { key: 'total', value: 20_000 }, { key: 'notStated', value: 4_000 }]);
    const prefab = await value('prefabricated_share', BINCHENG);
    expect(prefab).toMatchObject({ numerator: 10_000, denominator: 20_000, value: 50 });
    expect(prefab.inputs?.find((i) => i.key === 'notStated')?.value).toBe(10_000);
    expect((await value('green_building_share', ZHANHUA)).value).toBeNull();
    expect((await value('green_building_share', CITY, { year: Y - 1 })).value).toBe(100);
  });
});

describe('the records behind a value', () => {
  const records = (f: Formula, regionCode: string, offset = 0, limit = 50) => f.records!(t.database.db, query(regionCode), { offset, limit });

  it('lists the industrial companies with whether each is counted, counted first, paged', async () => {
    const page = await records(formula('clean_production_audit_share'), CITY);
    expect(page.total).toBe(3);
    expect(page.items[0].cells).toMatchObject({ organisation: '滨城测试轴承有限公司', counted: '✓' });
    expect(page.items.slice(1).map((i) => [i.cells.organisation, i.cells.counted]).sort()).toEqual([['沾化测试纺织有限公司', '✗'], ['滨城测试化工有限公司', '✗']].sort());
    expect(page.items[0]).toMatchObject({ href: `/organisations/${org.bearing}`, cells: { reference: 'A-1' } });
    const second = await records(formula('clean_production_audit_share'), CITY, 1, 1);
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).toBe(page.items[1].id);
  });

  it('lists what each count and share counted, each linked to its page in the console', async () => {
    const cells = async (key: string, region = CITY) => (await records(formula(key), region)).items.map((i) => i.cells);
    expect((await cells('green_factories_provincial')).map((c) => c.reference).sort()).toEqual(['G-1', 'G-2']);
    expect((await cells('zero_waste_cells')).map((c) => c.cell).sort()).toEqual(['沾化测试村', '滨城测试小学', '滨城测试社区'].sort());
    expect((await cells('pollution_insurance_coverage')).map((c) => [c.organisation, c.counted])).toEqual([['滨城测试环保处置有限公司', '✓'], ['沾化测试再生资源有限公司', '✗']]);
    expect((await cells('compliance_check_pass_rate')).filter((c) => c.passed === '✗').map((c) => c.findings)).toEqual(['贮存间未防渗']);
    const parks = await records(formula('eco_or_circular_parks_share'), CITY);
    expect(parks.items.filter((i) => i.cells.counted === '✓').map((i) => i.cells.park).sort()).toEqual(['沾化测试园区', '滨城测试园区一', '滨城测试园区二'].sort());
    expect(parks.items[0].href).toMatch(/^\/registers\?tab=parks&park=/);
    const projects = await records(formula('green_building_share'), CITY);
    expect(projects.total).toBe(3);
    expect(projects.items.map((i) => [i.cells.project, i.cells.attribute, i.cells.star]).sort()).toEqual([['滨城测试住宅一期', '✓', 2], ['滨城测试厂房', '✗', null], ['滨城测试商业楼', '未填写', null]].sort());
    expect(projects.items[0].href).toMatch(/^\/construction\?project=/);
  });

  it('are the formulas the indicator registry gives by key', () => {
    for (const f of all) expect(formulaByKey(f.key)).toBe(f);
  });

  it('keeps the demo’s rows out of the constructed city', async () => {
    const rows = (await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM organisation_credentials WHERE region_code LIKE '3716%'`)).rows[0].n;
    expect(rows).toBe(11);
  });
});
