import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { expectRefused, expectRefusedAmong } from '../support/refusals';
import { csvRecords } from '../../src/server/http/excel';

// 信息公开 over HTTP against the demo: anyone reads 临清's indicator system, its plan and news, its
// collection points and prices, and its open data (DCAT, CSV, Excel) without logging in; the office
// writes a policy, publishes and withdraws it, and the portal shows each change at once; nothing
// personal leaves through the public routes.
let t: TestApp;
let office: Client, tianqiao: Client, eco: Client, visitor: Client;
const db = () => t.database.db;

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT (SELECT count(*)::int FROM portal_articles) AS articles, (SELECT count(*)::int FROM open_datasets) AS datasets, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

beforeAll(async () => {
  t = await startTestApp();
  [office, tianqiao, eco] = await Promise.all(['office.linqing', 'office.tianqiao', 'eco.linqing'].map((u) => Client.login(t.app, u)));
  visitor = new Client(t.app, '10.8.8.8');
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('a visitor without a login', () => {
  it('finds the areas with a plan: 临清, 天桥区 and 济宁经开区', async () => {
    const res = await visitor.get('/api/public/areas');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    const codes = res.json().items.map((a: { regionCode: string }) => a.regionCode);
    expect(codes).toEqual(expect.arrayContaining(['371581', '370105']));
    expect(codes).toHaveLength(3);
  });

  it('reads 临清’s 45 indicators with value, target, progress, source and when each was updated', async () => {
    const view = (await visitor.get('/api/public/indicators?region=371581')).json();
    expect(view.regionName).toBe('临清市');
    expect(view.rows).toHaveLength(45);
    const computed = view.rows.filter((r: { source: { zh: string } }) => r.source.zh === '平台计算');
    expect(computed.length).toBe(view.computedRows);
    expect(computed.length).toBeGreaterThan(20);
    const recovery = view.rows.find((r: { name: string }) => r.name.startsWith('生活垃圾回收利用率'));
    expect(recovery.value.value).toBeGreaterThan(0);
    expect(recovery.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(recovery.targets.length).toBeGreaterThan(0);
    const statusSum = Object.values(view.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(statusSum).toBe(45);
  });

  it('is told in words when an area has no plan', async () => {
    expectRefused(await visitor.get('/api/public/indicators?region=371525'), 404, 'NO_PLAN', 'region');
    expectRefusedAmong(await visitor.get('/api/public/indicators?region=abc'), 400, 'VALIDATION', 'querystring.region');
  });

  it('reads the home page of 临清: progress counts, collection points and the latest articles, no draft or withdrawn one', async () => {
    const home = (await visitor.get('/api/public/home?region=371581')).json();
    expect(home.indicators.total).toBe(45);
    expect(home.collectionPoints).toBeGreaterThan(5);
    expect(home.datasets).toBe(6);
    // This year's citizen reports of 临清 (the demo's complaints): how many, answered, in hand; no report itself.
    expect(home.complaints.total).toBeGreaterThan(100);
    expect(home.complaints.answered + home.complaints.inHand).toBeLessThanOrEqual(home.complaints.total);
    expect(home.complaints.answered).toBeGreaterThan(home.complaints.inHand);
    const titles = home.latest.map((a: { title: string }) => a.title);
    expect(titles).toContain('关于征集2026年度“无废城市细胞”创建单位的通知');
    expect(titles.join()).not.toContain('草稿');
    expect(titles).not.toContain('关于再生资源回收网点名单的公告');
  });

  it('reads a county’s plan, the national policies and the city’s plan the county reposts, newest first', async () => {
    const plans = (await visitor.get('/api/public/articles?region=371581&kind=plan')).json();
    expect(plans.items.map((a: { documentNo: string }) => a.documentNo)).toEqual(['临政字〔2023〕32号']);
    const policies = (await visitor.get('/api/public/articles?region=371581&kind=policy&pageSize=50')).json();
    expect(policies.items.map((a: { documentNo: string }) => a.documentNo)).toEqual(['聊无废办〔2023〕7号', '环固体〔2021〕114号', '']);
    // 天桥区's visitors do not get 临清's articles.
    const tq = (await visitor.get('/api/public/articles?region=370105&pageSize=50')).json();
    expect(tq.items.map((a: { title: string }) => a.title)).toEqual(['天桥区“无废城市”建设实施方案（2023－2025年）']);
  });

  it('finds collection points with their place and no contact person or phone', async () => {
    const res = await visitor.get('/api/public/collection-points?region=371581&pageSize=100');
    const body = res.json();
    expect(body.total).toBeGreaterThan(5);
    expect(body.items.every((p: { regionCode: string }) => p.regionCode.startsWith('371581'))).toBe(true);
    expect(body.items.some((p: { kind: { value: string } }) => p.kind.value === 'recycling_station')).toBe(true);
    expect(body.items.some((p: { kind: { value: string } }) => p.kind.value === 'collection_station')).toBe(true);
    expect(body.items.filter((p: { longitude: number | null }) => p.longitude !== null).length).toBeGreaterThan(3);
    const phones = (await db().execute<{ contact_phone: string }>(sql`SELECT contact_phone FROM organisations WHERE region_code LIKE '371581%' AND 'recycling_station' = ANY(capabilities) AND contact_phone <> ''`)).rows;
    expect(phones.length).toBeGreaterThan(0);
    for (const { contact_phone } of phones) expect(res.body).not.toContain(contact_phone);
  });

  it('reads the prices in force, a company’s latest list only', async () => {
    const prices = (await visitor.get('/api/public/recycling-prices?region=371581&pageSize=100')).json().items;
    expect(prices.length).toBeGreaterThan(3);
    const keys = prices.map((p: { company: string; category: string; applianceType: string }) => `${p.company}|${p.category}|${p.applianceType}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(prices.every((p: { priceYuan: number }) => p.priceYuan >= 0)).toBe(true);
  });
});

describe('open data', () => {
  it('lists 临清’s six published datasets in a DCAT catalogue with CSV and Excel addresses', async () => {
    const res = await visitor.get('/api/public/open-data?region=371581');
    expect(res.headers['content-type']).toMatch(/application\/ld\+json/);
    const catalog = res.json();
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['@context'].dcat).toBe('http://www.w3.org/ns/dcat#');
    const sets = catalog['dcat:dataset'];
    expect(sets).toHaveLength(6);
    const points = sets.find((d: { 'dct:identifier': string }) => d['dct:identifier'] === '371581-collection-points');
    expect(points['dct:license']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(points['dcat:distribution'].map((x: { 'dcat:mediaType': string }) => x['dcat:mediaType'])).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(points['dcat:distribution'][0]['dcat:downloadURL']).toBe('/api/public/open-data/371581-collection-points/data.csv');
    const columns = points['dcat:distribution'][0]['csvw:tableSchema']['csvw:column'];
    expect(columns.map((c: { 'csvw:name': string }) => c['csvw:name'])).toEqual(['name', 'kind', 'operator', 'town', 'address', 'longitude', 'latitude']);
  });

  it('gives a dataset as CSV whose rows match its preview, and as Excel', async () => {
    const csv = await visitor.get('/api/public/open-data/371581-collection-points/data.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const records = csvRecords(csv.body.slice(1)).filter((r) => r.some((c) => c !== ''));
    expect(records[0]).toEqual(['名称', '类型', '运营单位', '所在区域', '地址', '经度', '纬度']);
    const preview = (await visitor.get('/api/public/open-data/371581-collection-points/rows?pageSize=100')).json();
    expect(records.length - 1).toBe(preview.items.length);
    expect(records.slice(1).map((r) => r[0]).sort()).toEqual(preview.items.map((r: { name: string }) => r.name).sort());
    const xlsx = await visitor.get('/api/public/open-data/371581-indicators/data.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('序号');
    expect(sheet.rowCount).toBe(46);
  });

  it('answers 404 for a dataset not published, and for one withdrawn until it is published again at the same address', async () => {
    expectRefused(await visitor.get('/api/public/open-data/370105-collection-points/data.csv'), 404, 'NOT_FOUND', null);
    const list = (await office.get('/api/portal/datasets?pageSize=100')).json();
    const prices = list.items.find((d: { slug: string }) => d.slug === '371581-recycling-prices');
    expectRefusedAmong(await office.post(`/api/portal/datasets/${prices.id}/withdraw`, { reason: '' }), 400, 'VALIDATION', 'reason');
    expect((await office.post(`/api/portal/datasets/${prices.id}/withdraw`, { reason: '价格表更正中' })).statusCode).toBe(200);
    expect((await visitor.get('/api/public/open-data/371581-recycling-prices')).statusCode).toBe(404);
    expect((await visitor.get('/api/public/open-data?region=371581')).json()['dcat:dataset']).toHaveLength(5);
    const again = await office.post('/api/portal/datasets', { dataset: 'recycling_prices', publisher: '临清市无废城市建设工作领导小组办公室', licence: 'CC0-1.0' });
    expect(again.statusCode).toBe(201);
    expect(again.json().slug).toBe('371581-recycling-prices');
    expect((await visitor.get('/api/public/open-data/371581-recycling-prices')).json()['dct:license']).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expectRefused(await office.post('/api/portal/datasets', { dataset: 'recycling_prices', publisher: '临清市无废办', licence: 'CC0-1.0' }), 409, 'ALREADY_PUBLISHED', 'dataset');
  });
});

describe('the office publishes', () => {
  it('refuses a policy without its issuing body, and a draft without text, writing nothing', async () => {
    const before = await counts();
    expectRefused(await office.post('/api/portal/articles', { kind: 'policy', title: '临清市生活垃圾分类管理办法' }), 400, 'ISSUER_REQUIRED', 'issuer');
    expectRefusedAmong(await office.post('/api/portal/articles', { kind: 'news', title: '短' }), 400, 'VALIDATION', 'title');
    expectRefusedAmong(await office.post('/api/portal/articles', { kind: 'rumour', title: '一则消息' }), 400, 'VALIDATION', 'kind');
    expect(await counts()).toEqual(before);
    const empty = (await office.post('/api/portal/articles', { kind: 'news', title: '空稿件' })).json();
    expectRefused(await office.post(`/api/portal/articles/${empty.id}/publish`), 400, 'EMPTY_ARTICLE', 'body');
  });

  it('writes a policy, publishes it, and the portal shows it at once; a withdrawn one disappears', async () => {
    // The visitor's cached list is warm before the change.
    const warm = (await visitor.get('/api/public/articles?region=371581&kind=policy&pageSize=50')).json().total;
    const created = await office.post('/api/portal/articles', {
      kind: 'policy', title: '临清市生活垃圾分类管理办法', issuer: '临清市人民政府', documentNo: '临政发〔2026〕5号', summary: '自2026年12月1日起施行。',
      body: '<script>alert("x")</script> 第一条 为了推进生活垃圾分类……', attachments: [{ name: '临清市生活垃圾分类管理办法.pdf' }],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await visitor.get(`/api/public/articles/${id}`)).statusCode).toBe(404);
    expect((await office.post(`/api/portal/articles/${id}/publish`)).statusCode).toBe(200);
    const after = (await visitor.get('/api/public/articles?region=371581&kind=policy&pageSize=50')).json();
    expect(after.total).toBe(warm + 1);
    const read = (await visitor.get(`/api/public/articles/${id}`)).json();
    // Stored and answered as written: the page shows it as text, never as markup.
    expect(read.body.startsWith('<script>alert("x")</script>')).toBe(true);
    expect(read.issuer).toBe('临清市人民政府');
    // A township's visitor reads the county's policies too.
    expect((await visitor.get('/api/public/articles?region=371581101&kind=policy&pageSize=50')).json().items.map((a: { id: string }) => a.id)).toContain(id);
    const edited = await office.patch(`/api/portal/articles/${id}`, { summary: '自2027年1月1日起施行。' });
    expect(edited.json().summary).toBe('自2027年1月1日起施行。');
    const audit = (await db().execute<{ before: { summary: string } }>(sql`SELECT before FROM audit_log WHERE entity_id = ${id} AND action = 'portal.article_update'`)).rows;
    expect(audit[0].before.summary).toBe('自2026年12月1日起施行。');
    expect((await office.post(`/api/portal/articles/${id}/withdraw`, { reason: '文号有误，更正后重新发布' })).statusCode).toBe(200);
    expect((await visitor.get(`/api/public/articles/${id}`)).statusCode).toBe(404);
    expectRefused(await office.patch(`/api/portal/articles/${id}`, { summary: '再改' }), 409, 'WITHDRAWN', null);
  });

  it('keeps one office’s console from another’s area and from departments', async () => {
    const mine = (await office.get('/api/portal/articles?pageSize=100')).json();
    expect(mine.items.every((a: { regionCode: string }) => a.regionCode.startsWith('371581'))).toBe(true);
    expect(mine.items.some((a: { state: string }) => a.state === 'draft')).toBe(true);
    const other = mine.items[0].id;
    expect((await tianqiao.get(`/api/portal/articles/${other}`)).statusCode).toBe(404);
    expectRefused(await tianqiao.post('/api/portal/articles', { regionCode: '371581', kind: 'news', title: '越界发布', body: '正文' }), 400, 'OUTSIDE_AREA', 'regionCode');
    expect((await eco.get('/api/portal/articles')).statusCode).toBe(403);
  });

  it('serves a crowd of visitors from one computation of the indicator view', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => new Client(t.app, `10.7.0.${i + 1}`).get('/api/public/indicators?region=370105')));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.json().computedAt)).size).toBe(1);
  });
});
