import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';
import { shanghaiDate, shanghaiYear } from '../../src/domain/labels';

// The regulator's views over a 临清 built through the API on top of the demo year: 恒通轴承 files a
// key-class plan, holds waste of three ages and has a load refused; 绿源 is licensed and misses a
// receipt deadline; 康庄镇卫生院 holds medical waste past two days. 冠县's regulator, an enterprise and
// the health commission each see what is theirs. The demo's own figures are read first (`base`), and
// what this file adds is checked on top of them.

let t: TestApp;
let producer: Client, driver: Client, receiver: Client, eco: Client, ecoGuanxian: Client, urban: Client, health: Client, clinic: Client;
const ids: Record<string, string> = {};
const year = shanghaiYear();
const today = shanghaiDate(new Date());
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
let refusedNumber = '';

interface KeyUnitItem { id: string; name: string; regionCode: string; reasons: { reason: string; detail: Record<string, unknown> }[] }
interface StoreItem { organisationName: string; wasteCode: string; heldT: number; batches: number; ageDays: number; band: string }
const reasonsOf = (items: KeyUnitItem[], name: string) => items.find((u) => u.name === name)?.reasons.map((r) => r.reason).sort();
interface Band { band: string; heldT: number; batches: number; organisations: number }
interface CapacityRow { category: string; categoryName: string; generatedT: number; plannedT: number; capacityT: number; gapT: number; status: string; receivers: { name: string }[] }
interface MapPoint { name: string; kind: string; heldT: number | null; licensedCapacityT: number | null; longitude: number }
/** What the views showed of the demo before this file wrote anything. */
const base = {} as { store: { items: StoreItem[]; totals: Band[] }; capacity: CapacityRow[]; map: MapPoint[]; healthUnits: string[]; healthMap: string[]; hengtong: Record<string, any> };
const t3 = (n: number) => Math.round(n * 1000) / 1000;
// Tonnes as the ledger keeps them (numeric(14,4)): a band's sum over many batches keeps the fourth decimal.
const t4 = (n: number) => Math.round(n * 10_000) / 10_000;

async function orgId(name: string) {
  const [row] = (await t.database.db.execute(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows as { id: string }[];
  return row.id;
}

const batch = async (client: Client, wasteCode: string, quantityT: number, generatedAt?: string) => {
  const res = await client.post('/api/ledger/batches', { wasteCode, physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT, ...(generatedAt ? { generatedAt } : {}) });
  if (res.statusCode !== 201) throw new Error(`batch: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string };
};

/** A load of 恒通's to 绿源, picked up by 安运's driver. */
async function manifestPickedUp(wasteCode: string, quantityT: number) {
  const b = await batch(producer, wasteCode, quantityT);
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  const m = (await producer.post('/api/manifests', {
    batchIds: [b.id], receiverId: ids.lvyuan, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id, driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id,
    plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉、围堰',
  })).json() as { id: string; number: string };
  expect((await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
  expect((await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: quantityT, origin: '松林镇', destination: '唐园镇' } })).statusCode).toBe(200);
  return m;
}

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, receiver, eco, ecoGuanxian, urban, health, clinic] = await Promise.all(['producer.demo', 'driver.demo', 'receiver.demo', 'eco.linqing', 'eco.guanxian', 'urban.linqing', 'health.linqing', 'clinic.kangzhuang']
    .map((u) => Client.login(t.app, u)));
  ids.hengtong = await orgId('临清市恒通轴承制造有限公司');
  ids.lvyuan = await orgId('临清市绿源环保科技有限公司');
  ids.medwaste = await orgId('聊城市医疗废物集中处置中心（临清）有限公司');
  ids.collector = await orgId('临清市医疗废物收集转运有限公司');
  base.store = (await eco.get('/api/supervision/store?pageSize=100')).json();
  base.capacity = (await eco.get(`/api/supervision/capacity?year=${year}`)).json().rows;
  base.map = (await eco.get('/api/supervision/map')).json().points;
  base.healthUnits = ((await health.get('/api/supervision/key-units?pageSize=100')).json().items as KeyUnitItem[]).map((u) => u.name);
  base.healthMap = ((await health.get('/api/supervision/map')).json().points as MapPoint[]).map((p) => p.name);
  base.hengtong = (await eco.get(`/api/organisations/${ids.hengtong}/history`)).json();

  // 恒通's plan: 26,000 t of waste oil and 5 t of lead batteries a year makes it a key unit.
  const plan = await producer.put(`/api/plans/mine/${year}`, {
    ownFacility: false,
    tables: {
      A2: [{ name: '1号危废暂存间', area: 60 }], A3: [{ wasteCode: '900-249-08', expectedT: 26_000, physicalForm: '液态' }, { wasteCode: '900-052-31', expectedT: 5, physicalForm: '固态' }],
      A4: [{ facility: '1号危废暂存间', capacityT: 50 }], A5: [{ note: '无自行利用处置' }], A6: { measures: '切削液循环使用' }, A7: [{ wasteCode: '900-249-08', expectedT: 26_000, receiver: '临清市绿源环保科技有限公司' }],
    },
  });
  expect(plan.json().managementClass).toBe('key');
  expect((await producer.post(`/api/plans/mine/${year}/submit`)).statusCode).toBe(200);
  expect((await eco.post(`/api/plans/${plan.json().id}/approve`, {})).statusCode).toBe(200);

  // Waste of three ages in 恒通's store, and medical waste at the clinic.
  await batch(producer, '900-249-08', 2, daysAgo(400));
  await batch(producer, '900-249-08', 0.5);
  await batch(producer, '900-041-49', 1, daysAgo(120));
  await batch(clinic, '841-001-01', 0.2, daysAgo(3));
  await batch(clinic, '841-001-01', 0.1);

  // A load 绿源 refuses, and one whose receipt it lets run past the deadline (a high alarm).
  const refused = await manifestPickedUp('900-039-49', 1);
  refusedNumber = refused.number;
  const reception = await receiver.post(`/api/manifests/${refused.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'refused', receivedWeightT: 0, refusalReason: '包装破损渗漏' } });
  expect(reception.json().status, reception.body).toBe('refused');
  const late = await manifestPickedUp('900-214-08', 0.3);
  await t.database.db.execute(sql`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = ${late.id}`);
  expect((await runRule(t.database.db, ruleByKey('receipt_overdue')!)).map((a) => a.subjectId)).toContain(late.id);
});
afterAll(async () => { await t?.close(); });

describe('the key-supervision list (重点监管单位名录)', () => {
  it('lists each unit with every reason it is on the list, computed from the records as they stand', async () => {
    const res = await eco.get('/api/supervision/key-units?pageSize=100');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total, byReason } = res.json() as { items: KeyUnitItem[]; total: number; byReason: Record<string, number> };
    expect(reasonsOf(items, '临清市恒通轴承制造有限公司')).toEqual(['key_class', 'overdue_store', 'refused_manifest']);
    expect(reasonsOf(items, '临清市绿源环保科技有限公司')).toEqual(['high_alarm', 'licensed']);
    expect(reasonsOf(items, '聊城市医疗废物集中处置中心（临清）有限公司')).toEqual(['licensed']);
    expect(reasonsOf(items, '临清市医疗废物收集转运有限公司')).toEqual(['licensed']);
    expect(reasonsOf(items, '临清市康庄镇卫生院')).toEqual(['overdue_store']);
    // A producer with nothing against it is not listed.
    expect(reasonsOf(items, '临清市鲁信精密轴承有限公司')).toBeUndefined();
    expect(total).toBe(items.length);
    expect(byReason.licensed).toBe(items.filter((u) => u.reasons.some((r) => r.reason === 'licensed')).length);
    const hengtong = items.find((u) => u.name === '临清市恒通轴承制造有限公司')!;
    expect(hengtong.reasons.find((r) => r.reason === 'key_class')!.detail).toMatchObject({ year, expectedT: 26_005 });
    expect(hengtong.reasons.find((r) => r.reason === 'refused_manifest')!.detail).toMatchObject({ count: 1, numbers: [refusedNumber] });
    expect(hengtong.reasons.find((r) => r.reason === 'overdue_store')!.detail).toMatchObject({ batches: 1, heldT: 2 });
    // Units with more reasons come first.
    expect(items[0].reasons.length).toBeGreaterThanOrEqual(items[items.length - 1].reasons.length);
  });

  it('filters by reason and by town, and pages on the server', async () => {
    const refused = (await eco.get('/api/supervision/key-units?reason=refused_manifest')).json();
    expect(refused.items.map((u: KeyUnitItem) => u.name)).toEqual(['临清市恒通轴承制造有限公司']);
    const town = (await eco.get('/api/supervision/key-units?regionCode=371581110')).json();
    expect(town.items.map((u: KeyUnitItem) => u.name)).toEqual(['临清市绿源环保科技有限公司']);
    const all = (await eco.get('/api/supervision/key-units?pageSize=100')).json();
    const first = (await eco.get('/api/supervision/key-units?pageSize=1')).json();
    expect(first.items).toHaveLength(1);
    expect(first.total).toBe(all.total);
    const second = (await eco.get('/api/supervision/key-units?pageSize=1&page=2')).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });

  it('drops a reason as soon as the record behind it changes', async () => {
    await t.database.db.execute(sql`UPDATE licences SET valid_to = ${`${year - 1}-12-31`} WHERE number = '鲁危证37158100021'`);
    const items = (await eco.get('/api/supervision/key-units?pageSize=100')).json().items as KeyUnitItem[];
    await t.database.db.execute(sql`UPDATE licences SET valid_to = '2027-05-31' WHERE number = '鲁危证37158100021'`);
    expect(reasonsOf(items, '聊城市医疗废物集中处置中心（临清）有限公司')).toBeUndefined();
  });

  it('exports the list to Excel with the reasons written out', async () => {
    const res = await eco.get('/api/supervision/key-units/export.xlsx?reason=key_class');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('重点监管单位')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('临清市恒通轴承制造有限公司');
    expect(String(sheet.getRow(2).getCell(6).value)).toContain(`管理计划为重点监管单位（${year}年计划，26005吨）`);
  });
});

describe('waste in store (贮存情况)', () => {
  it('shows tonnes and the oldest batch’s age per organisation and code, banded, with totals per band', async () => {
    const res = await eco.get('/api/supervision/store?pageSize=100');
    expect(res.statusCode, res.body).toBe(200);
    const { items, totals } = res.json() as { items: StoreItem[]; totals: Band[] };
    const rowIn = (list: StoreItem[], name: string, code: string) => list.find((i) => i.organisationName === name && i.wasteCode === code);
    const row = (name: string, code: string) => rowIn(items, name, code);
    // Added to what the demo's factories had in store (their latest weekly batches, at most days old).
    const before = (name: string, code: string) => rowIn(base.store.items, name, code) ?? { heldT: 0, batches: 0 };
    const added = (name: string, code: string, heldT: number, batches: number) => ({ heldT: t3(before(name, code).heldT + heldT), batches: before(name, code).batches + batches });
    expect(row('临清市恒通轴承制造有限公司', '900-249-08')).toMatchObject({ ...added('临清市恒通轴承制造有限公司', '900-249-08', 2.5, 2), band: 'overdue' });
    expect(row('临清市恒通轴承制造有限公司', '900-249-08')!.ageDays).toBeGreaterThanOrEqual(399);
    expect(row('临清市恒通轴承制造有限公司', '900-041-49')).toMatchObject({ ...added('临清市恒通轴承制造有限公司', '900-041-49', 1, 1), band: 'long' });
    expect(row('临清市康庄镇卫生院', '841-001-01')).toMatchObject({ ...added('临清市康庄镇卫生院', '841-001-01', 0.3, 2), band: 'overdue', ageDays: 3 });
    // Shipped loads have left the store.
    expect(row('临清市恒通轴承制造有限公司', '900-039-49')).toBeUndefined();
    // The wastewater plant's sludge bunker (ecology sees sewage sludge too).
    expect(row('临清市城市污水处理厂', 'SL01')).toMatchObject({ band: 'recent' });
    // Per band, by each batch's age: 恒通's fresh 0.5 t and the clinic's 0.1 t are recent, its 120-day
    // batch long, its 400-day batch and the clinic's three-day-old medical waste overdue.
    const band = (list: Band[], name: string) => list.find((b) => b.band === name) ?? { band: name, heldT: 0, batches: 0, organisations: 0 };
    const newIn = (name: string, names: string[]) => names.filter((n) => !base.store.items.some((i) => i.organisationName === n && i.band === name)).length;
    expect(band(totals, 'recent')).toEqual({ band: 'recent', heldT: t4(band(base.store.totals, 'recent').heldT + 0.6), batches: band(base.store.totals, 'recent').batches + 2,
      organisations: band(base.store.totals, 'recent').organisations + newIn('recent', ['临清市恒通轴承制造有限公司', '临清市康庄镇卫生院']) });
    expect(band(totals, 'long')).toMatchObject({ heldT: t4(band(base.store.totals, 'long').heldT + 1), batches: band(base.store.totals, 'long').batches + 1 });
    expect(band(totals, 'overdue')).toMatchObject({ heldT: t4(band(base.store.totals, 'overdue').heldT + 2.2), batches: band(base.store.totals, 'overdue').batches + 2 });
    expect(items.map((i) => i.ageDays)).toEqual([...items.map((i) => i.ageDays)].sort((a, b) => b - a));
  });

  it('sorts by age either way, by tonnes, and filters by band', async () => {
    const young = (await eco.get('/api/supervision/store?sort=age_asc')).json().items as StoreItem[];
    expect(young[0].ageDays).toBeLessThanOrEqual(young[young.length - 1].ageDays);
    const heavy = (await eco.get('/api/supervision/store?sort=tonnes_desc')).json().items as StoreItem[];
    expect(heavy.map((i) => i.heldT)).toEqual([...heavy.map((i) => i.heldT)].sort((a, b) => b - a));
    const hengtongOil = base.store.items.find((i) => i.organisationName === '临清市恒通轴承制造有限公司' && i.wasteCode === '900-249-08')?.heldT ?? 0;
    expect(heavy.find((i) => i.organisationName === '临清市恒通轴承制造有限公司' && i.wasteCode === '900-249-08')).toMatchObject({ heldT: t3(hengtongOil + 2.5) });
    const overdue = (await eco.get('/api/supervision/store?band=overdue')).json();
    const overdueBefore = base.store.items.filter((i) => i.band === 'overdue');
    const becameOverdue = [['临清市恒通轴承制造有限公司', '900-249-08'], ['临清市康庄镇卫生院', '841-001-01']].filter(([name, code]) => !overdueBefore.some((i) => i.organisationName === name && i.wasteCode === code)).length;
    expect(overdue.total).toBe(overdueBefore.length + becameOverdue);
    expect(overdue.items.every((i: StoreItem) => i.band === 'overdue')).toBe(true);
    expect((await eco.get('/api/supervision/store?band=ancient')).statusCode).toBe(400);
  });
});

describe('capacity matching (产能匹配)', () => {
  it('compares this year’s generation and planned amounts with the licensed capacity per category', async () => {
    const res = await eco.get(`/api/supervision/capacity?year=${year}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as CapacityRow[];
    const generatedBefore = (category: string) => base.capacity.find((r) => r.category === category)?.generatedT ?? 0;
    const hw08 = rows.find((r) => r.category === 'HW08')!;
    expect(hw08).toMatchObject({ plannedT: 26_000, capacityT: 30_000, gapT: 4_000, status: 'tight' });
    // This year's 0.5 t and 0.3 t besides the demo factories' waste oil (the 2 t batch is 400 days old).
    expect(hw08.generatedT).toBeCloseTo(generatedBefore('HW08') + 0.8, 3);
    expect(hw08.receivers.map((r) => r.name)).toEqual(['临清市绿源环保科技有限公司']);
    expect(rows.find((r) => r.category === 'HW31')).toMatchObject({ plannedT: 5, capacityT: 0, gapT: -5, status: 'insufficient' });
    // The collector's licence moves medical waste on and treats none: only the disposal centre counts.
    const hw01 = rows.find((r) => r.category === 'HW01')!;
    expect(hw01).toMatchObject({ capacityT: 3650, status: 'sufficient', categoryName: '医疗废物' });
    expect(hw01.generatedT).toBeCloseTo(generatedBefore('HW01') + 0.3, 3);
    expect(hw01.receivers.map((r) => r.name)).toEqual(['聊城市医疗废物集中处置中心（临清）有限公司']);
    expect(rows[0].status).toBe('insufficient');
  });
});

describe('the facility map (设施地图)', () => {
  it('places producers, stores and licensed receivers with what they hold or may take', async () => {
    const res = await eco.get('/api/supervision/map');
    expect(res.statusCode, res.body).toBe(200);
    const { points, counts } = res.json() as { points: MapPoint[]; counts: Record<string, number> };
    const point = (name: string) => points.find((p) => p.name === name);
    const before = base.map.find((p) => p.name === '临清市恒通轴承制造有限公司')?.heldT ?? 0;
    expect(point('临清市恒通轴承制造有限公司')).toMatchObject({ kind: 'store', heldT: t3(before + 3.5) });
    expect(point('临清市绿源环保科技有限公司')).toMatchObject({ kind: 'receiver', licensedCapacityT: 30_000 });
    // A producer this file did not touch stays as the demo left it.
    const luxin = base.map.find((p) => p.name === '临清市鲁信精密轴承有限公司')!;
    expect(point('临清市鲁信精密轴承有限公司')).toMatchObject({ kind: luxin.kind, heldT: luxin.heldT });
    expect(point('冠县冠华板材有限公司')).toBeUndefined();
    expect(points.every((p) => typeof p.longitude === 'number')).toBe(true);
    expect(point('临清市医疗废物收集转运有限公司')).toMatchObject({ kind: 'collector', licensedCapacityT: 400 });
    expect(counts).toMatchObject({ receiver: 2, collector: 1 });
  });
});

describe('who sees what', () => {
  it('shows 冠县’s regulator nothing of 临清, and refuses him 临清’s area', async () => {
    expect((await ecoGuanxian.get('/api/supervision/key-units?pageSize=100')).json()).toMatchObject({ items: [], total: 0 });
    const store = (await ecoGuanxian.get('/api/supervision/store?pageSize=100')).json();
    expect(store.items).toEqual([]);
    expect(store.totals.every((b: { heldT: number }) => b.heldT === 0)).toBe(true);
    expect((await ecoGuanxian.get(`/api/supervision/capacity?year=${year}`)).json().rows).toEqual([]);
    expect((await ecoGuanxian.get('/api/supervision/map')).json().points.map((p: { name: string }) => p.name)).toEqual(['冠县冠华板材有限公司']);
    expect((await ecoGuanxian.get('/api/supervision/key-units?regionCode=371581')).statusCode).toBe(403);
    expect((await ecoGuanxian.get(`/api/organisations/${ids.hengtong}/history`)).statusCode).toBe(404);
  });

  it('gives the health commission medical waste only, and ecology all hazardous waste', async () => {
    const units = (await health.get('/api/supervision/key-units?pageSize=100')).json().items as KeyUnitItem[];
    expect(units.map((u) => u.name).sort()).toEqual([...new Set([...base.healthUnits, '临清市医疗废物收集转运有限公司', '临清市康庄镇卫生院', '聊城市医疗废物集中处置中心（临清）有限公司'])].sort());
    const store = (await health.get('/api/supervision/store?pageSize=100')).json().items as StoreItem[];
    expect([...new Set(store.map((i) => i.wasteCode))]).toEqual(['841-001-01']);
    expect((await health.get(`/api/supervision/capacity?year=${year}`)).json().rows.map((r: { category: string }) => r.category)).toEqual(['HW01']);
    const map = (await health.get('/api/supervision/map')).json().points.map((p: { name: string }) => p.name).sort();
    // The medical producers and operators only: the demo's hospital and clinics, and the clinic whose store this file filled.
    expect(map).toEqual([...new Set([...base.healthMap, '临清市康庄镇卫生院'])].sort());
    expect(map.every((name: string) => /医|卫生|诊|疾病|透析|体检|妇幼|分院/.test(name))).toBe(true);
    const history = (await health.get(`/api/organisations/${ids.hengtong}/history`)).json();
    expect(history.manifests.total).toBe(0);
    expect(history.ledger).toEqual([]);
    expect(history.audit).toBeNull();
    expect(history.keyUnit.listed).toBe(false);
  });

  it('answers bad parameters with a 400 that says what is wrong', async () => {
    const region = await eco.get('/api/supervision/key-units?regionCode=37158');
    expect(region.statusCode).toBe(400);
    expect(region.json().message.zh).toContain('区划代码应为6位或9位数字');
    expect((await eco.get('/api/supervision/capacity?year=1999')).statusCode).toBe(400);
    expect((await eco.get('/api/supervision/store?wasteCode=HW08')).json().message.en).toContain('900-041-49');
    expect((await eco.get('/api/supervision/key-units?reason=rich')).statusCode).toBe(400);
    expect((await eco.get('/api/organisations/not-a-uuid/history')).statusCode).toBe(400);
  });

  it('refuses enterprises the views, and a department that regulates no hazardous waste', async () => {
    for (const url of ['/api/supervision/key-units', '/api/supervision/store', '/api/supervision/capacity', '/api/supervision/map', '/api/supervision/key-units/export.xlsx']) {
      expect((await producer.get(url)).statusCode, url).toBe(403);
      expect((await urban.get(url)).statusCode, url).toBe(403);
    }
    expect((await new Client(t.app).get('/api/supervision/key-units')).statusCode).toBe(401);
  });
});

describe('one enterprise on one page (企业档案)', () => {
  it('shows an official its profile, plan, manifests, ledger, store, alarms and audit', async () => {
    const res = await eco.get(`/api/organisations/${ids.hengtong}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.organisation).toMatchObject({ name: '临清市恒通轴承制造有限公司', regionCode: '371581101' });
    expect(h.keyUnit.reasons.map((r: { reason: string }) => r.reason)).toEqual(['key_class', 'overdue_store', 'refused_manifest']);
    expect(h.plans[0]).toMatchObject({ year, status: 'approved', managementClass: 'key' });
    // Two loads besides the demo year's (its monthly collections and today's load on the road).
    const was = base.hengtong;
    const countOf = (history: typeof h, status: string) => history.manifests.byStatus.find((b: { status: string }) => b.status === status)?.count ?? 0;
    expect(h.manifests.total).toBe(was.manifests.total + 2);
    expect(h.manifests.latest.map((m: { number: string }) => m.number)).toContain(refusedNumber);
    expect(countOf(h, 'refused')).toBe(countOf(was, 'refused') + 1);
    expect(countOf(h, 'in_transit')).toBe(countOf(was, 'in_transit') + 1);
    const generated = (history: typeof h, thisYear: boolean) => (history.ledger as { year: number; wasteCode: string; byKind: { generate?: number } }[])
      .filter((l) => (thisYear ? l.year === year : l.year === year - 1) && l.wasteCode === '900-249-08').reduce((s, l) => s + (l.byKind.generate ?? 0), 0);
    expect(generated(h, true)).toBeCloseTo(generated(was, true) + 0.5, 3);
    // The 2 t batch of 400 days ago belongs to last year (or the year before, early in January).
    expect(generated(h, false) - generated(was, false) === 2 || new Date(Date.now() - 400 * 86_400_000 + 8 * 3_600_000).getUTCFullYear() < year - 1).toBe(true);
    expect(h.inStore.totalT).toBeCloseTo(was.inStore.totalT + 3.5, 3);
    const oilBefore = was.inStore.byCode.find((c: { wasteCode: string }) => c.wasteCode === '900-249-08') ?? { heldT: 0, batches: 0 };
    expect(h.inStore.byCode.find((c: { wasteCode: string }) => c.wasteCode === '900-249-08')).toMatchObject({ heldT: t3(oilBefore.heldT + 2.5), batches: oilBefore.batches + 2 });
    expect(h.audit.some((a: { action: string }) => a.action === 'plan.approve')).toBe(true);
  });

  it('shows the receiver’s alarms counted by rule and status', async () => {
    const h = (await eco.get(`/api/organisations/${ids.lvyuan}/history`)).json();
    expect(h.alarms.counts).toEqual([{ rule: 'receipt_overdue', status: 'open', count: 1 }]);
    expect(h.alarms.latest[0]).toMatchObject({ rule: 'receipt_overdue', severity: 'high' });
    expect(h.licences[0].number).toBe('鲁危证37158100012');
  });

  it('lets an enterprise open its own history and nobody else’s', async () => {
    const own = await producer.get(`/api/organisations/${ids.hengtong}/history`);
    expect(own.statusCode).toBe(200);
    expect(own.json().access).toMatchObject({ own: true, waste: 'all' });
    expect((await producer.get(`/api/organisations/${ids.lvyuan}/history`)).statusCode).toBe(403);
    expect((await driver.get(`/api/organisations/${(await driver.get('/api/auth/me')).json().organisation.id}/history`)).statusCode).toBe(403);
    expect((await eco.get('/api/organisations/00000000-0000-4000-8000-000000000000/history')).statusCode).toBe(404);
  });
});
