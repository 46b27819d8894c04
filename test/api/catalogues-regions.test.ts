import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { upload } from '../support/matrix';

// The catalogues (国家危险废物名录 and the others) and the region tree: browsing, searching, and
// importing new versions from the spreadsheets an operator actually has.

let t: TestApp;
let admin: Client, producer: Client;

beforeAll(async () => {
  t = await startTestApp();
  [admin, producer] = await Promise.all(['admin', 'producer.demo'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

type Entry = { code: string; name: string; category: string; hazard: string[] };
const entries = async (query: string) => {
  const res = await producer.get(`/api/catalogues/hazardous/entries?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Entry[]; total: number; version: { id: string; label: string }; categories: { category: string }[] };
};
const codes = (page: { items: Entry[] }) => page.items.map((e) => e.code);

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名录');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// The template loads ../shared/data/hw_catalog_2021.csv when it is there, otherwise the project's
// own sample; both hold the codes named below.
describe('browsing the hazardous-waste list', () => {
  it('finds entries by the start of their code', async () => {
    const found = await entries('q=900-2&pageSize=100');
    expect(codes(found).length).toBeGreaterThanOrEqual(3);
    expect(codes(found).filter((c) => !c.startsWith('900-2'))).toEqual([]);
    expect(codes(found)).toEqual(expect.arrayContaining(['900-214-08', '900-249-08', '900-252-12']));
    expect(codes(await entries('q=900-249'))).toEqual(['900-249-08']);
  });

  it('finds entries by a word of their name', async () => {
    const found = await entries(`q=${encodeURIComponent('废矿物油')}&pageSize=100`);
    expect(found.items.length).toBeGreaterThanOrEqual(2);
    expect(found.items.filter((e) => !e.name.includes('废矿物油'))).toEqual([]);
    expect(codes(found)).toContain('900-249-08');
  });

  it('filters by category and lists the categories there are', async () => {
    const hw49 = await entries('category=HW49&pageSize=100');
    expect(hw49.items.filter((e) => e.category !== 'HW49')).toEqual([]);
    expect(codes(hw49)).toEqual(expect.arrayContaining(['900-041-49', '900-047-49', '900-039-49']));
    expect(hw49.categories.map((c) => c.category)).toEqual(expect.arrayContaining(['HW01', 'HW08', 'HW49']));
  });

  it('lists each catalogue with its one current version and its size', async () => {
    const res = await producer.get('/api/catalogues');
    expect(res.statusCode).toBe(200);
    const hazardous = res.json().find((c: { catalogue: string }) => c.catalogue === 'hazardous');
    expect(hazardous).toMatchObject({ zh: '国家危险废物名录' });
    expect(hazardous.versions).toHaveLength(1);
    const [version] = hazardous.versions;
    expect(version.isCurrent).toBe(true);
    expect(version.label).toMatch(/^(2021年版|样例（项目自带）)$/);
    expect(version.entryCount).toBe((await entries('')).total);
  });
});

describe('importing a new version of the hazardous-waste list', () => {
  let first: { id: string; label: string; total: number };

  it('imports an Excel file with the list’s own Chinese headers, reporting bad rows by number while the good ones go in', async () => {
    const current = await entries('');
    first = { ...current.version, total: current.total };
    const file = await workbook([
      ['废物类别', '行业来源', '废物代码', '危险废物', '危险特性'],
      ['HW08', '非特定行业', '900-199-08', '内燃机、汽车、轮船等集中拆解过程产生的废矿物油及油泥', 'T,I'],
      ['HW08', '非特定行业', '900-200-08', '珩磨、研磨、打磨过程产生的废矿物油及油泥', 'T/I'],
      ['HW49', '非特定行业', '900-41-49', '代码少了一位', 'T'],
      ['HW49', '非特定行业', '900-044-49', '危险特性写错了', 'X'],
      ['HW49', '非特定行业', '900-045-49', '废电路板（包括已拆除或未拆除元器件的废弃电路板）', 'T'],
    ]);
    const res = await upload(admin, '/api/catalogues/hazardous/import', { label: '2025年版（测试）', makeCurrent: 'true' }, { filename: '名录2025.xlsx', content: file });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(result).toMatchObject({ label: '2025年版（测试）', entryCount: 3, isCurrent: true });
    expect(result.problems.map((p: { row: number }) => p.row)).toEqual([4, 5]);
    expect(result.problems[0].message.zh).toBe('第4行：危险废物代码“900-41-49”格式应为 900-041-49');
    expect(result.problems[1].message.en).toBe('Row 5: unknown hazard characteristic "X" (T, C, I, R, In)');
    const now = await entries('');
    expect(now.version.label).toBe('2025年版（测试）');
    expect(now.items).toEqual([
      expect.objectContaining({ code: '900-199-08', category: 'HW08', hazard: ['T', 'I'] }),
      expect.objectContaining({ code: '900-200-08', hazard: ['T', 'I'] }),
      expect.objectContaining({ code: '900-045-49', category: 'HW49', hazard: ['T'] }),
    ]);
  });

  it('keeps the old version browsable by its id', async () => {
    const old = await entries(`versionId=${first.id}&pageSize=100`);
    expect(old.version.label).toBe(first.label);
    expect(old.total).toBe(first.total);
    expect(codes(old)).toContain('841-001-01');
  });

  it('imports a CSV as a further version without making it current unless asked', async () => {
    const csv = '\uFEFFcode,name,category,hazard\n900-300-08,测试用废油,HW08,T\n772-002-18,焚烧处置残渣,HW18,T\n';
    const res = await upload(admin, '/api/catalogues/hazardous/import', { label: 'CSV测试版' }, { filename: 'hw.csv', content: csv, contentType: 'text/csv' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ entryCount: 2, isCurrent: false, problems: [] });
    expect((await entries('')).version.label).toBe('2025年版（测试）');
    const versions = (await producer.get('/api/catalogues')).json().find((c: { catalogue: string }) => c.catalogue === 'hazardous').versions;
    expect(versions.map((v: { label: string }) => v.label).sort()).toEqual(['2025年版（测试）', 'CSV测试版', first.label].sort());
  });

  it('refuses a version label used already, with 409', async () => {
    const res = await upload(admin, '/api/catalogues/hazardous/import', { label: 'CSV测试版' }, { filename: 'hw.csv', content: 'code,name\n900-300-08,测试用废油\n' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE_VERSION', path: 'label', message: { zh: '版本“CSV测试版”已存在，请换一个版本名' } });
  });

  it('refuses a file that is neither CSV nor Excel', async () => {
    const res = await upload(admin, '/api/catalogues/hazardous/import', { label: 'PDF版' }, { filename: 'hw.pdf', content: '%PDF-1.4' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'FILE_TYPE', path: 'file' });
  });

  it('refuses a file with no usable row, creating no version', async () => {
    const res = await upload(admin, '/api/catalogues/hazardous/import', { label: '全是错的' }, { filename: 'bad.csv', content: 'code,name\n12-34,坏代码\n' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('NO_ROWS');
    const versions = (await producer.get('/api/catalogues')).json().find((c: { catalogue: string }) => c.catalogue === 'hazardous').versions;
    expect(versions.map((v: { label: string }) => v.label)).not.toContain('全是错的');
  });
});

describe('the region tree', () => {
  type Region = { code: string; name: string; level: string; parentCode: string | null };
  const children = async (parent: string) => {
    const res = await producer.get(`/api/regions?parent=${parent}`);
    expect(res.statusCode).toBe(200);
    return res.json().items as Region[];
  };

  it(`lists the 16 towns of 临清市, 4 街道 and 12 镇 (from ${fs.existsSync('/work/shared/data/shandong_divisions.csv') ? 'shandong_divisions.csv' : 'the project’s own sample'})`, async () => {
    const towns = await children('371581');
    expect(towns).toHaveLength(16);
    expect(towns.every((r) => r.level === 'town' && r.parentCode === '371581')).toBe(true);
    expect(towns.filter((r) => r.name.endsWith('街道'))).toHaveLength(4);
    expect(towns.filter((r) => r.name.endsWith('镇'))).toHaveLength(12);
    expect(towns.map((r) => r.name)).toEqual(expect.arrayContaining(['青年路街道', '松林镇', '烟店镇']));
  });

  it('tells how many children each region has, so the tree knows what opens', async () => {
    const cities = (await producer.get('/api/regions?parent=370000')).json().items as { name: string; childCount: number }[];
    expect(cities.find((c) => c.name === '聊城市')!.childCount).toBeGreaterThanOrEqual(8);
    const towns = (await producer.get('/api/regions?parent=371581')).json().items as { childCount: number }[];
    expect(towns.every((t) => t.childCount === 0)).toBe(true);
  });

  it('shows a region with its ancestors', async () => {
    const res = await producer.get('/api/regions/371581109');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '烟店镇', level: 'town', ancestors: [{ code: '370000' }, { code: '371500', name: '聊城市' }, { code: '371581', name: '临清市' }] });
  });

  it('refuses a parent that is not a region code', async () => {
    const res = await producer.get('/api/regions?parent=abc');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REGION_CODE', path: 'parent' });
  });

  it('imports a CSV that adds one town and renames another, reporting a bad row by number', async () => {
    const csv = 'code,name\n371581991,临清测试园区\n371581113,尚店镇（新）\nabc,坏行\n';
    const res = await upload(admin, '/api/regions/import', {}, { filename: 'regions.csv', content: csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 1, updated: 1 });
    expect(res.json().problems).toEqual([{ row: 4, message: { zh: '第4行：代码“abc”或名称无效', en: 'Row 4: code "abc" or name is not valid' } }]);
    const towns = await children('371581');
    expect(towns).toHaveLength(17);
    expect(towns.find((r) => r.code === '371581113')?.name).toBe('尚店镇（新）');
    expect(towns.find((r) => r.code === '371581991')).toMatchObject({ name: '临清测试园区', level: 'town' });
  });

  it('imports an Excel file with Chinese headers, towns under a new county included', async () => {
    const file = await workbook([['代码', '名称'], ['371599', '测试县'], ['371599100', '测试县城关镇'], ['371581992', '临清新区']]);
    const res = await upload(admin, '/api/regions/import', {}, { filename: '区划.xlsx', content: file });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 3, updated: 0, problems: [] });
    expect((await children('371599')).map((r) => r.name)).toEqual(['测试县城关镇']);
    expect((await children('371500')).map((r) => r.code)).toContain('371599');
    expect(await children('371581')).toHaveLength(18);
  });

  it('refuses an import without a file', async () => {
    const res = await upload(admin, '/api/regions/import', { note: 'no file' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'FILE_REQUIRED', path: 'file' });
  });
});
