import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { multipart } from '../support/matrix';
import { registeredEnterprise } from '../support/factories';

// 一般工业固体废物月度申报 from Excel: a plant's clerk downloads the month's sheet (filled from the
// ledger), corrects it, uploads it, checks the preview and confirms; the ledger gets appended
// movements (never edits), the declaration is submitted, and the ecology bureau sees it. The plant is
// one that registers here, so that its ledger holds only what this file writes (华能临清热电 has a
// demo year of ash behind it).
let t: TestApp;
let power: Client, eco: Client, producer: Client;
let plantName = '';
const db = () => t.database.db;

const monthsAgo = (n: number, day = 10) => {
  const sh = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth() - n, day, 2));
  return { period: d.toISOString().slice(0, 7), at: d.toISOString() };
};
const last = monthsAgo(1);
const thisMonth = monthsAgo(0, 1).period;

interface Line { wasteCode: string; generatedT: number; selfUtilisedT: number; selfDisposedT: number; storedEndT: number; storedStartT: number; receivedT: number; transfers: { receiverName: string; quantityT: number }[] }

const template = async (client: Client, period: string) => {
  const res = await client.get(`/api/declarations/industrial/template.xlsx?period=${period}`);
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
};
/** The row of a class on the 申报表 sheet (the template lists every class from row 5). */
const rowOf = (wb: ExcelJS.Workbook, code: string) => {
  const sheet = wb.getWorksheet('申报表')!;
  for (let r = 5; r <= sheet.rowCount; r++) if (sheet.getCell(`A${r}`).value === code) return sheet.getRow(r);
  throw new Error(`no row for ${code}`);
};
const fill = (wb: ExcelJS.Workbook, code: string, values: { generated?: unknown; utilised?: unknown; disposed?: unknown }) => {
  const row = rowOf(wb, code);
  if (values.generated !== undefined) row.getCell(4).value = values.generated as ExcelJS.CellValue;
  if (values.utilised !== undefined) row.getCell(5).value = values.utilised as ExcelJS.CellValue;
  if (values.disposed !== undefined) row.getCell(6).value = values.disposed as ExcelJS.CellValue;
};
const send = async (client: Client, step: 'preview' | 'confirm', wb: ExcelJS.Workbook, period: string, fields: Record<string, string> = {}) => {
  const { payload, headers } = multipart({ period, ...fields }, { filename: `申报_${period}.xlsx`, content: Buffer.from(await wb.xlsx.writeBuffer()) });
  return client.request('POST', `/api/declarations/industrial/${step}`, payload, headers);
};
const draft = async (period: string) => (await power.get(`/api/declarations/draft?stream=industrial&periodType=month&period=${period}`)).json() as { lines: Line[] };
const count = async (table: string) => Number((await db().execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n);

beforeAll(async () => {
  t = await startTestApp();
  [eco, producer] = await Promise.all(['eco.linqing', 'producer.demo'].map((u) => Client.login(t.app, u)));
  const plant = await registeredEnterprise(t.app);
  expect((await eco.post(`/api/organisations/${plant.organisationId}/verify`, {})).statusCode).toBe(200);
  plantName = plant.body.organisation.name;
  power = await Client.login(t.app, plant.body.admin.username, plant.body.admin.password);
  // The ecology bureau gives 临清 sixty days, so last month is open whatever today's date.
  expect((await eco.put('/api/settings/industrial.declaration_days', { value: 60 })).statusCode).toBe(200);
  // Last month in the ledger: 120 t of fly ash (20 t used in-house) and 42.5 t of desulphurisation gypsum.
  const ash = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerCount: 1, quantityT: 120, generatedAt: last.at });
  expect(ash.statusCode, ash.body).toBe(201);
  const used = await power.post(`/api/ledger/batches/${ash.json().id}/movements`, { kind: 'self_utilise', quantityT: 20, treatmentMethod: '厂内制砖', at: monthsAgo(1, 12).at });
  expect(used.statusCode, used.body).toBe(201);
  expect((await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW06', physicalForm: '固态', containerType: '石膏库', containerCount: 1, quantityT: 42.5, generatedAt: last.at })).statusCode).toBe(201);
});
afterAll(async () => { await t.close(); });

describe('the monthly declaration sheet', () => {
  it('is filled from the ledger: one row per SW class, storage computed, the company and month named', async () => {
    const ledger = await draft(last.period);
    const wb = await template(power, last.period);
    const sheet = wb.getWorksheet('申报表')!;
    expect(sheet.getCell('B2').value).toBe(plantName);
    expect(sheet.getCell('H2').value).toBe(last.period);
    expect(sheet.getRow(4).values).toEqual(expect.arrayContaining(['类别代码', '名称', '产生量(吨)', '自行利用量(吨)', '自行处置量(吨)', '期末贮存量(吨)']));
    const ash = ledger.lines.find((l) => l.wasteCode === 'SW02')!;
    expect(ash).toMatchObject({ generatedT: 120, selfUtilisedT: 20 });
    const row = rowOf(wb, 'SW02');
    expect(row.getCell(2).value).toBe('粉煤灰');
    expect([row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual([ash.generatedT, ash.selfUtilisedT, ash.selfDisposedT]);
    expect((row.getCell(9).value as { formula: string; result: number })).toMatchObject({ formula: 'C5+D5+H5-E5-F5-G5'.replace(/5/g, String(row.number)), result: ash.storedEndT });
    expect(rowOf(wb, 'SW06').getCell(4).value).toBe(42.5);
    // Every class of the catalogue has its row, the ones without movements at 0.
    expect(rowOf(wb, 'SW03').getCell(4).value).toBe(0);
    // Only the three figures are open for editing; the rest of the sheet is protected.
    expect(row.getCell(4).protection?.locked).toBe(false);
    expect(row.getCell(9).protection?.locked).not.toBe(false);
    expect(wb.getWorksheet('委外转移（联单）')).toBeDefined();
  });

  it('lists this month’s hand-overs from the manifests on a read-only second sheet', async () => {
    const [bricks] = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市建材新型墙材有限公司'`)).rows;
    const batch = (await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW03', physicalForm: '固态', containerType: '渣场', containerCount: 1, quantityT: 30 })).json();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const m = (await power.post('/api/manifests/industrial', { batchIds: [batch.id], receiverId: bricks.id, plannedDate: today, purpose: '利用' })).json();
    expect((await power.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('in_transit');
    const wb = await template(power, thisMonth);
    const transfers = wb.getWorksheet('委外转移（联单）')!;
    expect(transfers.getRow(2).values).toEqual(expect.arrayContaining(['SW03', '临清市建材新型墙材有限公司', 30, 1]));
    expect(rowOf(wb, 'SW03').getCell(7).value).toBe(30);
    // exceljs leaves out a cached result of 0; Excel recalculates the formula on opening.
    expect((rowOf(wb, 'SW03').getCell(9).value as { formula: string; result?: number })).toMatchObject({ formula: expect.stringContaining('-G') });
    expect((rowOf(wb, 'SW03').getCell(9).value as { result?: number }).result ?? 0).toBe(0);
  });

  it('is only for the company’s own clerk', async () => {
    expect((await eco.get(`/api/declarations/industrial/template.xlsx?period=${last.period}`)).statusCode).toBe(403);
    expect((await power.get('/api/declarations/industrial/template.xlsx?period=2026-13')).statusCode).toBe(400);
    const anonymous = new Client(t.app);
    expect((await anonymous.get(`/api/declarations/industrial/template.xlsx?period=${last.period}`)).statusCode).toBe(401);
  });
});

describe('uploading the filled sheet', () => {
  it('names the row and column of every problem, and writes nothing', async () => {
    const before = await count('ledger_movements');
    const wb = await template(power, last.period);
    fill(wb, 'SW02', { generated: 'abc', utilised: -3 });
    fill(wb, 'SW06', { generated: 10, utilised: 8, disposed: 5 });
    const sheet = wb.getWorksheet('申报表')!;
    const extra = sheet.rowCount + 1;
    sheet.getRow(extra).values = ['SW98', '未知类别', 0, 1, 0, 0];
    sheet.getRow(extra + 1).values = ['SW06', '脱硫石膏', 0, 1, 0, 0];
    const res = await send(power, 'preview', wb, last.period);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('SHEET_PROBLEMS');
    const issues = body.issues as { path: string; message: { zh: string; en: string } }[];
    const ash = rowOf(wb, 'SW02').number, gypsum = rowOf(wb, 'SW06').number;
    const at = (cell: string) => issues.find((i) => i.path === `申报表!${cell}`);
    expect(at(`D${ash}`)?.message.zh).toBe(`第${ash}行“产生量(吨)”列（D${ash}）：“abc”不是数字`);
    expect(at(`E${ash}`)?.message.en).toContain('cannot be negative');
    expect(at(`A${extra}`)?.message.zh).toContain('SW98');
    expect(at(`A${extra + 1}`)?.message.zh).toContain(`重复（第${gypsum}行已填写）`);
    // 10 t generated and nothing stored before: 8 t used and 5 t disposed is more than there was.
    expect(at(`E${gypsum}`)?.message.zh).toContain('超过可用量 10 吨');
    expect(body.message.en).toMatch(/Row \d+, column/);
    expect(await count('ledger_movements')).toBe(before);
  });

  it('refuses a sheet of another company or another month, and a file that is not the template', async () => {
    const declaredBefore = await count(`declarations WHERE stream = 'industrial'`);
    const theirs = await template(producer, last.period);
    const other = await send(power, 'preview', theirs, last.period);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'SHEET_OTHER_ORGANISATION' });
    expect(other.json().message.zh).toContain('临清市恒通轴承制造有限公司');
    const earlier = await send(power, 'confirm', await template(power, monthsAgo(2).period), last.period);
    expect(earlier.statusCode).toBe(409);
    expect(earlier.json().code).toBe('SHEET_OTHER_PERIOD');
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Sheet1').addRow(['随便什么']);
    const notTemplate = await send(power, 'preview', blank, last.period);
    expect(notTemplate.statusCode).toBe(400);
    expect(notTemplate.json().code).toBe('SHEET_HEADER');
    expect((await send(eco, 'preview', await template(power, last.period), last.period)).statusCode).toBe(403);
    expect(await count(`declarations WHERE stream = 'industrial'`)).toBe(declaredBefore);
  });

  it('previews, per class, ledger against sheet and the movements it would append, writing nothing', async () => {
    const before = await count('ledger_movements');
    const wb = await template(power, last.period);
    fill(wb, 'SW02', { generated: 150, utilised: 15 });
    fill(wb, 'SW06', { generated: '40' });
    fill(wb, 'SW03', { generated: 10, disposed: 4 });
    const res = await send(power, 'preview', wb, last.period);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as { fingerprint: string; lines: { wasteCode: string; ledger: Record<string, number>; sheet: Record<string, number>; difference: Record<string, number>; movements: { kind: string; corrects?: string; quantityT: number }[] }[] };
    const line = (code: string) => preview.lines.find((l) => l.wasteCode === code)!;
    expect(line('SW02')).toMatchObject({ ledger: { generatedT: 120, selfUtilisedT: 20 }, sheet: { generatedT: 150, selfUtilisedT: 15, storedEndT: 135 }, difference: { generatedT: 30, selfUtilisedT: -5, storedEndT: 35 } });
    expect(line('SW02').movements).toEqual([
      expect.objectContaining({ kind: 'generate', quantityT: 30 }),
      expect.objectContaining({ kind: 'correction', corrects: 'self_utilise', quantityT: -5 }),
    ]);
    expect(line('SW06').movements).toEqual([expect.objectContaining({ kind: 'correction', corrects: 'generate', quantityT: -2.5 })]);
    expect(line('SW03').movements.map((m) => [m.kind, m.quantityT])).toEqual([['generate', 10], ['self_dispose', 4]]);
    expect(line('SW05').movements).toEqual([]);
    expect(preview.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(await count('ledger_movements')).toBe(before);
  });

  it('confirms: appends movements in the month, never edits old ones, submits, and the declaration says what the sheet says', async () => {
    const wb = await template(power, last.period);
    fill(wb, 'SW02', { generated: 150, utilised: 15 });
    fill(wb, 'SW06', { generated: 40 });
    fill(wb, 'SW03', { generated: 10, disposed: 4 });
    const { fingerprint } = (await send(power, 'preview', wb, last.period)).json();

    // Someone records more ash after the preview: the confirmation is refused and nothing is written.
    expect((await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerCount: 1, quantityT: 5, generatedAt: monthsAgo(1, 20).at })).statusCode).toBe(201);
    const movementsBefore = await count('ledger_movements');
    const stale = await send(power, 'confirm', wb, last.period, { fingerprint });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('LEDGER_CHANGED');
    expect(await count('ledger_movements')).toBe(movementsBefore);

    const old = (await db().execute(sql`SELECT id, kind, quantity_t, at FROM ledger_movements ORDER BY id`)).rows;
    const again = (await send(power, 'preview', wb, last.period)).json();
    expect(again.lines.find((l: { wasteCode: string }) => l.wasteCode === 'SW02').ledger.generatedT).toBe(125);
    const res = await send(power, 'confirm', wb, last.period, { fingerprint: again.fingerprint, remark: '按月末盘点更正' });
    expect(res.statusCode, res.body).toBe(201);
    const { declaration, movements } = res.json();
    expect(declaration).toMatchObject({ stream: 'industrial', periodType: 'month', period: last.period, version: 1, remark: '按月末盘点更正' });
    const figures = new Map((declaration.figures as Line[]).map((f) => [f.wasteCode, f]));
    expect(figures.get('SW02')).toMatchObject({ generatedT: 150, selfUtilisedT: 15, selfDisposedT: 0, storedEndT: 135 });
    expect(figures.get('SW06')).toMatchObject({ generatedT: 40, storedEndT: 40 });
    expect(figures.get('SW03')).toMatchObject({ generatedT: 10, selfDisposedT: 4, storedEndT: 6 });
    expect((await draft(last.period)).lines.find((l) => l.wasteCode === 'SW02')).toMatchObject({ generatedT: 150, selfUtilisedT: 15 });

    // Old movements are untouched; the new ones are dated on the month's last day (Asia/Shanghai).
    const now = (await db().execute(sql`SELECT id, kind, quantity_t, at FROM ledger_movements WHERE id <= ${Number(old[old.length - 1].id)} ORDER BY id`)).rows;
    expect(now).toEqual(old);
    const added = (await db().execute<{ kind: string; quantity_t: number; day: string; correction_of: number | null }>(sql`
      SELECT kind, quantity_t, to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, correction_of FROM ledger_movements WHERE id > ${Number(old[old.length - 1].id)} ORDER BY id`)).rows;
    expect(added.length).toBe(movements.length);
    const lastDay = new Date(Date.UTC(Number(last.period.slice(0, 4)), Number(last.period.slice(5, 7)), 0)).toISOString().slice(0, 10);
    expect(new Set(added.map((a) => a.day))).toEqual(new Set([lastDay]));
    const corrections = added.filter((a) => a.kind === 'correction');
    expect(corrections.map((c) => Number(c.quantity_t)).sort()).toEqual([-5, -2.5].sort());
    expect(corrections.every((c) => c.correction_of !== null)).toBe(true);
    expect(await count(`audit_log WHERE action = 'declaration.excel_import'`)).toBe(1);
    expect(await count(`audit_log WHERE action = 'declaration.submit'`)).toBeGreaterThanOrEqual(1);

    // The ecology bureau sees the plant as declared for the month.
    const overview = (await eco.get(`/api/declarations?stream=industrial&periodType=month&period=${last.period}&pageSize=100`)).json();
    expect(overview.items.find((i: { organisationName: string }) => i.organisationName === plantName)).toMatchObject({ declared: true, version: 1 });
  });

  it('refuses a second submission of the month, with nothing written', async () => {
    const movements = await count('ledger_movements'), declared = await count('declarations');
    const wb = await template(power, last.period);
    fill(wb, 'SW02', { generated: 160 });
    const res = await send(power, 'confirm', wb, last.period);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ALREADY_DECLARED');
    expect(res.json().message.zh).toContain('已申报');
    expect((await send(power, 'preview', wb, last.period)).json().code).toBe('ALREADY_DECLARED');
    expect([await count('ledger_movements'), await count('declarations')]).toEqual([movements, declared]);
  });

  it('refuses a closed period, with nothing written', async () => {
    expect((await eco.put('/api/settings/industrial.declaration_days', { value: 15 })).statusCode).toBe(200);
    const closed = monthsAgo(3).period;
    const wb = await template(power, closed);
    fill(wb, 'SW02', { generated: 1 });
    const movements = await count('ledger_movements'), declared = await count('declarations');
    const res = await send(power, 'confirm', wb, closed);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PERIOD_CLOSED');
    expect(res.json().message.zh).toContain('截止');
    expect([await count('ledger_movements'), await count('declarations')]).toEqual([movements, declared]);
    const unfinished = await send(power, 'confirm', await template(power, thisMonth), thisMonth);
    expect(unfinished.statusCode).toBe(400);
    expect(unfinished.json().code).toBe('PERIOD_NOT_OVER');
  });
});
