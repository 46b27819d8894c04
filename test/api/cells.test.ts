import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { CELL_KINDS } from '../../src/domain/cells';
import { expectRefusedAmong } from '../support/refusals';

// 无废商场 over HTTP against the demo (seed 004 三(六)): 临清's commerce bureau checks 银座 on site and
// names it (never before a check, never by another department or county), 佳乐家 (mall.demo) sends its
// returned application again, a company that is no mall cannot apply, and the counts of named malls
// per county and year stand against the targets (2 by 2023, 3 by 2024; 30 in 聊城 by 2025).
let t: TestApp;
let bureau: Client, guanxian: Client, city: Client, eco: Client, office: Client, yinzuoMall: Client, jialejia: Client, producer: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const checklist = CELL_KINDS[0].checklist;
const items = (text = '已设置并运行') => checklist.map((c) => ({ key: c.key, description: `${c.zh}${text}`, evidence: [{ name: `${c.key}.jpg` }] }));
const findings = (pass = true) => checklist.map((c) => ({ key: c.key, pass, note: pass ? '符合' : '不符合' }));

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT (SELECT count(*)::int FROM cell_applications) AS cells, (SELECT count(*)::int FROM cell_application_steps) AS steps,
    (SELECT count(*)::int FROM zero_waste_cells) AS register, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

let yinzuo = '', jialejiaId = '';
beforeAll(async () => {
  t = await startTestApp();
  [bureau, guanxian, city, eco, office, yinzuoMall, jialejia, producer] = await Promise.all(['commerce.linqing', 'commerce.guanxian', 'commerce.liaocheng', 'eco.linqing', 'office.linqing', 'mall.yinzuo', 'mall.demo', 'producer.demo'].map((u) => Client.login(t.app, u)));
  const list = (await bureau.get('/api/cells?kind=mall&pageSize=100')).json();
  yinzuo = list.items.find((c: { organisationName: string }) => c.organisationName === '临清银座购物广场').id;
  jialejiaId = list.items.find((c: { organisationName: string }) => c.organisationName === '临清佳乐家超市运河店').id;
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('the bureau reviews a mall', () => {
  it('lists 临清’s three applicants of the demo in their states', async () => {
    const list = (await bureau.get('/api/cells?kind=mall&pageSize=100')).json();
    const state = (name: string) => list.items.find((c: { organisationName: string }) => c.organisationName === name)?.state;
    expect([state('临清银座购物广场'), state('临清华联商厦'), state('临清佳乐家超市运河店')]).toEqual(['submitted', 'approved', 'returned']);
    expect(list.items.every((c: { regionCode: string }) => c.regionCode.startsWith('371581'))).toBe(true);
    expect((await bureau.get('/api/cells?state=submitted')).json().items.map((c: { id: string }) => c.id)).toEqual([yinzuo]);
  });

  it('refuses to name a mall not checked on site', async () => {
    const before = await counts();
    expectRefusedAmong(await bureau.post(`/api/cells/${yinzuo}/approval`, { decisionNo: '临商投字〔2026〕99号', decidedOn: today }), 409, 'NO_CHECK', 'id');
    expect(await counts()).toEqual(before);
  });

  it('refuses a department that does not name malls (403) and a bureau of another county (404)', async () => {
    const before = await counts();
    expect((await eco.post(`/api/cells/${yinzuo}/checks`, { checkedOn: today, inspectors: ['李建国'], findings: findings() })).statusCode).toBe(403);
    expect((await office.post(`/api/cells/${yinzuo}/return`, { reasons: '无废办退回' })).statusCode).toBe(403);
    expect((await guanxian.post(`/api/cells/${yinzuo}/checks`, { checkedOn: today, inspectors: ['宋丽'], findings: findings() })).statusCode).toBe(404);
    expect((await guanxian.get(`/api/cells/${yinzuo}`)).statusCode).toBe(404);
    expect((await yinzuoMall.post(`/api/cells/${yinzuo}/approval`, { decisionNo: '自己命名', decidedOn: today })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses a check that misses an item or lies ahead', async () => {
    expectRefusedAmong(await bureau.post(`/api/cells/${yinzuo}/checks`, { checkedOn: today, inspectors: ['周文'], findings: findings().slice(1) }), 400, 'MISSING_ITEM', 'findings');
    expectRefusedAmong(await bureau.post(`/api/cells/${yinzuo}/checks`, { checkedOn: '2099-01-01', inspectors: ['周文'], findings: findings() }), 400, 'FUTURE_DATE', 'checkedOn');
    expectRefusedAmong(await bureau.post(`/api/cells/${yinzuo}/checks`, { checkedOn: today, inspectors: [], findings: findings() }), 400, 'VALIDATION', 'inspectors');
  });

  it('checks on site, names it, and the mall enters the register of zero-waste cells', async () => {
    const check = await bureau.post(`/api/cells/${yinzuo}/checks`, { checkedOn: today, inspectors: ['周文', '刘洋'], findings: findings() });
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json().state).toBe('checked');
    const named = await bureau.post(`/api/cells/${yinzuo}/approval`, { decisionNo: '临商投字〔2026〕21号', decidedOn: today });
    expect(named.statusCode, named.body).toBe(201);
    const detail = (await bureau.get(`/api/cells/${yinzuo}`)).json();
    expect(detail.state).toBe('approved');
    expect(detail.history.map((h: { step: string }) => h.step)).toEqual(['submit', 'check', 'approve']);
    expect(detail.may).toEqual({ resubmit: false, accept: false, check: false, notice: false, approve: false, return: false, refuse: false, revoke: true, answer: false });
    const [register] = (await db().execute<{ kind: string; named_on: string }>(sql`SELECT kind, named_on::text FROM zero_waste_cells WHERE name = '临清银座购物广场'`)).rows;
    expect(register).toEqual({ kind: 'mall', named_on: today });
    expectRefusedAmong(await bureau.post(`/api/cells/${yinzuo}/return`, { reasons: '命名后不能退回' }), 409, 'WRONG_STATE', 'id');
  });

  it('does not name a mall whose check failed an item', async () => {
    const res = await bureau.post(`/api/cells/${jialejiaId}/approval`, { decisionNo: '临商投字〔2026〕22号', decidedOn: today });
    expectRefusedAmong(res, 409, 'WRONG_STATE', 'id');
  });
});

describe('a mall applies', () => {
  it('sees its returned application with the reasons and sends it again', async () => {
    const detail = (await jialejia.get(`/api/cells/${jialejiaId}`)).json();
    expect(detail.state).toBe('returned');
    expect(detail.history.at(-1).data.reasons).toMatch(/节能产品/);
    expect(detail.may.resubmit).toBe(true);
    const again = await jialejia.post('/api/cells/applications', { kind: 'mall', criteria: items('已整改') });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: jialejiaId, state: 'submitted' });
    expectRefusedAmong(await jialejia.post('/api/cells/applications', { kind: 'mall', criteria: items() }), 409, 'ALREADY_APPLIED', null);
  });

  it('sees only its own applications', async () => {
    const own = (await jialejia.get('/api/cells?pageSize=100')).json();
    expect(own.items.map((c: { id: string }) => c.id)).toEqual([jialejiaId]);
    expect((await jialejia.get(`/api/cells/${yinzuo}`)).statusCode).toBe(404);
  });

  it('refuses a checklist with a missing or unknown item, and a company that is no mall', async () => {
    expectRefusedAmong(await jialejia.post('/api/cells/applications', { kind: 'mall', criteria: items().slice(1) }), 400, 'MISSING_ITEM', 'criteria');
    expectRefusedAmong(await jialejia.post('/api/cells/applications', { kind: 'mall', criteria: [...items(), { key: 'parking', description: '停车场', evidence: [] }] }), 400, 'UNKNOWN_ITEM', 'criteria.4.key');
    expectRefusedAmong(await jialejia.post('/api/cells/applications', { kind: 'spaceport', criteria: items() }), 400, 'VALIDATION', 'kind');
    expect((await producer.post('/api/cells/applications', { kind: 'mall', criteria: items() })).statusCode).toBe(403);
    expect((await bureau.post('/api/cells/applications', { kind: 'mall', criteria: items() })).statusCode).toBe(403);
  });
});

describe('the counts against the targets', () => {
  it('聊城 named 28 malls by the end of 2025 against 30; each county 2 by 2023 and 3 by 2024', async () => {
    const body = (await city.get('/api/cells/targets?kind=mall')).json();
    const y2025 = body.city.years.find((y: { year: number }) => y.year === 2025);
    expect(y2025).toEqual({ year: 2025, named: 5, cumulative: 28, target: 30 });
    expect(body.rows).toHaveLength(8);
    const guan = body.rows.find((r: { regionCode: string }) => r.regionCode === '371525');
    expect(guan.years.slice(0, 2)).toEqual([{ year: 2023, named: 2, cumulative: 2, target: 2 }, { year: 2024, named: 1, cumulative: 3, target: 3 }]);
    const shen = body.rows.find((r: { regionCode: string }) => r.regionCode === '371522');
    expect(shen.years[1]).toMatchObject({ cumulative: 2, target: 3 });
  });

  it('a county bureau gets its own county’s row; a mall and other departments are refused', async () => {
    const own = (await guanxian.get('/api/cells/targets')).json();
    expect(own.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371525']);
    expect((await jialejia.get('/api/cells/targets')).statusCode).toBe(403);
    expect((await eco.get('/api/cells/targets')).statusCode).toBe(403);
    // ecology reads the kinds it names (factories, parks), none of the malls.
    const ecoList = (await eco.get('/api/cells?pageSize=100')).json();
    expect(ecoList.items.length).toBeGreaterThan(0);
    expect(ecoList.items.every((c: { kind: string }) => c.kind === 'factory' || c.kind === 'park')).toBe(true);
  });

  it('the bureau’s list filters by year named and pages on the server', async () => {
    const named2023 = (await city.get('/api/cells?year=2023&pageSize=5')).json();
    expect(named2023.total).toBe(15);
    expect(named2023.items).toHaveLength(5);
    expect(named2023.items.every((c: { namedOn: string }) => c.namedOn.startsWith('2023'))).toBe(true);
  });
});
