import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { expectRefused } from '../support/refusals';

// 再生资源 over HTTP against the demo: a station's electronic ledger (its intake rules, scrap metal
// with its seller, infusion bottles from a hospital, an appliance's serial taken once), a load to the
// sorting centre whose reception lands in the centre's ledger and store, appliances traced by unit to
// their dismantling (once), the monthly declaration (not of a month still running), the network and
// its coverage for the commerce bureau.
let t: TestApp;
let station: Client, centre: Client, recycler: Client, dismantler: Client, commerce: Client, eco: Client, papermill: Client, urban: Client;
let centreOrg = '', recyclerOrg = '', dismantlerOrg = '', papermillOrg = '', hospitalOrg = '', factoryOrg = '', stationOrg = '';
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const lastMonth = (() => { const d = new Date(`${thisMonth}-01T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() - 1); return d.toISOString().slice(0, 7); })();
const orgOf = async (username: string) => (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = ${username}`)).rows[0].id;
const orgNamed = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;

async function written() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM recycling_intake) AS intake, (SELECT count(*)::int FROM ewaste_units) AS units, (SELECT count(*)::int FROM ewaste_unit_events) AS events,
    (SELECT count(*)::int FROM waste_batches) AS batches, (SELECT count(*)::int FROM ledger_movements) AS movements, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

/** Signs a load through: the sender, the company's truck, the receiver. */
async function signThrough(sender: Client, receiver: Client, manifestId: string, reception: Record<string, unknown>, pickupWeightT: number) {
  const sign = `/api/manifests/${manifestId}/sign`;
  let res = await sender.post(sign, { action: 'sign_emission' });
  expect(res.statusCode, res.body).toBe(200);
  res = await recycler.post(sign, { action: 'sign_transport', data: { vehiclePlate: '鲁P6R501', pickupWeightT } });
  expect(res.statusCode, res.body).toBe(200);
  res = await receiver.post(sign, { action: 'sign_reception', data: reception });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  [station, centre, recycler, dismantler, commerce, eco, papermill, urban] = await Promise.all(
    ['rrstation.demo', 'sorting.demo', 'recycler.demo', 'dismantler.demo', 'commerce.linqing', 'eco.linqing', 'papermill.demo', 'urban.linqing'].map((u) => Client.login(t.app, u)));
  [centreOrg, recyclerOrg, dismantlerOrg, papermillOrg, stationOrg] = await Promise.all(['sorting.demo', 'recycler.demo', 'dismantler.demo', 'papermill.demo', 'rrstation.demo'].map(orgOf));
  hospitalOrg = await orgNamed('临清市人民医院');
  factoryOrg = await orgNamed('临清市恒通轴承制造有限公司');
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('a station’s electronic ledger', () => {
  it('records a resident’s paper at the counter as a batch of the store, priced', async () => {
    const res = await station.post('/api/recycling/intake', { receivedOn: today, category: 'paper', weightKg: 86.5, source: 'walk_in', unitPriceYuan: 1.2 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ category: 'paper', wasteCode: 'RR04', weightKg: 86.5, amountYuan: 103.8, source: 'walk_in' });
    expect(res.json().batchNo).toMatch(/^ZSHS/);
  });

  it('refuses scrap metal without its seller on record (第十条), naming the field, writing nothing', async () => {
    const before = await written();
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'ferrous', weightKg: 120, source: 'collector', sellerName: '孟庆华', sellerAddress: '大众小区' }), 400, 'SELLER_REQUIRED', 'sellerIdNo');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'ferrous', weightKg: 900, source: 'enterprise', sellerName: '某机械厂' }), 400, 'SELLER_REQUIRED', 'sellerCertificate');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'ferrous', weightKg: 120, source: 'collector', sellerName: '孟庆华', sellerIdNo: '12345', sellerAddress: '大众小区' }), 400, 'VALIDATION', 'sellerIdNo');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: '2099-01-01', category: 'paper', weightKg: 10, source: 'walk_in' }), 400, 'FUTURE_DATE', 'receivedOn');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'paper', weightKg: 0, source: 'walk_in' }), 400, 'VALIDATION', 'weightKg');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'furniture', weightKg: 60, source: 'walk_in' }), 400, 'COUNT_REQUIRED', 'itemCount');
    expect(await written()).toEqual(before);
  });

  it('records a factory’s production scrap with the selling company and its certificate', async () => {
    const res = await station.post('/api/recycling/intake', { receivedOn: today, category: 'ferrous', weightKg: 2400, source: 'enterprise', sellerOrgId: factoryOrg, sellerCertificate: '恒通废料证明〔测试〕1号', unitPriceYuan: 2.3 });
    expect(res.statusCode, res.body).toBe(201);
    const ledger = (await station.get(`/api/recycling/intake?month=${thisMonth}&source=enterprise&pageSize=50`)).json();
    expect(ledger.items.find((i: { id: string }) => i.id === res.json().id)).toMatchObject({ sellerOrgName: '临清市恒通轴承制造有限公司', sellerCertificate: '恒通废料证明〔测试〕1号', weightKg: 2400 });
  });

  it('takes a hospital’s uncontaminated infusion bags as plastics, and nothing else from it or from a non-medical seller', async () => {
    const before = await written();
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'paper', weightKg: 40, source: 'institution', sellerOrgId: hospitalOrg }), 400, 'INSTITUTION_CATEGORY', 'category');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'plastic', weightKg: 40, source: 'institution', sellerOrgId: factoryOrg }), 400, 'NOT_A_MEDICAL_INSTITUTION', 'sellerOrgId');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'plastic', weightKg: 40, source: 'institution' }), 400, 'SELLER_REQUIRED', 'sellerOrgId');
    expect(await written()).toEqual(before);
    const ok = await station.post('/api/recycling/intake', { receivedOn: today, category: 'plastic', weightKg: 45.5, source: 'institution', sellerOrgId: hospitalOrg, note: '输液袋' });
    expect(ok.statusCode, ok.body).toBe(201);
    const sellers = (await station.get('/api/recycling/sellers?kind=institution&q=人民医院')).json();
    expect(sellers.items.map((s: { name: string }) => s.name)).toContain('临清市人民医院');
  });

  it('keeps appliances unit by unit and refuses a serial already collected (409 naming the unit’s serial)', async () => {
    const units = [{ applianceType: 'fridge', brand: '海尔', serial: 'TEST-FR-0001', weightKg: 52 }, { applianceType: 'tv', brand: '海信', serial: 'TEST-TV-0001', weightKg: 17 }];
    const ok = await station.post('/api/recycling/intake', { receivedOn: today, category: 'ewaste', weightKg: 69, source: 'walk_in', units });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().units).toHaveLength(2);
    const before = await written();
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'ewaste', weightKg: 17, source: 'walk_in', units: [{ applianceType: 'tv', brand: '海信', serial: 'TEST-TV-0001', weightKg: 17 }] }), 409, 'SERIAL_COLLECTED', 'units.0.serial');
    expectRefused(await station.post('/api/recycling/intake', { receivedOn: today, category: 'ewaste', weightKg: 17, source: 'walk_in' }), 400, 'UNITS_REQUIRED', 'units');
    expect(await written()).toEqual(before);
  });

  it('lists the month by category and source, totals it by category and exports it', async () => {
    const page = (await station.get(`/api/recycling/intake?month=${thisMonth}&category=paper&pageSize=5`)).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((i: { category: string; siteName: string }) => i.category === 'paper' && i.siteName.includes('运河花园'))).toBe(true);
    const month = (await station.get(`/api/recycling/intake/month?month=${thisMonth}`)).json();
    expect(month.items.find((i: { category: string }) => i.category === 'ferrous').weightT).toBeGreaterThanOrEqual(2.4);
    const xlsx = await station.get(`/api/recycling/intake.xlsx?month=${thisMonth}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // Another station's clerk would not see this one's lines; the commerce bureau sees the county's; urban management does not.
    expect((await commerce.get(`/api/recycling/intake?month=${thisMonth}&siteId=${stationOrg}&pageSize=1`)).json().total).toBeGreaterThan(0);
    expect((await urban.get('/api/recycling/intake')).statusCode).toBe(403);
    expect((await papermill.get(`/api/recycling/intake?siteId=${stationOrg}`)).json().total).toBe(0);
  });
});

describe('loads: station → sorting centre → paper mill', () => {
  it('the centre’s reception of a station’s load enters the centre’s ledger and store, and the centre sells it on', async () => {
    const store = (await station.get('/api/ledger/store?stream=recyclables&wasteCode=RR04&pageSize=100')).json().items as { id: string; wasteCode: string }[];
    const paper = store.filter((b) => b.wasteCode === 'RR04');
    expect(paper.length).toBeGreaterThan(0);
    const created = await station.post('/api/manifests', { stream: 'recyclables', batchIds: paper.map((b) => b.id), receiverId: centreOrg, transporterIds: [recyclerOrg], plannedDate: today });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({ stream: 'recyclables', wasteCode: 'RR04' });
    const weight = m.declaredWeightT;
    const received = await signThrough(station, centre, m.id, { receptionOutcome: 'accepted', receivedWeightT: weight, treatmentMethod: 'sorting' }, weight);
    expect(received.status).toBe('received');
    const ledger = (await centre.get(`/api/recycling/intake?source=load&month=${thisMonth}&pageSize=100`)).json();
    const line = ledger.items.find((i: { manifestId: string }) => i.manifestId === m.id);
    expect(line).toMatchObject({ category: 'paper', source: 'load', weightKg: Math.round(weight * 1_000_000) / 1000, sellerOrgName: '临清市再生资源回收利用有限公司运河花园回收网点' });
    const centreStore = (await centre.get('/api/ledger/store?stream=recyclables&wasteCode=RR04&pageSize=100')).json().items as { id: string; wasteCode: string }[];
    const onward = centreStore.filter((b) => b.wasteCode === 'RR04');
    expect(onward.length).toBeGreaterThan(0);
    const sale = await centre.post('/api/manifests', { stream: 'recyclables', batchIds: onward.map((b) => b.id), receiverId: papermillOrg, transporterIds: [recyclerOrg], plannedDate: today });
    expect(sale.statusCode, sale.body).toBe(201);
    const done = await signThrough(centre, papermill, sale.json().id, { receptionOutcome: 'accepted', receivedWeightT: sale.json().declaredWeightT, treatmentMethod: 'papermaking' }, sale.json().declaredWeightT);
    expect(done.status).toBe('received');
    // The mill is no site: it keeps the shared ledger's receipt, no intake line.
    expect((await db().execute(sql`SELECT 1 FROM recycling_intake WHERE manifest_id = ${sale.json().id}`)).rows).toHaveLength(0);
  });

  it('refuses appliances to anyone but a licensed dismantler', async () => {
    const store = (await station.get('/api/ledger/store?stream=ewaste&pageSize=100')).json().items as { id: string }[];
    expectRefused(await station.post('/api/manifests', { stream: 'ewaste', batchIds: store.map((b) => b.id), receiverId: centreOrg, transporterIds: [recyclerOrg], plannedDate: today }), 400, 'NOT_A_RECEIVER', 'receiverId');
  });
});

describe('e-waste traced by unit', () => {
  let unitId = '';
  it('a load names its units; the dismantler’s reception marks them received; each is dismantled once', async () => {
    const store = (await station.get('/api/ledger/store?stream=ewaste&pageSize=100')).json().items as { id: string }[];
    const created = await station.post('/api/manifests', { stream: 'ewaste', batchIds: store.map((b) => b.id), receiverId: dismantlerOrg, transporterIds: [recyclerOrg], plannedDate: today });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    const [unit] = (await db().execute<{ id: string }>(sql`SELECT id FROM ewaste_units WHERE serial = 'TEST-FR-0001'`)).rows;
    unitId = unit.id;
    expect(m.data.unitIds).toContain(unitId);
    await signThrough(station, dismantler, m.id, { receptionOutcome: 'accepted', receivedUnitCount: m.data.unitCount, receivedWeightT: m.declaredWeightT, treatmentMethod: 'dismantling' }, m.declaredWeightT);
    const units = (await dismantler.get('/api/recycling/ewaste/units?state=received&serial=TEST-FR&pageSize=10')).json();
    expect(units.items.map((u: { id: string }) => u.id)).toContain(unitId);
    const before = await written();
    expectRefused(await dismantler.post('/api/recycling/ewaste/dismantling', { unitId, dismantledOn: '2099-01-01', line: '冰箱空调拆解线' }), 400, 'FUTURE_DATE', 'dismantledOn');
    expect(await written()).toEqual(before);
    const ok = await dismantler.post('/api/recycling/ewaste/dismantling', { unitId, dismantledOn: today, line: '冰箱空调拆解线', outputs: '压缩机 1 台' });
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await dismantler.post('/api/recycling/ewaste/dismantling', { unitId, dismantledOn: today, line: '冰箱空调拆解线' });
    expectRefused(again, 409, 'ALREADY_DISMANTLED', 'unitId');
    expect(again.json().message.zh).toContain('TEST-FR-0001');
    // Not a dismantler's unit: the station cannot dismantle.
    expect((await station.post('/api/recycling/ewaste/dismantling', { unitId, dismantledOn: today, line: 'x' })).statusCode).toBe(403);
  });

  it('the commerce bureau and ecology see the unit’s trace and the units collected against dismantled', async () => {
    for (const official of [commerce, eco]) {
      const trace = (await official.get(`/api/recycling/ewaste/units/${unitId}`)).json();
      expect(trace).toMatchObject({ serial: 'TEST-FR-0001', state: 'dismantled', siteName: '临清市再生资源回收利用有限公司运河花园回收网点' });
      expect(trace.events.map((e: { kind: string }) => e.kind)).toEqual(['shipped', 'received', 'dismantled']);
    }
    const summary = (await commerce.get('/api/recycling/ewaste/summary')).json();
    expect(summary.collected).toBeGreaterThan(summary.dismantled);
    expect(summary.dismantled).toBeGreaterThan(0);
    expect(summary.byDismantler[0]).toMatchObject({ organisationName: '聊城市绿环电子废弃物处理有限公司' });
    expect(summary.bySite.length).toBe(6);
    expect((await urban.get(`/api/recycling/ewaste/units/${unitId}`)).statusCode).toBe(403);
  });
});

describe('monthly declarations', () => {
  it('prefills last month from the ledger, refuses a month not over (naming the field), and files last month', async () => {
    const draft = (await station.get(`/api/declarations/draft?stream=recyclables&periodType=month&period=${lastMonth}`)).json();
    expect(draft.lines.find((l: { wasteCode: string }) => l.wasteCode === 'RR04').generatedT).toBeGreaterThan(1);
    expectRefused(await station.post('/api/declarations', { stream: 'recyclables', periodType: 'month', period: thisMonth }), 400, 'PERIOD_NOT_OVER', 'period');
    const filed = await station.post('/api/declarations', { stream: 'recyclables', periodType: 'month', period: lastMonth, remark: '' });
    expect(filed.statusCode, filed.body).toBe(201);
  });

  it('the commerce bureau sees who has not declared last month: 凤凰城 and 松林镇', async () => {
    const missing = (await commerce.get(`/api/declarations?stream=recyclables&periodType=month&period=${lastMonth}&missingOnly=true&pageSize=50`)).json();
    const names = missing.items.map((i: { organisationName: string }) => i.organisationName);
    expect(names).toEqual(expect.arrayContaining(['临清市再生资源回收利用有限公司凤凰城回收网点', '临清市再生资源回收利用有限公司松林镇回收网点']));
    expect(names).not.toContain('临清市再生资源回收利用有限公司运河花园回收网点');
    expect((await urban.get(`/api/declarations?stream=recyclables&periodType=month&period=${lastMonth}`)).statusCode).toBe(403);
  });
});

describe('the network and its coverage', () => {
  it('the company registers a station’s communities; a station clerk cannot', async () => {
    const [place] = (await db().execute<{ id: string }>(sql`SELECT id FROM household_places WHERE kind = 'community' AND name = '运河花园'`)).rows;
    const res = await recycler.post('/api/recycling/sites', { organisationId: stationOrg, kind: 'station', servedPlaceIds: [place.id], servedTownCodes: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: false, servedPlaceIds: [place.id] });
    expectRefused(await recycler.post('/api/recycling/sites', { organisationId: papermillOrg, kind: 'station', servedPlaceIds: [] }), 400, 'NOT_A_SITE', 'organisationId');
    expect((await station.post('/api/recycling/sites', { organisationId: stationOrg, kind: 'station', servedPlaceIds: [] })).statusCode).toBe(403);
    const sites = (await recycler.get('/api/recycling/sites?pageSize=20')).json();
    expect(sites.total).toBe(7);
  });

  it('the commerce bureau sees communities with and without a station, per town, and one sorting centre in the county', async () => {
    const res = await commerce.get('/api/recycling/coverage');
    expect(res.statusCode, res.body).toBe(200);
    const cov = res.json();
    expect(cov.communities).toBeGreaterThan(cov.covered);
    expect(cov.covered).toBeGreaterThan(0);
    expect(cov.counties.find((c: { countyCode: string }) => c.countyCode === '371581')).toMatchObject({ sortingCentres: 1, meetsOnePerCounty: true });
    const songlin = cov.towns.find((tw: { townCode: string }) => tw.townCode === '371581101');
    if (songlin) expect(songlin.covered).toBe(songlin.communities);
    expect(cov.uncovered.length).toBeGreaterThan(0);
    expect((await eco.get('/api/recycling/coverage')).statusCode).toBe(403);
  });
});
