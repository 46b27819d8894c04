import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

// A computed indicator opened down to its records, on the demo city: 临清's 城镇污水污泥无害化处置率 (row 31,
// from the sludge manifests) and 一般工业固体废物综合利用率 (row 13, from the ledger and hand-overs).

let t: TestApp;
let office: Client, urban: Client, ecology: Client, guanxian: Client, plant: Client;
let planId: string;
let rows: { id: string; no: number; formula: string | null; source: string; latest: { value: number; numerator: number | null; denominator: number | null } | null }[];
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

interface Computation {
  formula: { key: string; method: { zh: string } }; period: { from: string; to: string }; numerator: number; denominator: number | null; value: number | null;
  inputs: { key: string; kind: string; value: number | null; unit: string }[]; breakdown: { regionCode: string; name: string; numerator: number; denominator: number | null }[]; hasRecords: boolean;
}
interface Records { columns: { key: string }[]; items: { id: string; href: string | null; cells: Record<string, string | number | null> }[]; total: number }

beforeAll(async () => {
  t = await startTestApp();
  [office, urban, ecology, guanxian, plant] = await Promise.all(['office.linqing', 'urban.linqing', 'eco.linqing', 'eco.guanxian', 'wwtp.demo'].map((u) => Client.login(t.app, u)));
  planId = ((await office.get('/api/indicators/plans')).json().items as { id: string; regionCode: string }[]).find((p) => p.regionCode === '371581')!.id;
  rows = (await office.get(`/api/indicators/plans/${planId}?year=${thisYear}`)).json().rows;
});
afterAll(async () => { await t.close(); });

const row = (no: number) => rows.find((r) => r.no === no)!;

async function allRecords(client: Client, id: string): Promise<Records> {
  const first = (await client.get(`/api/indicators/${id}/records?year=${thisYear}&pageSize=100`)).json() as Records;
  const items = [...first.items];
  for (let page = 2; items.length < first.total; page++) items.push(...((await client.get(`/api/indicators/${id}/records?year=${thisYear}&pageSize=100&page=${page}`)).json() as Records).items);
  return { ...first, items };
}

describe('a computed indicator, opened down to its records', () => {
  it('says per row whether the platform computes it, a department reports it, or a person assesses it', () => {
    expect(row(31)).toMatchObject({ formula: 'sludge_harmless_rate', source: 'computed' });
    expect(row(32).source).toBe('qualitative'); // “无废城市”建设协调机制: 完成
    expect(row(15)).toMatchObject({ formula: 'straw_utilisation_rate', source: 'computed' }); // 秸秆综合利用率: from the towns' filings
    expect(row(12).source).toBe('reported'); // 快递绿色包装使用率: the commerce bureau's figure (postal data)
  });

  it('shows the method in words, the period, the inputs and the towns, whose sums make 临清’s value', async () => {
    const res = await office.get(`/api/indicators/${row(31).id}/computation?year=${thisYear}`);
    expect(res.statusCode).toBe(200);
    const c = res.json() as Computation;
    expect(c.formula.key).toBe('sludge_harmless_rate');
    expect(c.formula.method.zh).toContain('无害化');
    expect(c.period.from).toBe(`${thisYear}-01-01`);
    expect(c.value).toBe(row(31).latest!.value);
    expect(c.inputs.map((i) => i.key)).toEqual(['harmless', 'generated']);
    expect(c.inputs[0].value).toBeCloseTo(c.numerator, 6);
    expect(c.inputs[1].value).toBeCloseTo(c.denominator!, 6);
    expect(c.breakdown.length).toBeGreaterThan(10); // 临清's towns and streets
    expect(c.breakdown.reduce((s, b) => s + b.numerator, 0)).toBeCloseTo(c.numerator, 6);
    expect(c.breakdown.reduce((s, b) => s + (b.denominator ?? 0), 0)).toBeCloseTo(c.denominator!, 6);
    expect(c.hasRecords).toBe(true);
  });

  it('lists the manifests it counted, a page at a time, whose counted weights add up to the numerator', async () => {
    const c = (await office.get(`/api/indicators/${row(31).id}/computation?year=${thisYear}`)).json() as Computation;
    const page = (await office.get(`/api/indicators/${row(31).id}/records?year=${thisYear}&pageSize=5`)).json() as Records;
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    expect(page.items[0].href).toMatch(/^\/manifests\/[0-9a-f-]{36}$/);
    const all = await allRecords(office, row(31).id);
    expect(all.items).toHaveLength(all.total);
    expect(all.items.reduce((s, r) => s + Number(r.cells.weightT), 0)).toBeCloseTo(c.numerator, 3);
    // The record opens for the regulator in charge.
    expect((await urban.get(all.items[0].href!)).statusCode).not.toBe(500);
    expect((await urban.get(`/api/manifests/${all.items[0].id}`)).statusCode).toBe(200);
  });

  it('exports the same records as an Excel sheet', async () => {
    const res = await office.get(`/api/indicators/${row(31).id}/records.xlsx?year=${thisYear}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const total = ((await office.get(`/api/indicators/${row(31).id}/records?year=${thisYear}&pageSize=1`)).json() as Records).total;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(1).getCell(1).value).toBe('联单编号');
  });

  it('lists producers with their sums for a ledger figure (一般工业固体废物综合利用率, row 13)', async () => {
    const c = (await ecology.get(`/api/indicators/${row(13).id}/computation?year=${thisYear}`)).json() as Computation;
    expect(c.formula.key).toBe('industrial_solid_utilisation_rate');
    const generated = c.inputs.find((i) => i.key === 'generated')!.value!;
    expect(generated).toBeGreaterThan(0);
    const all = await allRecords(ecology, row(13).id);
    expect(all.items.every((r) => r.href?.startsWith('/organisations/'))).toBe(true);
    expect(all.items.reduce((s, r) => s + Number(r.cells.generatedT), 0)).toBeCloseTo(generated, 3);
  });

  it('counts as stored only what stays in the producers’ stores (一般工业固体废物贮存处置量下降幅度, row 27), and says it as a full year', async () => {
    const c = (await ecology.get(`/api/indicators/${row(27).id}/computation?year=${thisYear}`)).json() as Computation;
    expect(c.formula.key).toBe('industrial_solid_storage_disposal_decline');
    const input = (key: string) => c.inputs.find((i) => i.key === key)!.value!;
    const all = await allRecords(ecology, row(27).id);
    // What the producers utilised or disposed of themselves left their stores: the list and the total agree.
    expect(all.items.reduce((s, r) => s + Number(r.cells.storedT), 0)).toBeCloseTo(input('stored'), 3);
    expect(all.items.reduce((s, r) => s + Number(r.cells.disposedT), 0)).toBeCloseTo(input('disposed'), 3);
    expect(input('annualised')).toBeGreaterThanOrEqual(input('stored') + input('disposed'));
    expect(c.value).toBeCloseTo(((input('baseline') - input('annualised')) / input('baseline')) * 100, 2);
  });

  it('keeps the records to the office and the departments in charge, and the figures to the area', async () => {
    // The ecology bureau sees the sludge figure but not the truckloads of another department's stream.
    const c = (await ecology.get(`/api/indicators/${row(31).id}/computation?year=${thisYear}`)).json() as Computation;
    expect(c.hasRecords).toBe(false);
    const refused = await ecology.get(`/api/indicators/${row(31).id}/records?year=${thisYear}`);
    expect(refused.statusCode).toBe(403);
    expect((await urban.get(`/api/indicators/${row(31).id}/records?year=${thisYear}`)).statusCode).toBe(200);
    expect((await guanxian.get(`/api/indicators/${row(31).id}/computation`)).statusCode).toBe(404);
    expect((await plant.get(`/api/indicators/${row(31).id}/computation`)).statusCode).toBe(403);
  });

  it('answers a clear 4xx for a reported row, a region outside the plan and a bad year', async () => {
    const reported = await office.get(`/api/indicators/${row(12).id}/computation`);
    expect(reported.statusCode).toBe(409);
    expect(reported.json().code).toBe('NOT_COMPUTED');
    const outside = await office.get(`/api/indicators/${row(31).id}/computation?regionCode=371525`);
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'REGION_OUTSIDE_PLAN', path: 'regionCode' });
    expect((await office.get(`/api/indicators/${row(31).id}/computation?year=20x6`)).statusCode).toBe(400);
    expect((await office.get('/api/indicators/not-a-uuid/computation')).statusCode).toBe(400);
  });
});
