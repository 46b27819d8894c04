import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellKind } from '../../src/domain/cells';
import { expectRefusedAmong } from '../support/refusals';

// 无废细胞 beyond the malls, over HTTP against the demo (seed 000 三(七)): 恒通轴承 applies to be a
// zero-waste factory; 临清's ecology department takes it up, checks it on site with scores, puts it on
// public notice; a visitor objects without logging in (the contact never goes public); naming waits
// for the notice's end and the answer; the named factory enters the register row 34 counts and shows
// on the public map; revoking it ends the register row. Time moves on with a faked clock (Date only).
let t: TestApp;
let eco: Client, commerce: Client, producer: Client, agri: Client, office: Client;
const db = () => t.database.db;
const DAY = 86_400_000;
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const today = () => shanghai(Date.now());
const factory = cellKind('factory')!;
const criteria = (drop?: string) => factory.checklist.map((c) => ({ key: c.key, description: `${c.zh}：已落实`, evidence: c.key === drop ? [] : [{ name: `${c.key}.pdf` }] }));
const scores = (over = 0) => factory.checklist.map((c, i) => ({ key: c.key, score: i === 0 ? c.maxScore + over : c.maxScore - 2, note: '' }));

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT (SELECT count(*)::int FROM cell_applications) AS cells, (SELECT count(*)::int FROM cell_application_steps) AS steps,
    (SELECT count(*)::int FROM cell_objections) AS objections, (SELECT count(*)::int FROM cell_objection_answers) AS answers, (SELECT count(*)::int FROM zero_waste_cells) AS register, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

let cellId = '', objectionId = '';
beforeAll(async () => {
  t = await startTestApp();
  [eco, commerce, producer, agri, office] = await Promise.all(['eco.linqing', 'commerce.linqing', 'producer.demo', 'agri.linqing', 'office.linqing'].map((u) => Client.login(t.app, u)));
}, 180_000);
afterAll(async () => { vi.useRealTimers(); await t?.close(); });

describe('a factory from application to the register', () => {
  it('refuses a required criterion without evidence, naming criteria.N.evidence, and writes nothing', async () => {
    const before = await counts();
    expectRefusedAmong(await producer.post('/api/cells/applications', { kind: 'factory', criteria: criteria('hazardous') }), 400, 'MISSING_EVIDENCE', 'criteria.2.evidence');
    expect(await counts()).toEqual(before);
  });

  it('applies, is taken up and checked with scores by ecology (not by commerce)', async () => {
    const applied = await producer.post('/api/cells/applications', { kind: 'factory', criteria: criteria('green') });
    expect(applied.statusCode, applied.body).toBe(201);
    cellId = applied.json().id;
    expect(applied.json().name).toBe('临清市恒通轴承制造有限公司');
    expect((await commerce.post(`/api/cells/${cellId}/acceptance`, { note: '' })).statusCode).toBe(403);
    expect((await eco.post(`/api/cells/${cellId}/acceptance`, { note: '材料齐全' })).json().state).toBe('accepted');
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/checks`, { checkedOn: today(), inspectors: ['李建国'], findings: scores(5) }), 400, 'SCORE_ABOVE_MAX', 'findings.0.score');
    const checked = await eco.post(`/api/cells/${cellId}/checks`, { checkedOn: today(), inspectors: ['李建国', '张磊'], findings: scores() });
    expect(checked.statusCode, checked.body).toBe(201);
    expect(checked.json().step.data).toMatchObject({ total: 94, passScore: 80, passed: true });
  });

  it('is not named without the public notice', async () => {
    const before = await counts();
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/approval`, { decisionNo: '临无废字〔2026〕99号', decidedOn: today() }), 409, 'NOTICE_REQUIRED', 'id');
    expect(await counts()).toEqual(before);
  });

  it('goes on public notice for five working days; the public page shows name, kind, place and scores, and nobody’s personal data', async () => {
    const notice = await eco.post(`/api/cells/${cellId}/notice`, { startOn: today() });
    expect(notice.statusCode, notice.body).toBe(201);
    expect(notice.json().state).toBe('in_notice');
    const anon = new Client(t.app, '10.9.9.1');
    const list = await anon.get('/api/public/cells/notices');
    expect(list.headers['cache-control']).toContain('public');
    expect(list.json().items.map((n: { id: string }) => n.id)).toContain(cellId);
    const page = (await anon.get(`/api/public/cells/${cellId}`)).json();
    expect(page).toMatchObject({ name: '临清市恒通轴承制造有限公司', kind: 'factory', kindName: { zh: '无废工厂' }, open: true, workingDays: 5, objections: 0 });
    expect(page.score.total).toBe(94);
    expect(JSON.stringify(page)).not.toMatch(/李建国|张磊|张伟|\.pdf/);
  });

  it('takes an objection from a visitor without a login; its contact and text stay out of the public answers', async () => {
    const anon = new Client(t.app, '10.9.9.2');
    expectRefusedAmong(await anon.post(`/api/public/cells/${cellId}/objections`, { reason: '短' }), 400, 'VALIDATION', 'reason');
    const raised = await anon.post(`/api/public/cells/${cellId}/objections`, { reason: '厂区东侧废切削液桶露天堆放，是否规范？', contact: '13900001111' });
    expect(raised.statusCode, raised.body).toBe(201);
    objectionId = raised.json().id;
    const publicText = (await anon.get(`/api/public/cells/${cellId}`)).body + (await anon.get('/api/public/cells/notices')).body;
    expect(publicText).not.toContain('13900001111');
    expect(publicText).not.toContain('废切削液');
    expect(JSON.parse((await anon.get(`/api/public/cells/${cellId}`)).body).objections).toBe(1);
    // the department sees the contact; the applicant sees the objection, not who raised it
    expect((await eco.get(`/api/cells/${cellId}`)).json().objections[0]).toMatchObject({ contact: '13900001111', outcome: null });
    expect((await producer.get(`/api/cells/${cellId}`)).json().objections[0].contact).toBeNull();
  });

  it('is not named while the notice runs', async () => {
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/approval`, { decisionNo: '临无废字〔2026〕99号', decidedOn: today() }), 409, 'NOTICE_NOT_ENDED', 'id');
  });

  it('after the notice: no more objections, no naming while one is open; answered, it is named and enters the register', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * DAY);
    // sessions end after their hours: the department and the office log in again on the later day.
    eco = await Client.login(t.app, 'eco.linqing');
    office = await Client.login(t.app, 'office.linqing');
    const anon = new Client(t.app, '10.9.9.3');
    expectRefusedAmong(await anon.post(`/api/public/cells/${cellId}/objections`, { reason: '公示期满后再提异议' }), 409, 'NOT_IN_NOTICE', 'id');
    const before = await counts();
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/approval`, { decisionNo: '临无废字〔2026〕99号', decidedOn: today() }), 409, 'OBJECTION_OPEN', 'id');
    expect(await counts()).toEqual(before);
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/objections/${objectionId}/answer`, { outcome: 'upheld', reply: '情况属实' }), 400, 'THEN_REQUIRED', 'then');
    const answered = await eco.post(`/api/cells/${cellId}/objections/${objectionId}/answer`, { outcome: 'dismissed', reply: '经复核，废切削液桶位于危废贮存库防雨棚内，异议不成立。' });
    expect(answered.statusCode, answered.body).toBe(201);
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/objections/${objectionId}/answer`, { outcome: 'dismissed', reply: '再答一次' }), 409, 'ANSWERED', 'objectionId');
    const named = await eco.post(`/api/cells/${cellId}/approval`, { decisionNo: '临无废字〔2026〕99号', decidedOn: today() });
    expect(named.statusCode, named.body).toBe(201);
    const [register] = (await db().execute<{ kind: string; named_on: string; ended_on: string | null }>(sql`SELECT kind, named_on::text, ended_on::text FROM zero_waste_cells WHERE name = '临清市恒通轴承制造有限公司'`)).rows;
    expect(register).toEqual({ kind: 'enterprise', named_on: today(), ended_on: null });
    const map = (await new Client(t.app, '10.9.9.4').get('/api/public/cells?kind=factory&pageSize=200')).json();
    const onMap = map.items.find((c: { name: string }) => c.name === '临清市恒通轴承制造有限公司');
    expect(onMap).toMatchObject({ kind: 'factory', registerKind: 'enterprise' });
    expect(typeof onMap.longitude).toBe('number');
    expect(JSON.stringify(map)).not.toMatch(/contact|phone|13900001111/);
  });

  it('counts the factory in the industrial field against 临清’s six; revoking it ends the register row', async () => {
    try { await countAndRevoke(); } finally { vi.useRealTimers(); }
  });
});

async function countAndRevoke() {
  {
    const year = Number(today().slice(0, 4));
    const fieldsNow = async () => (await office.get('/api/cells/counts')).json().fields.find((f: { field: string }) => f.field === 'industrial').years.find((y: { year: number }) => y.year === year).count;
    const industrial = await fieldsNow();
    expect(industrial).toBeGreaterThanOrEqual(6);
    const y2025 = (await office.get('/api/cells/counts')).json().total.find((y: { year: number }) => y.year === 2025);
    expect(y2025.target).toBe(30);
    expectRefusedAmong(await eco.post(`/api/cells/${cellId}/revocation`, { reasons: '复查发现危废台账缺失', endedOn: shanghai(Date.now() - 20 * DAY) }), 400, 'BEFORE_NAMED', 'endedOn');
    const revoked = await eco.post(`/api/cells/${cellId}/revocation`, { reasons: '复查发现危废台账缺失，摘牌', endedOn: today() });
    expect(revoked.statusCode, revoked.body).toBe(201);
    const [register] = (await db().execute<{ ended_on: string | null }>(sql`SELECT ended_on::text FROM zero_waste_cells WHERE name = '临清市恒通轴承制造有限公司'`)).rows;
    expect(register.ended_on).toBe(today());
    expect(await fieldsNow()).toBe(industrial - 1);
    const map = (await new Client(t.app, '10.9.9.5').get('/api/public/cells?kind=factory&pageSize=200')).json();
    expect(map.items.map((c: { name: string }) => c.name)).not.toContain('临清市恒通轴承制造有限公司');
  }
}

describe('who applies, and the demo', () => {
  beforeAll(() => { vi.useRealTimers(); });
  it('an official applies for a village of its own county’s towns only; a company cannot apply to be a village', async () => {
    const body = (name: string, regionCode: string) => ({ kind: 'village', criteria: cellKind('village')!.checklist.map((c) => ({ key: c.key, description: '已落实', evidence: [{ name: '照片.jpg' }] })), onBehalf: { name, regionCode } });
    expect((await agri.post('/api/cells/applications', body('冠县某村', '371525101'))).statusCode).toBe(403);
    expectRefusedAmong(await agri.post('/api/cells/applications', body('临清某村', '371581')), 400, 'NOT_A_TOWN', 'onBehalf.regionCode');
    const ok = await agri.post('/api/cells/applications', body('松林镇北王村', '371581101'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ organisationId: null, name: '松林镇北王村', regionCode: '371581101' });
    expect((await producer.post('/api/cells/applications', { ...body('x', '371581101'), onBehalf: undefined })).statusCode).toBe(403);
  });

  it('the office sets a new checklist version that new applications use', async () => {
    const criteria = [{ key: 'sorting', zh: '分类设施', maxScore: 60, evidenceRequired: true }, { key: 'paperless', zh: '无纸化', maxScore: 40, evidenceRequired: false }];
    expectRefusedAmong(await office.post('/api/cells/checklists', { kind: 'agency', passScore: 120, noticeDays: 5, criteria }), 400, 'PASS_ABOVE_MAX', 'passScore');
    expect((await eco.post('/api/cells/checklists', { kind: 'agency', passScore: 80, noticeDays: 5, criteria })).statusCode).toBe(403);
    const saved = await office.post('/api/cells/checklists', { kind: 'agency', passScore: 80, noticeDays: 7, criteria, note: '2026版' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().version).toBe(2);
    const list = (await office.get('/api/cells/checklists')).json();
    expect(list.items.find((k: { kind: string }) => k.kind === 'agency').checklist).toMatchObject({ version: 2, noticeDays: 7 });
    expect(list.items.find((k: { kind: string }) => k.kind === 'factory').checklist.version).toBe(1);
  });

  it('the demo: two notices running, one objection answered; objections are limited per address', async () => {
    const notices = (await new Client(t.app, '10.9.8.1').get('/api/public/cells/notices')).json();
    expect(notices.items.map((n: { name: string }) => n.name).sort()).toEqual(['临清市鲁西水泥有限公司', '大辛庄街道温泉社区']);
    expect(JSON.stringify(notices)).not.toContain('13806351234');
    const community = notices.items.find((n: { name: string }) => n.name === '大辛庄街道温泉社区').id;
    const flood = new Client(t.app, '10.9.8.2');
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await flood.post(`/api/public/cells/${community}/objections`, { reason: `第${i + 1}条异议：分类投放点设置不合理` })).statusCode);
    expect(answers).toEqual([201, 201, 201, 201, 201, 429]);
  });
});
