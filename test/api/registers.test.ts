import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';

// The registers (名录): companies' credentials, industrial parks, zero-waste cells and compliance
// checks, as the departments of 临清 record them and as each caller may read them.

let t: TestApp;
let eco: Client, office: Client, health: Client, guanxian: Client, tianqiao: Client, producer: Client, power: Client, admin: Client, driver: Client;
const db = () => t.database.db;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * DAY).toISOString().slice(0, 10);
const today = day(0);
const year = Number(today.slice(0, 4));
const count = async (table: string) => (await db().execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n;
const orgId = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;

/** A refusal names its code and the field, in Chinese and English. */
function refused(res: LightMyRequestResponse, status: number, code: string, path?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message.zh.length).toBeGreaterThan(1);
  expect(body.message.en.length).toBeGreaterThan(1);
  if (path) expect([body.path, ...body.issues.map((i: { path: string }) => i.path)]).toContain(path);
}

let hengtong: string, jinding: string, guanhua: string, anyun: string, hospital: string;

beforeAll(async () => {
  t = await startTestApp();
  [eco, office, health, guanxian, tianqiao, producer, power, admin, driver] = await Promise.all(
    ['eco.linqing', 'office.linqing', 'health.linqing', 'eco.guanxian', 'office.tianqiao', 'producer.demo', 'power.demo', 'admin', 'driver.demo'].map((u) => Client.login(t.app, u)));
  [hengtong, jinding, guanhua, anyun, hospital] = await Promise.all(['临清市恒通轴承制造有限公司', '临清市金鼎铸造有限公司', '冠县冠华板材有限公司', '聊城市安运危险货物运输有限公司', '临清市人民医院'].map(orgId));
});
afterAll(async () => { await t?.close(); });

describe('credentials of companies (企业资质与认证)', () => {
  const audit = () => ({ organisationId: jinding, kind: 'clean_production_audit', reference: `聊环清审〔${year}〕88号`, issuedOn: today, evidence: [{ name: '评估意见.pdf' }] });
  let recorded: { id: string };

  it('the ecology bureau records 金鼎铸造’s audit; it is in force, audited, and listed with the company’s name', async () => {
    const res = await eco.post('/api/registers/credentials', audit());
    expect(res.statusCode, res.body).toBe(201);
    recorded = res.json();
    expect(recorded).toMatchObject({ kind: 'clean_production_audit', level: null, issuedOn: today, validUntil: null, status: 'in_force', endedOn: null });
    const list = (await eco.get(`/api/registers/credentials?organisationId=${jinding}`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(recorded.id);
    expect(list.items.find((c: { id: string }) => c.id === recorded.id)).toMatchObject({ organisationName: '临清市金鼎铸造有限公司', regionName: '戴湾镇', actions: { end: true } });
    const auditRows = (await office.get(`/api/audit?entityType=organisation_credential&entityId=${recorded.id}`)).json();
    expect(auditRows.items.map((a: { action: string }) => a.action)).toEqual(['registers.credential_record']);
  });

  it('refuses what a credential cannot be, naming the field, and writes nothing', async () => {
    const before = await count('organisation_credentials');
    const auditsBefore = await count('audit_log');
    refused(await eco.post('/api/registers/credentials', { ...audit(), level: 'provincial' }), 400, 'LEVEL_NOT_ALLOWED', 'level');
    refused(await eco.post('/api/registers/credentials', { ...audit(), kind: 'green_factory' }), 400, 'LEVEL_REQUIRED', 'level');
    refused(await eco.post('/api/registers/credentials', { ...audit(), kind: 'pollution_insurance' }), 400, 'VALID_UNTIL_REQUIRED', 'validUntil');
    refused(await eco.post('/api/registers/credentials', { ...audit(), issuedOn: day(3) }), 400, 'FUTURE_DATE', 'issuedOn');
    refused(await eco.post('/api/registers/credentials', { ...audit(), validUntil: day(-10) }), 400, 'BAD_DATES', 'validUntil');
    refused(await eco.post('/api/registers/credentials', { ...audit(), issuedOn: '2025-02-30' }), 400, 'VALIDATION', 'issuedOn');
    refused(await eco.post('/api/registers/credentials', { ...audit(), kind: 'iso14001' }), 400, 'VALIDATION', 'kind');
    refused(await eco.post('/api/registers/credentials', { ...audit(), reference: '' }), 400, 'VALIDATION', 'reference');
    // Another county's company, or one that is not a company, is not the bureau's to name.
    refused(await eco.post('/api/registers/credentials', { ...audit(), organisationId: guanhua }), 400, 'UNKNOWN_ORGANISATION', 'organisationId');
    refused(await guanxian.post('/api/registers/credentials', audit()), 400, 'UNKNOWN_ORGANISATION', 'organisationId');
    // The same certificate twice.
    refused(await eco.post('/api/registers/credentials', audit()), 409, 'DUPLICATE_CREDENTIAL', 'reference');
    // A company does not record its own; a department that does not keep the register does not either.
    refused(await producer.post('/api/registers/credentials', { ...audit(), organisationId: hengtong }), 403, 'FORBIDDEN');
    refused(await health.post('/api/registers/credentials', audit()), 403, 'FORBIDDEN');
    expect(await count('organisation_credentials')).toBe(before);
    expect(await count('audit_log')).toBe(auditsBefore);
  });

  it('records green factories (the office for the industry bureau) and insurance with its term', async () => {
    const green = await office.post('/api/registers/credentials', { organisationId: jinding, kind: 'green_factory', level: 'municipal', reference: `聊工信字〔${year}〕9号`, issuedOn: today });
    expect(green.statusCode, green.body).toBe(201);
    const insured = await eco.post('/api/registers/credentials', { organisationId: jinding, kind: 'pollution_insurance', reference: 'PEAL-TEST-1', issuedOn: day(-400), validUntil: day(-36) });
    expect(insured.statusCode, insured.body).toBe(201);
    expect(insured.json().status).toBe('expired');
    const expired = (await eco.get(`/api/registers/credentials?organisationId=${jinding}&status=expired`)).json();
    expect(expired.items.map((c: { reference: string }) => c.reference)).toEqual(['PEAL-TEST-1']);
  });

  it('is read by every department of the area and by the company itself, by no other county or company', async () => {
    const ids = async (client: Client) => (await client.get('/api/registers/credentials?pageSize=100')).json().items.map((c: { id: string }) => c.id);
    expect(await ids(health)).toContain(recorded.id);
    expect(await ids(office)).toContain(recorded.id);
    expect(await ids(guanxian)).not.toContain(recorded.id);
    expect(await ids(tianqiao)).not.toContain(recorded.id);
    expect(await ids(power)).not.toContain(recorded.id);
    // 恒通 reads its own: an audit and a green factory of the demo, and nothing of another company.
    const own = (await producer.get('/api/registers/credentials?pageSize=100')).json().items as { organisationId: string; kind: string }[];
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((c) => c.organisationId))).toEqual(new Set([hengtong]));
    expect(own.map((c) => c.kind).sort()).toEqual(['clean_production_audit', 'green_factory']);
    // Naming another company's id shows nothing; a driver or an anonymous caller reads none.
    expect((await producer.get(`/api/registers/credentials?organisationId=${jinding}`)).json().total).toBe(0);
    expect((await driver.get('/api/registers/credentials')).statusCode).toBe(403);
    expect((await new Client(t.app).get('/api/registers/credentials')).statusCode).toBe(401);
  });

  it('ends a credential from a day with the reason; it then counts as ended, once', async () => {
    refused(await eco.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: day(-1), reason: '录入错误' }), 400, 'BAD_DATES', 'endedOn');
    refused(await eco.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: day(2), reason: '录入错误' }), 400, 'FUTURE_DATE', 'endedOn');
    refused(await eco.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: today, reason: '' }), 400, 'VALIDATION', 'reason');
    expect((await guanxian.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: today, reason: '撤销' })).statusCode).toBe(404);
    expect((await producer.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: today, reason: '撤销' })).statusCode).toBe(404);
    const res = await eco.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: today, reason: '评估结论被撤销' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ endedOn: today, endReason: '评估结论被撤销', status: 'ended' });
    refused(await eco.post(`/api/registers/credentials/${recorded.id}/end`, { endedOn: today, reason: '再次终止' }), 409, 'ALREADY_ENDED');
    const ended = (await eco.get(`/api/registers/credentials?organisationId=${jinding}&status=ended`)).json();
    expect(ended.items).toEqual([expect.objectContaining({ id: recorded.id, actions: { end: false } })]);
  });

  it('pages on the server', async () => {
    const first = (await eco.get('/api/registers/credentials?pageSize=5')).json();
    const second = (await eco.get('/api/registers/credentials?pageSize=5&page=2')).json();
    expect(first.total).toBeGreaterThan(10);
    expect(first.items).toHaveLength(5);
    expect(second.items.map((c: { id: string }) => c.id).filter((id: string) => first.items.some((c: { id: string }) => c.id === id))).toEqual([]);
  });
});

describe('industrial parks (工业园区) and their 循环化改造', () => {
  let park: { id: string };

  it('refuses a status its days do not fit, and a department that does not keep parks', async () => {
    const base = { name: '临清市测试循环经济产业园', level: 'county', regionCode: '371581105' };
    refused(await office.post('/api/registers/parks', { ...base, circularStatus: 'done' }), 400, 'CIRCULAR_DONE_REQUIRED', 'circularDoneOn');
    refused(await office.post('/api/registers/parks', { ...base, circularStatus: 'in_progress' }), 400, 'CIRCULAR_STARTED_REQUIRED', 'circularStartedOn');
    refused(await office.post('/api/registers/parks', { ...base, circularStatus: 'none', circularStartedOn: today }), 400, 'CIRCULAR_DATES', 'circularStartedOn');
    refused(await office.post('/api/registers/parks', { ...base, circularStatus: 'done', circularStartedOn: today, circularDoneOn: day(-5) }), 400, 'BAD_DATES', 'circularDoneOn');
    refused(await office.post('/api/registers/parks', { ...base, circularStatus: 'done', circularDoneOn: day(5) }), 400, 'FUTURE_DATE', 'circularDoneOn');
    refused(await office.post('/api/registers/parks', { ...base, regionCode: '371581999' }), 400, 'UNKNOWN_REGION', 'regionCode');
    refused(await office.post('/api/registers/parks', { ...base, level: 'galactic' }), 400, 'VALIDATION', 'level');
    refused(await health.post('/api/registers/parks', base), 403, 'FORBIDDEN');
    refused(await tianqiao.post('/api/registers/parks', base), 403, 'FORBIDDEN');
    refused(await producer.post('/api/registers/parks', base), 403, 'FORBIDDEN');
    refused(await office.post('/api/registers/parks', { ...base, name: '临清经济开发区', regionCode: '371581' }), 409, 'DUPLICATE_PARK', 'name');
  });

  it('records a park, changes its status, and keeps each change as its history', async () => {
    const res = await office.post('/api/registers/parks', { name: '临清市测试循环经济产业园', level: 'county', regionCode: '371581105' });
    expect(res.statusCode, res.body).toBe(201);
    park = res.json();
    expect(park).toMatchObject({ circularStatus: 'none', circularStartedOn: null, ecoPark: false });
    refused(await eco.post(`/api/registers/parks/${park.id}/status`, { circularStatus: 'in_progress' }), 400, 'CIRCULAR_STARTED_REQUIRED', 'circularStartedOn');
    const started = await eco.post(`/api/registers/parks/${park.id}/status`, { circularStatus: 'in_progress', circularStartedOn: day(-30), note: '实施方案获批' });
    expect(started.statusCode, started.body).toBe(200);
    refused(await eco.post(`/api/registers/parks/${park.id}/status`, { circularStatus: 'in_progress', circularStartedOn: day(-30) }), 409, 'NO_CHANGE');
    const done = await office.post(`/api/registers/parks/${park.id}/status`, { circularStatus: 'done', circularStartedOn: day(-30), circularDoneOn: today, ecoPark: true, note: '通过验收' });
    expect(done.json()).toMatchObject({ circularStatus: 'done', circularDoneOn: today, ecoPark: true });
    const detail = (await eco.get(`/api/registers/parks/${park.id}`)).json();
    expect(detail.history.map((h: { action: string; circularStatus: string; by: string; note: string }) => [h.action, h.circularStatus, h.by, h.note])).toEqual([
      ['record', 'none', '王晓燕（临清无废办）', ''], ['status', 'in_progress', '李建国（生态环境分局）', '实施方案获批'], ['status', 'done', '王晓燕（临清无废办）', '通过验收']]);
  });

  it('lists the area’s parks to its departments only', async () => {
    const names = async (client: Client) => (await client.get('/api/registers/parks?pageSize=100')).json().items.map((p: { name: string }) => p.name);
    expect(await names(health)).toEqual(expect.arrayContaining(['临清经济开发区', '烟店轴承产业园', '临清市测试循环经济产业园']));
    expect(await names(tianqiao)).not.toContain('临清经济开发区');
    expect(await names(tianqiao)).toContain('天桥区桑梓店工业园');
    expect((await producer.get('/api/registers/parks')).statusCode).toBe(403);
    expect((await guanxian.get(`/api/registers/parks/${park.id}`)).statusCode).toBe(404);
    expect((await guanxian.post(`/api/registers/parks/${park.id}/status`, { circularStatus: 'none' })).statusCode).toBe(404);
    expect((await health.post(`/api/registers/parks/${park.id}/status`, { circularStatus: 'none' })).statusCode).toBe(403);
    expect((await eco.get('/api/registers/parks?circularStatus=in_progress')).json().items.map((p: { name: string }) => p.name)).toEqual(['烟店轴承产业园']);
  });
});

describe('zero-waste cells (无废城市细胞)', () => {
  let cell: { id: string; namedOn: string };

  it('the office names a cell; a department may not; bad input is named', async () => {
    const body = { name: '临清市第三中学', kind: 'school', regionCode: '371581003', namedOn: day(-20), namedBy: '临清市无废办' };
    refused(await office.post('/api/registers/cells', { ...body, namedOn: day(1) }), 400, 'FUTURE_DATE', 'namedOn');
    refused(await office.post('/api/registers/cells', { ...body, kind: 'zoo' }), 400, 'VALIDATION', 'kind');
    refused(await office.post('/api/registers/cells', { ...body, regionCode: undefined }), 400, 'REGION_REQUIRED', 'regionCode');
    refused(await office.post('/api/registers/cells', { ...body, organisationId: guanhua }), 400, 'UNKNOWN_ORGANISATION', 'organisationId');
    refused(await eco.post('/api/registers/cells', body), 403, 'FORBIDDEN');
    refused(await tianqiao.post('/api/registers/cells', body), 403, 'FORBIDDEN');
    const res = await office.post('/api/registers/cells', body);
    expect(res.statusCode, res.body).toBe(201);
    cell = res.json();
    refused(await office.post('/api/registers/cells', body), 409, 'DUPLICATE_CELL', 'name');
    // A hospital of the organisation register may be a cell under its own name and place.
    const hosp = await office.post('/api/registers/cells', { name: '临清市人民医院门诊楼', kind: 'hospital', organisationId: hospital, namedOn: today });
    expect(hosp.statusCode, hosp.body).toBe(201);
    expect(hosp.json().regionCode).toBe('371581001');
  });

  it('lists the area’s cells with filters, and ends one with its reason', async () => {
    const active = (await health.get('/api/registers/cells?active=true&pageSize=100')).json();
    expect(active.items.map((c: { id: string }) => c.id)).toContain(cell.id);
    expect((await health.get('/api/registers/cells?kind=school&pageSize=100')).json().items.every((c: { kind: string }) => c.kind === 'school')).toBe(true);
    expect((await tianqiao.get('/api/registers/cells?pageSize=100')).json().items.map((c: { id: string }) => c.id)).not.toContain(cell.id);
    expect((await producer.get('/api/registers/cells')).statusCode).toBe(403);
    refused(await office.post(`/api/registers/cells/${cell.id}/end`, { endedOn: day(-30), reason: '撤销命名' }), 400, 'BAD_DATES', 'endedOn');
    expect((await eco.post(`/api/registers/cells/${cell.id}/end`, { endedOn: today, reason: '撤销命名' })).statusCode).toBe(403);
    expect((await tianqiao.post(`/api/registers/cells/${cell.id}/end`, { endedOn: today, reason: '撤销命名' })).statusCode).toBe(404);
    const res = await office.post(`/api/registers/cells/${cell.id}/end`, { endedOn: today, reason: '复查不达标，撤销命名' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ endedOn: today, endReason: '复查不达标，撤销命名' });
    refused(await office.post(`/api/registers/cells/${cell.id}/end`, { endedOn: today, reason: '再次撤销' }), 409, 'ALREADY_ENDED');
    const ended = (await office.get('/api/registers/cells?active=false&pageSize=100')).json().items.map((c: { name: string }) => c.name);
    expect(ended).toEqual(expect.arrayContaining(['临清市第三中学', '魏湾镇后魏湾村']));
  });
});

describe('compliance checks (危险废物规范化环境管理抽查)', () => {
  it('the ecology bureau records a check; a failed one must say what was found', async () => {
    const body = { organisationId: hengtong, checkedOn: today, passed: true, score: 91.5 };
    refused(await eco.post('/api/registers/checks', { ...body, passed: false }), 400, 'FINDINGS_REQUIRED', 'findings');
    refused(await eco.post('/api/registers/checks', { ...body, score: 100.5 }), 400, 'VALIDATION', 'score');
    refused(await eco.post('/api/registers/checks', { ...body, score: 91.55 }), 400, 'VALIDATION', 'score');
    refused(await eco.post('/api/registers/checks', { ...body, score: -1 }), 400, 'VALIDATION', 'score');
    refused(await eco.post('/api/registers/checks', { ...body, checkedOn: day(1) }), 400, 'FUTURE_DATE', 'checkedOn');
    refused(await eco.post('/api/registers/checks', { ...body, organisationId: anyun }), 400, 'NOT_HAZARDOUS_UNIT', 'organisationId');
    refused(await eco.post('/api/registers/checks', { ...body, organisationId: guanhua }), 400, 'UNKNOWN_ORGANISATION', 'organisationId');
    refused(await office.post('/api/registers/checks', body), 403, 'FORBIDDEN');
    refused(await health.post('/api/registers/checks', body), 403, 'FORBIDDEN');
    refused(await producer.post('/api/registers/checks', body), 403, 'FORBIDDEN');
    const res = await eco.post('/api/registers/checks', { ...body, passed: false, score: 55, findings: '危废贮存间无防渗，标签缺失' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ passed: false, score: 55, findings: '危废贮存间无防渗，标签缺失', regionCode: '371581101' });
    const gx = await guanxian.post('/api/registers/checks', { ...body, organisationId: guanhua });
    expect(gx.statusCode, gx.body).toBe(201);
  });

  it('lists the year’s checks to the area, and a company its own', async () => {
    // The demo's random inspections (demo/inspections.ts) are checks of the register too, written with them.
    const drawn = (await eco.get(`/api/inspections?year=${year}&pageSize=100`)).json();
    const drawnFailed = drawn.items.filter((i: { passed: boolean }) => !i.passed).length;
    const year_ = (await eco.get(`/api/registers/checks?year=${year}&pageSize=100`)).json();
    expect(year_.total).toBe(26 + drawn.total);
    expect(year_.items.filter((k: { passed: boolean }) => !k.passed)).toHaveLength(3 + drawnFailed);
    expect(year_.items.every((k: { regionCode: string }) => k.regionCode.startsWith('371581'))).toBe(true);
    expect((await eco.get(`/api/registers/checks?year=${year - 1}`)).json().total).toBe(0);
    expect((await eco.get('/api/registers/checks?passed=false&pageSize=100')).json().items.filter((k: { findings: string }) => !k.findings.startsWith('双随机抽查')).map((k: { organisationName: string }) => k.organisationName).sort())
      .toEqual(['临清市恒通轴承制造有限公司', '临清市金泰化工有限公司', '临清市顺达汽车维修服务有限公司']);
    const own = (await producer.get('/api/registers/checks?pageSize=100')).json();
    expect(own.items.map((k: { organisationId: string }) => k.organisationId)).toEqual(own.items.map(() => hengtong));
    expect(own.total).toBe(3 + (await producer.get('/api/inspections?pageSize=1')).json().total);
    expect((await guanxian.get('/api/registers/checks?pageSize=100')).json().total).toBe(1);
    expect((await admin.get('/api/registers/checks?regionCode=371525')).json().total).toBe(1);
  });
});

describe('the demo registers and the console’s overview', () => {
  it('sums up 临清’s registers for its departments', async () => {
    const s = (await health.get(`/api/registers/summary?year=${year}`)).json();
    const drawn = (await eco.get(`/api/inspections?year=${year}&pageSize=100`)).json();
    const drawnPassed = drawn.items.filter((i: { passed: boolean }) => i.passed).length;
    expect(s).toMatchObject({ parks: 3, circularParks: 3, checks: 26 + drawn.total, checksPassed: 23 + drawnPassed });
    expect(s.credentials.greenFactories).toBe(4);
    expect(s.may).toEqual({ credential: false, park: false, cell: false, check: false });
    expect((await eco.get('/api/registers/summary')).json().may).toEqual({ credential: true, park: true, cell: false, check: true });
    expect((await office.get('/api/registers/summary')).json().may).toEqual({ credential: true, park: true, cell: true, check: false });
    const own = (await producer.get('/api/registers/summary')).json();
    expect(own).toMatchObject({ parks: 0, cells: 0, checks: 3 + (await producer.get(`/api/inspections?year=${year}&pageSize=1`)).json().total, credentials: { cleanProduction: 1, greenFactories: 1 } });
  });
});
