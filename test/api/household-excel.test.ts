import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { upload } from '../support/matrix';

// 生活垃圾 from Excel: the urban-management bureau downloads its register of communities and villages,
// fills it and uploads it (preview, then confirm); a bad cell is named by row and column and nothing is
// written; the same file again changes nothing. A plant's weighbridge history, exported in kilograms
// or tonnes as .xlsx or .csv, goes through the weighbridge checks, and a resent file counts duplicates.
let t: TestApp;
let urban: Client, wte: Client, eco: Client;
let plantId = '', otherPlantId = '', guanxianPlantId = '';
let towns: { code: string; name: string }[] = [];
const db = () => t.database.db;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
const dayBefore = new Date(Date.now() + 8 * 3_600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
const suffix = () => crypto.randomInt(1e6, 1e7);

const count = async (table: 'household_places' | 'household_place_status' | 'weighbridge_tickets') => Number((await db().execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n);
const xlsx = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());
const importPlaces = (client: Client, content: Buffer, confirm: boolean) =>
  upload(client, `/api/household/places/import?confirm=${confirm}`, {}, { filename: '名录.xlsx', content, contentType: XLSX });
const importTickets = (client: Client, facilityId: string, filename: string, content: Buffer | string, confirm: boolean) =>
  upload(client, `/api/household/facilities/${facilityId}/tickets/import?confirm=${confirm}`, {}, { filename, content });

async function template(): Promise<ExcelJS.Workbook> {
  const res = await urban.get('/api/household/places/template.xlsx');
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

beforeAll(async () => {
  t = await startTestApp();
  [urban, wte, eco] = await Promise.all(['urban.linqing', 'wte.demo', 'eco.linqing'].map((u) => Client.login(t.app, u)));
  towns = (await db().execute<{ code: string; name: string }>(sql`SELECT code, name FROM regions WHERE level = 'town' AND code LIKE '371581%' ORDER BY code LIMIT 2`)).rows;
  const [{ id: wteOrg }] = (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = 'wte.demo'`)).rows;
  const plant = await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'incineration', name: `导入测试焚烧厂${suffix()}`, capacityTPerDay: 600, classes: ['other', 'kitchen'], operatorId: wteOrg });
  expect(plant.statusCode, plant.body).toBe(201);
  plantId = plant.json().id;
  otherPlantId = (await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'transfer_station', name: `导入测试转运站${suffix()}`, classes: ['other'] })).json().id;
  // A transfer station of 冠县, registered as its own bureau would: outside 临清's area.
  const [{ id: userId }] = (await db().execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'urban.linqing'`)).rows;
  guanxianPlantId = (await db().execute<{ id: string }>(sql`INSERT INTO household_facilities (region_code, kind, name, classes, created_by) VALUES ('371525', 'transfer_station', ${`冠县转运站${suffix()}`}, ARRAY['other'], ${userId}) RETURNING id`)).rows[0].id;
});
afterAll(async () => { await t.close(); });

describe('the register of communities and villages from Excel', () => {
  it('downloads the template, previews the filled rows without writing, confirms them with their audit, and changes nothing on the same file again', async () => {
    const wb = await template();
    const sheet = wb.getWorksheet('小区和村')!;
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['镇街（区划代码或名称）', '类型（居民小区/行政村）', '名称', '户数', '分类投放', '状态日期']));
    expect(wb.getWorksheet('镇街')!.rowCount).toBeGreaterThan(1);
    const community = `运河花园${suffix()}`, village = `前屯村${suffix()}`;
    const first = sheet.rowCount + 1;
    sheet.getRow(first).values = [towns[0].name, '居民小区', community, '运河路1号', 320, '是', '是', '是', '是', 2, new Date(`${dayBefore}T00:00:00Z`)];
    sheet.getRow(first + 1).values = [towns[1].code, '行政村', village, '', 185, '是', '否', '否', '否', '', dayBefore];
    const file = await xlsx(wb);
    const [places, statuses] = [await count('household_places'), await count('household_place_status')];

    const preview = await importPlaces(urban, file, false);
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body.problems).toBe(0);
    expect(body.counts).toMatchObject({ new: 2, status: 0, problem: 0 });
    const rows = Object.fromEntries(body.rows.map((r: { name: string }) => [r.name, r]));
    expect(rows[community]).toMatchObject({ row: first, status: 'new', regionCode: towns[0].code, kind: 'community', values: { households: 320, sortedTreatment: true, collectionRooms: 2, asOf: dayBefore } });
    expect(rows[village]).toMatchObject({ status: 'new', regionCode: towns[1].code, regionName: towns[1].name, kind: 'village', values: { households: 185, sortedCollection: false, collectionRooms: 0 } });
    expect(await count('household_places')).toBe(places);

    const confirmed = await importPlaces(urban, file, true);
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({ created: 2, statuses: 0 });
    expect(await count('household_places')).toBe(places + 2);
    expect(await count('household_place_status')).toBe(statuses + 2);
    const listed = (await urban.get(`/api/household/places?regionCode=${towns[0].code}&pageSize=100`)).json();
    expect(listed.items.find((p: { name: string }) => p.name === community)).toMatchObject({ covered: true, status: { households: 320, asOf: dayBefore } });
    const audits = (await db().execute<{ action: string }>(sql`SELECT action FROM audit_log WHERE action LIKE 'household.place%' AND (after::text LIKE ${`%${community}%`} OR after::text LIKE ${`%${village}%`})`)).rows.map((r) => r.action).sort();
    expect(audits).toEqual(['household.place.register', 'household.place.register', 'household.places.import']);

    const again = await importPlaces(urban, file, false);
    expect(again.json().counts).toMatchObject({ new: 0, status: 0, problem: 0 });
    expect(again.json().counts.unchanged).toBe(again.json().rows.length);
    expect((await importPlaces(urban, file, true)).json()).toMatchObject({ created: 0, statuses: 0 });
    expect(await count('household_places')).toBe(places + 2);
    expect(await count('household_place_status')).toBe(statuses + 2);

    // The template now carries the new places; a later count is a new dated status, the earlier one stays.
    const next = await template();
    const rowOf = next.getWorksheet('小区和村')!.getRows(4, 5000)!.find((r) => r.getCell(3).value === community)!;
    expect(rowOf.getCell(5).value).toBe(320);
    rowOf.getCell(5).value = 340;
    rowOf.getCell(11).value = yesterday;
    const updated = await importPlaces(urban, await xlsx(next), false);
    expect(updated.json().counts).toMatchObject({ new: 0, status: 1, problem: 0 });
    expect(updated.json().rows.find((r: { name: string }) => r.name === community)).toMatchObject({ status: 'status', current: { households: 320, asOf: dayBefore }, values: { households: 340, asOf: yesterday } });
    expect((await importPlaces(urban, await xlsx(next), true)).json()).toMatchObject({ created: 0, statuses: 1 });
    expect(await count('household_place_status')).toBe(statuses + 3);
  });

  it('names each bad cell by row and column, and writes nothing while any row has a problem', async () => {
    const wb = await template();
    const sheet = wb.getWorksheet('小区和村')!;
    const r = sheet.rowCount + 1;
    const good = `好邻居小区${suffix()}`;
    sheet.getRow(r).values = [towns[0].name, '居民小区', good, '', 100, '是', '是', '是', '是', 1, yesterday];
    sheet.getRow(r + 1).values = ['不存在镇', '居民小区', `无名小区${suffix()}`, '', 100, '是', '是', '是', '是', 1, yesterday];
    sheet.getRow(r + 2).values = [towns[0].code, '居民小区', `负户小区${suffix()}`, '', -5, '可能', '是', '是', '是', 1, yesterday];
    const file = await xlsx(wb);
    const places = await count('household_places');

    const preview = await importPlaces(urban, file, false);
    expect(preview.statusCode, preview.body).toBe(200);
    const problems = preview.json().rows.flatMap((row: { problems: { path: string; message: { zh: string; en: string } }[] }) => row.problems);
    expect(problems.map((p: { path: string }) => p.path).sort()).toEqual([`小区和村!A${r + 1}`, `小区和村!E${r + 2}`, `小区和村!F${r + 2}`]);
    const town = problems.find((p: { path: string }) => p.path.endsWith(`A${r + 1}`));
    expect(town.message.zh).toContain(`第${r + 1}行“镇街（区划代码或名称）”列`);
    expect(town.message.zh).toContain('不存在镇');
    expect(town.message.en).toContain(`Row ${r + 1}`);
    expect(problems.find((p: { path: string }) => p.path.endsWith(`F${r + 2}`)).message.zh).toContain('“可能”应为“是”或“否”');
    expect(preview.json().rows.find((row: { name: string }) => row.name === good).status).toBe('new');

    const refused = await importPlaces(urban, file, true);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'SHEET_PROBLEMS', path: 'file' });
    expect(refused.json().issues.map((i: { path: string }) => i.path)).toContain(`小区和村!E${r + 2}`);
    expect(refused.json().message.zh).toContain('未作任何修改');
    expect(await count('household_places')).toBe(places);
  });

  it('refuses a status dated before the place’s latest, naming the date cell', async () => {
    const name = `回溯小区${suffix()}`;
    const made = await urban.post('/api/household/places', { regionCode: towns[0].code, kind: 'community', name, status: { asOf: yesterday, households: 50, sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: true } });
    expect(made.statusCode, made.body).toBe(201);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('小区和村');
    sheet.addRow(['镇街（区划代码或名称）', '类型（居民小区/行政村）', '名称', '户数', '分类投放', '分类收集', '分类运输', '分类处理', '状态日期']);
    sheet.addRow([towns[0].code, '小区', name, 60, '是', '是', '是', '是', '2020-01-01']);
    const preview = (await importPlaces(urban, await xlsx(wb), false)).json();
    expect(preview.rows[0]).toMatchObject({ status: 'problem', placeId: made.json().id });
    expect(preview.rows[0].problems).toEqual([expect.objectContaining({ path: '小区和村!I2', column: 'asOf' })]);
    expect(preview.rows[0].problems[0].message.zh).toContain(`已有 ${yesterday} 的状态`);
  });

  it('is not for the ecology bureau', async () => {
    expect((await eco.get('/api/household/places/template.xlsx')).statusCode).toBe(403);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('小区和村').addRow(['名称', '户数']);
    expect((await importPlaces(eco, await xlsx(wb), false)).statusCode).toBe(403);
  });
});

describe('a facility’s weighbridge history from its software’s export', () => {
  const plate = () => `鲁P${crypto.randomInt(10000, 99999)}`;

  it('reads an export in kilograms by its headers, converts to tonnes, and writes through the weighbridge checks', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('过磅记录');
    sheet.addRow(['某某称重管理系统 导出']);
    sheet.addRow(['序号', '磅单号', '车牌号', '货物名称', '毛重(kg)', '皮重(kg)', '净重(kg)', '进场时间', '出场时间', '来源（镇街）']);
    const numbers = [`XL${suffix()}`, `XL${suffix()}`];
    sheet.addRow([1, numbers[0], plate(), '生活垃圾', 18400, 10200, 8200, new Date(`${yesterday}T08:10:00Z`), new Date(`${yesterday}T08:22:00Z`), towns[0].name]);
    sheet.addRow([2, numbers[1], plate(), '厨余垃圾', 12650, 9800, 2850, `${yesterday} 09:05:00`, `${yesterday} 09:15:30`, '']);
    const file = await xlsx(wb);
    const before = await count('weighbridge_tickets');

    const preview = await importTickets(urban, plantId, '地磅导出.xlsx', file, false);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ unit: 'kg', unitBasis: 'header', counts: { rows: 2, new: 2, resent: 0, problem: 0 } });
    expect(preview.json().unitNote.zh).toContain('千克');
    expect(preview.json().rows[0]).toMatchObject({ ticketNo: numbers[0], wasteClass: 'other', grossT: 18.4, tareT: 10.2, netT: 8.2, originRegionCode: towns[0].code, inAt: `${yesterday}T00:10:00.000Z` });
    expect(preview.json().rows[1]).toMatchObject({ wasteClass: 'kitchen', netT: 2.85, outAt: `${yesterday}T01:15:30.000Z` });
    expect(await count('weighbridge_tickets')).toBe(before);

    const confirmed = await importTickets(urban, plantId, '地磅导出.xlsx', file, true);
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({ rows: 2, accepted: 2, duplicates: 0, unit: 'kg' });
    const listed = (await urban.get(`/api/weighbridge/tickets?facilityId=${plantId}&from=${yesterday}&to=${yesterday}`)).json();
    expect(listed.items.find((i: { ticketNo: string }) => i.ticketNo === numbers[1])).toMatchObject({ netT: 2.85, wasteClass: 'kitchen', state: 'effective' });
    const [audit] = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'household.tickets.import' AND entity_id = ${plantId}`)).rows;
    expect(audit.n).toBe(1);
  });

  it('takes a CSV without units by the size of its weights, and counts a resent file as duplicates', async () => {
    const no = [`CSV${suffix()}`, `CSV${suffix()}`];
    const csv = ['单号,车号,品名,毛重,皮重,净重,过磅时间', `${no[0]},${plate()},其他垃圾,15320,9900,5420,${yesterday} 10:00`, `${no[1]},${plate()},混合垃圾,16100,9950,6150,${yesterday} 11:30`].join('\r\n');
    const preview = (await importTickets(wte, plantId, 'export.csv', csv, false)).json();
    expect(preview).toMatchObject({ unit: 'kg', unitBasis: 'magnitude', counts: { new: 2, problem: 0 } });
    expect(preview.unitNote.zh).toContain('按千克');
    expect(preview.rows.map((r: { wasteClass: string; netT: number }) => [r.wasteClass, r.netT])).toEqual([['other', 5.42], ['mixed', 6.15]]);

    expect((await importTickets(wte, plantId, 'export.csv', csv, true)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    const before = await count('weighbridge_tickets');
    const again = await importTickets(wte, plantId, 'export.csv', csv, false);
    expect(again.json().counts).toMatchObject({ new: 0, resent: 2 });
    expect((await importTickets(wte, plantId, 'export.csv', csv, true)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await count('weighbridge_tickets')).toBe(before);
  });

  it('names an unknown cargo and a bad weight by their cells, and writes nothing', async () => {
    const csv = ['磅单号,车牌号,垃圾类别,毛重（吨）,皮重（吨）,净重（吨）,进场时间,出场时间',
      `B${suffix()},${plate()},其他垃圾,18.4,10.2,8.2,${yesterday} 08:00,${yesterday} 08:10`,
      `B${suffix()},${plate()},建筑垃圾,18.4,10.2,8.2,${yesterday} 08:20,${yesterday} 08:30`,
      `B${suffix()},${plate()},其他垃圾,18.4,10.2,9.9,${yesterday} 08:40,${yesterday} 08:50`].join('\n');
    const before = await count('weighbridge_tickets');
    const preview = (await importTickets(urban, plantId, 'bad.csv', csv, false)).json();
    expect(preview).toMatchObject({ unit: 't', unitBasis: 'header', counts: { new: 1, problem: 2 } });
    const paths = preview.rows.flatMap((r: { problems: { path: string }[] }) => r.problems.map((p) => p.path));
    expect(paths).toEqual(['bad.csv!C3', 'bad.csv!F4']);
    const cargo = preview.rows.find((r: { row: number }) => r.row === 3).problems[0];
    expect(cargo.message.zh).toContain('第3行“垃圾类别”列（C3）');
    expect(cargo.message.zh).toContain('建筑垃圾');
    const net = preview.rows.find((r: { row: number }) => r.row === 4).problems[0];
    expect(net.message.zh).toContain('净重应等于毛重减皮重');

    const refused = await importTickets(urban, plantId, 'bad.csv', csv, true);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'SHEET_PROBLEMS' });
    expect(await count('weighbridge_tickets')).toBe(before);
  });

  it('sends a file larger than one weighbridge batch in several, all in one import', async () => {
    const prefix = `BIG${suffix()}-`;
    const truck = plate();
    const lines = Array.from({ length: 10_005 }, (_v, i) => `${prefix}${i},${truck},其他垃圾,18.4,10.2,8.2,${yesterday} 12:00`);
    const csv = ['磅单号,车牌号,货物名称,毛重(t),皮重(t),净重(t),过磅时间', ...lines].join('\n');
    const before = await count('weighbridge_tickets');
    const done = await importTickets(urban, plantId, 'year.csv', csv, true);
    expect(done.statusCode, done.body.slice(0, 500)).toBe(201);
    expect(done.json()).toMatchObject({ rows: 10_005, accepted: 10_005, duplicates: 0 });
    expect(await count('weighbridge_tickets')).toBe(before + 10_005);
    const preview = (await importTickets(urban, plantId, 'year.csv', csv, false)).json();
    expect(preview.counts).toMatchObject({ rows: 10_005, resent: 10_005, new: 0 });
    expect(preview.rows).toHaveLength(200);
  });

  it('is for the keepers of the area and the facility’s own operator only', async () => {
    const csv = `磅单号,车牌号,货物名称,毛重,皮重,净重,出场时间\nN${suffix()},${plate()},其他垃圾,18.4,10.2,8.2,${yesterday} 08:10`;
    expect((await importTickets(eco, plantId, 'x.csv', csv, false)).statusCode).toBe(403);
    expect((await importTickets(urban, guanxianPlantId, 'x.csv', csv, false)).statusCode).toBe(404);
    expect((await importTickets(wte, otherPlantId, 'x.csv', csv, false)).statusCode).toBe(404);
    expect((await importTickets(wte, plantId, 'x.csv', csv, false)).statusCode).toBe(200);
  });
});
