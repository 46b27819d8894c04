import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { randomIp } from '../support/matrix';

// 问卷调查 over HTTP against the demo: 临清's office builds a survey with a town question and quotas,
// publishes it (its questions freeze), residents answer on their phones without logging in, once per
// device and per phone; bad answers, a full quota, a draft and a closed survey are refused with nothing
// written. The office reads results with n and margins, pages and exports the raw answers (no phone,
// no device), and binds questions to rows 43–45, which the demo's survey already computes.

let t: TestApp;
let office: Client, tianqiao: Client, eco: Client;
const db = () => t.database.db;
const SONGLIN = '371581101', QINGNIAN = '371581001';

/** A phone without a login: keeps the device cookie the survey page sets. */
class Respondent {
  device = '';
  constructor(private readonly app: FastifyInstance, readonly ip = randomIp()) {}
  async request(method: 'GET' | 'POST', url: string, payload?: unknown) {
    const res = await this.app.inject({ method, url, remoteAddress: this.ip, headers: this.device ? { cookie: this.device } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) if (c.startsWith('wufei_survey_device=')) this.device = c.split(';')[0];
    return res;
  }
  open(id: string) { return this.request('GET', `/api/public/surveys/${id}`); }
  answer(id: string, answers: unknown[], phone?: string) { return this.request('POST', `/api/public/surveys/${id}/answers`, { answers, ...(phone ? { phone } : {}) }); }
}

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT (SELECT count(*)::int FROM survey_responses) AS responses, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

const BODY = {
  title: '垃圾分类入户宣传效果调查',
  intro: '请根据实际情况填写。',
  questions: [
    { kind: 'town', title: '您居住在哪个镇（街道）？', required: true, quotas: { [SONGLIN]: 2 } },
    { kind: 'single', title: '您是否收到过垃圾分类宣传册？', required: true, options: ['收到过', '没有收到'] },
    { kind: 'multiple', title: '您家分出了哪些垃圾？', required: false, maxChoices: 2, options: ['厨余垃圾', '可回收物', '有害垃圾'] },
    { kind: 'scale', title: '您对入户宣传的满意程度', required: true },
    { kind: 'text', title: '建议', required: false },
  ],
};
let surveyId = '';
const good = (town = QINGNIAN, score = 5) => [town, 'o1', ['o1', 'o2'], score, '希望多来几次'];

beforeAll(async () => {
  t = await startTestApp();
  [office, tianqiao, eco] = await Promise.all(['office.linqing', 'office.tianqiao', 'eco.linqing'].map((u) => Client.login(t.app, u)));
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('the office builds and publishes a survey', () => {
  it('saves a draft whose town question offers 临清’s sixteen towns and keeps the quotas', async () => {
    const res = await office.post('/api/surveys', BODY);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    surveyId = s.id;
    expect(s).toMatchObject({ status: 'draft', regionCode: '371581' });
    expect(s.questions[0].options).toHaveLength(16);
    expect(s.questions[0].options).toContainEqual({ key: SONGLIN, label: '松林镇' });
    expect(s.questions[0].quotas).toEqual({ [SONGLIN]: 2 });
    expect(s.questions[2]).toMatchObject({ key: 'q3', maxChoices: 2, options: [{ key: 'o1', label: '厨余垃圾' }, { key: 'o2', label: '可回收物' }, { key: 'o3', label: '有害垃圾' }] });
  });

  it('refuses a builder’s mistakes naming the question', async () => {
    const one = await office.post('/api/surveys', { ...BODY, questions: [{ kind: 'single', title: '只有一个选项', required: true, options: ['是'] }] });
    expect(one.statusCode).toBe(400);
    expect(one.json()).toMatchObject({ code: 'TOO_FEW_OPTIONS', path: 'questions.0.options' });
    const quota = await office.post('/api/surveys', { ...BODY, questions: [{ kind: 'town', title: '镇街', required: true, quotas: { '370105001': 3 } }] });
    expect(quota.json()).toMatchObject({ code: 'UNKNOWN_TOWN', path: 'questions.0.quotas.370105001' });
  });

  it('a draft is not public: neither shown nor answered', async () => {
    const r = new Respondent(t.app);
    expect((await r.open(surveyId)).statusCode).toBe(404);
    const before = await counts();
    expect((await r.answer(surveyId, good())).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('publishes; the questions are then frozen (a new version is a new survey)', async () => {
    expect((await office.put(`/api/surveys/${surveyId}`, { ...BODY, intro: '修改后的说明' })).statusCode).toBe(200);
    const pub = await office.post(`/api/surveys/${surveyId}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().status).toBe('published');
    const edit = await office.put(`/api/surveys/${surveyId}`, BODY);
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('SURVEY_FROZEN');
    const copy = await office.post(`/api/surveys/${surveyId}/copy`);
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ status: 'draft', follows: surveyId, questions: expect.any(Array) });
  });

  it('is offered to the public of its region, with its link and QR code', async () => {
    const open = (await new Respondent(t.app).request('GET', `/api/public/surveys?regionCode=${SONGLIN}`)).json();
    expect(open.items.map((s: { title: string }) => s.title)).toEqual(expect.arrayContaining(['垃圾分类入户宣传效果调查', '无废城市建设公众满意度调查']));
    expect(open.items.find((s: { id: string }) => s.id === surveyId).link).toBe(`/s/${surveyId}`);
    const qr = await new Respondent(t.app).request('GET', `/api/public/surveys/${surveyId}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
  });
});

describe('residents answer on their phones, once each', () => {
  it('answers after the page set the device cookie; the public never sees the quotas', async () => {
    const r = new Respondent(t.app);
    const page = await r.open(surveyId);
    expect(page.statusCode).toBe(200);
    expect(r.device).toMatch(/^wufei_survey_device=[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/);
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(page.json().questions[0].quotas).toBeUndefined();
    const before = await counts();
    const res = await r.answer(surveyId, good(), '138 0635 1234');
    expect(res.statusCode, res.body).toBe(201);
    const after = await counts();
    expect(after.responses).toBe(before.responses + 1);
    const [stored] = (await db().execute<{ phone_hmac: string; region_code: string; answers: Record<string, unknown> }>(sql`SELECT phone_hmac, region_code, answers FROM survey_responses WHERE id = ${res.json().id}`)).rows;
    expect(stored.phone_hmac).not.toContain('13806351234');
    expect(stored.phone_hmac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stored).toMatchObject({ region_code: QINGNIAN, answers: { q1: QINGNIAN, q2: 'o1', q3: ['o1', 'o2'], q4: 5, q5: '希望多来几次' } });
    // The second answer from the same phone, on the same device: refused naming the device, nothing written.
    const again = await r.answer(surveyId, good());
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_ANSWERED', path: 'device' });
    expect(again.json().message.zh).toContain('本设备');
    expect((await counts()).responses).toBe(after.responses);
  });

  it('refuses the same phone on another device, naming the phone', async () => {
    const other = new Respondent(t.app);
    await other.open(surveyId);
    const before = await counts();
    const res = await other.answer(surveyId, good(), '13806351234');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ALREADY_ANSWERED', path: 'phone' });
    expect(await counts()).toEqual(before);
  });

  it('refuses an answer without the page’s cookie, or with a forged one', async () => {
    const bare = new Respondent(t.app);
    const res = await bare.answer(surveyId, good());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'DEVICE_REQUIRED', path: 'device' });
    bare.device = 'wufei_survey_device=00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAA';
    expect((await bare.answer(surveyId, good())).json().code).toBe('DEVICE_REQUIRED');
  });

  it('refuses answers that do not fit the questions, naming answers.N, with nothing written', async () => {
    const r = new Respondent(t.app);
    await r.open(surveyId);
    const before = await counts();
    const cases: [unknown[], string, string][] = [
      [[QINGNIAN, 'o9', null, 5, null], 'answers.1', 'UNKNOWN_OPTION'],
      [[QINGNIAN, 'o1', ['o1', 'o4'], 5, null], 'answers.2.1', 'UNKNOWN_OPTION'],
      [[QINGNIAN, 'o1', ['o1', 'o2', 'o3'], 5, null], 'answers.2', 'TOO_MANY_CHOICES'],
      [[QINGNIAN, 'o1', null, 7, null], 'answers.3', 'OUT_OF_RANGE'],
      [[QINGNIAN, 'o1', null, null, null], 'answers.3', 'ANSWER_REQUIRED'],
      [['370105001', 'o1', null, 4, null], 'answers.0', 'UNKNOWN_OPTION'],
      [[QINGNIAN, 'o1'], 'answers', 'ANSWER_COUNT'],
    ];
    for (const [answers, path, code] of cases) {
      const res = await r.answer(surveyId, answers);
      expect(res.statusCode, JSON.stringify(answers)).toBe(400);
      expect(res.json(), JSON.stringify(answers)).toMatchObject({ code, path });
      expect(res.json().message.en).toMatch(/[a-z]/);
    }
    const phone = await r.answer(surveyId, good(), '0635-123');
    expect(phone.statusCode).toBe(400);
    expect(phone.json().path).toBe('phone');
    expect(await counts()).toEqual(before);
  });

  it('takes 松林镇’s two answers, then refuses the third as QUOTA_FULL; other towns still answer', async () => {
    for (const score of [4, 2]) {
      const r = new Respondent(t.app);
      await r.open(surveyId);
      expect((await r.answer(surveyId, good(SONGLIN, score))).statusCode).toBe(201);
    }
    const late = new Respondent(t.app);
    await late.open(surveyId);
    const before = await counts();
    const res = await late.answer(surveyId, good(SONGLIN));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'QUOTA_FULL', path: 'answers.0' });
    expect(await counts()).toEqual(before);
    expect((await late.answer(surveyId, good(QINGNIAN, 3))).statusCode).toBe(201);
  });

  it('slows down an address that sends too many answers', async () => {
    const r = new Respondent(t.app);
    await r.open(surveyId);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await r.answer(surveyId, [QINGNIAN, 'o9', null, 5, null])).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('the office reads the results', () => {
  it('gives n, counts, shares with their 95 % margins, the scale’s mean, and the same per town', async () => {
    const res = await office.get(`/api/surveys/${surveyId}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.n).toBe(4);
    expect(r.method.zh).toContain('1.96');
    const scale = r.questions[3];
    expect(scale).toMatchObject({ answered: 4, mean: 3.5 });
    // Scores 5, 4, 2, 3: one answer of four gave 5 (25 %, ± 1.96·√(0.25·0.75/4) = 42.4 points).
    expect(scale.options.find((o: { key: string }) => o.key === '5')).toMatchObject({ count: 1, share: 25, margin: 42.435 });
    expect(scale.byTown.find((x: { regionCode: string }) => x.regionCode === SONGLIN)).toMatchObject({ name: '松林镇', answered: 2, mean: 3 });
    expect(r.questions[2]).toMatchObject({ answered: 4 });
    expect(r.questions[2].options[0]).toMatchObject({ label: '厨余垃圾', count: 4, share: 100 });
    expect(r.towns.find((x: { regionCode: string }) => x.regionCode === SONGLIN)).toMatchObject({ responses: 2, quota: 2 });
  });

  it('pages the raw answers and exports them, without phone or device', async () => {
    const page = await office.get(`/api/surveys/${surveyId}/responses?page=1&pageSize=3`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(page.json().items).toHaveLength(3);
    expect(page.body).not.toMatch(/phone|device/i);
    const xlsx = await office.get(`/api/surveys/${surveyId}/responses.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(5);
    const header = (sheet.getRow(1).values as string[]).filter(Boolean);
    expect(header).toEqual(['提交时间', '所在地', '1. 您居住在哪个镇（街道）？', '2. 您是否收到过垃圾分类宣传册？', '3. 您家分出了哪些垃圾？', '4. 您对入户宣传的满意程度', '5. 建议']);
    const cells = sheet.getColumn(3).values.filter(Boolean);
    expect(cells).toContain('松林镇');
    expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/13806351234/);
  });

  it('is the office’s: another county’s office does not find it, a department is refused', async () => {
    expect((await tianqiao.get(`/api/surveys/${surveyId}`)).statusCode).toBe(404);
    expect((await eco.get(`/api/surveys/${surveyId}/results`)).statusCode).toBe(403);
    expect((await tianqiao.get('/api/surveys?pageSize=100')).json().items.some((s: { id: string }) => s.id === surveyId)).toBe(false);
  });
});

interface Computation { value: number | null; numerator: number; denominator: number | null; missing: { zh: string } | null; inputs: { key: string; value: number | null; note: { zh: string } | null }[] }
const rowId = async (region: string, no: number) => (await db().execute<{ id: string }>(sql`SELECT i.id FROM indicators i JOIN indicator_plans p ON p.id = i.plan_id WHERE p.region_code = ${region} AND p.superseded_at IS NULL AND i.no = ${no}`)).rows[0].id;
const computation = async (who: Client, id: string, region?: string) => (await who.get(`/api/indicators/${id}/computation${region ? `?regionCode=${region}` : ''}`)).json() as Computation;
const input = (c: Computation, key: string) => c.inputs.find((i) => i.key === key)?.value;

describe('rows 43–45 are computed from the bound questions', () => {
  it('on the demo: the public survey gives 临清’s 43, 44 and 45 with n and the margin', async () => {
    const values = [];
    for (const no of [43, 44, 45]) {
      const c = await computation(office, await rowId('371581', no));
      expect(c.value, `row ${no}`).not.toBeNull();
      expect(input(c, 'answered'), `row ${no}`).toBeGreaterThan(600);
      expect(input(c, 'margin'), `row ${no}`).toBeGreaterThan(0.5);
      expect(input(c, 'margin'), `row ${no}`).toBeLessThan(4);
      expect(c.inputs.find((i) => i.key === 'surveys')?.note?.zh).toContain('无废城市建设公众满意度调查');
      values.push(c.value!);
    }
    expect(values[0]).toBeGreaterThan(82);
    expect(values[0]).toBeLessThan(94);
    expect(values[1]).toBeGreaterThan(78);
    expect(values[1]).toBeLessThan(92);
    expect(values[2]).toBeGreaterThan(84);
    expect(values[2]).toBeLessThan(95);
  });

  it('shows a row with no bound question as not computable (天桥区’s 满意程度)', async () => {
    const c = await computation(tianqiao, await rowId('370105', 47));
    expect(c.value).toBeNull();
    expect(c.missing?.zh).toContain('尚未将问卷题目绑定');
  });

  it('binds the new survey’s scale to row 45: its answers join the demo’s, counted ≥ 4 as satisfied', async () => {
    const row45 = await rowId('371581', 45);
    const before = await computation(office, row45, SONGLIN);
    const bindable = (await office.get('/api/surveys/indicators')).json().items;
    expect(bindable.map((i: { no: number; regionCode: string }) => `${i.regionCode} ${i.no}`)).toEqual(['371581 43', '371581 44', '371581 45']);
    const wrongRule = await office.post(`/api/surveys/${surveyId}/bindings`, { questionKey: 'q4', indicatorId: row45, rule: { kind: 'options', options: ['o1'] } });
    expect(wrongRule.json()).toMatchObject({ code: 'RULE_KIND', path: 'rule.kind' });
    const wrongRow = await office.post(`/api/surveys/${surveyId}/bindings`, { questionKey: 'q4', indicatorId: await rowId('371581', 13), rule: { kind: 'scale_at_least', min: 4 } });
    expect(wrongRow.json()).toMatchObject({ code: 'NOT_A_SURVEY_INDICATOR', path: 'indicatorId' });
    const res = await office.post(`/api/surveys/${surveyId}/bindings`, { questionKey: 'q4', indicatorId: row45, rule: { kind: 'scale_at_least', min: 4 } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ indicatorNo: 45, formula: 'survey_satisfaction' });
    // 松林镇 answered this survey twice: a 4 (satisfied) and a 2.
    const after = await computation(office, row45, SONGLIN);
    expect(after.denominator).toBe(before.denominator! + 2);
    expect(after.numerator).toBe(before.numerator + 1);
    expect(input(after, 'surveys')).toBe(2);
    const detail = (await office.get(`/api/surveys/${surveyId}`)).json();
    expect(detail.bindings).toMatchObject([{ questionKey: 'q4', indicatorNo: 45 }]);
  });
});

describe('a closed survey', () => {
  it('takes no more answers', async () => {
    expect((await office.post(`/api/surveys/${surveyId}/close`)).statusCode).toBe(200);
    const r = new Respondent(t.app);
    expect((await r.open(surveyId)).json().open).toBe(false);
    const before = await counts();
    const res = await r.answer(surveyId, good());
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SURVEY_CLOSED');
    expect(await counts()).toEqual(before);
    expect((await office.post(`/api/surveys/${surveyId}/close`)).json().code).toBe('SURVEY_STATE');
  });
});
