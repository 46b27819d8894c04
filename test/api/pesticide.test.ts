import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { pesticideFormulas } from '../../src/server/pesticide/formulas';
import { expectRefused } from '../support/refusals';

// 农药包装废弃物 over HTTP against the demo: the dealer's books and the history check (谁销售谁回收),
// deposit-refund codes, the town station's receipts and slip, loads that keep the exemption of item
// 28 and one that breaks it (managed as hazardous waste 900-003-04, only to a licensed receiver,
// flagged to the bureau and ecology), who sees what, and the recovery rate by town.
let t: TestApp;
let dealer: Client, station: Client, agri: Client, songlin: Client, eco: Client, urban: Client, recycler: Client, receiverLogin: Client, otherDealerView: Client;
let recyclerOrg = '', receiverOrg = '', transporterOrg = '', dealerOrg = '', otherDealerOrg = '';
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const orgOf = async (username: string) => (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = ${username}`)).rows[0].id;
const orgNamed = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;

async function written() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM pesticide_sales) AS sales, (SELECT count(*)::int FROM pesticide_package_codes) AS codes, (SELECT count(*)::int FROM pesticide_returns) AS returns,
    (SELECT count(*)::int FROM pesticide_refunds) AS refunds, (SELECT count(*)::int FROM pesticide_receipts) AS receipts, (SELECT count(*)::int FROM waste_batches) AS batches,
    (SELECT count(*)::int FROM manifests) AS manifests, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

const sale = (extra: Record<string, unknown> = {}) => ({
  soldOn: today, productName: '4.5%高效氯氰菊酯乳油', registrationNo: 'PD20097342', activeIngredient: '高效氯氰菊酯', contentPct: 4.5,
  packageType: 'bottle', packageMaterial: 'plastic', packageSize: '500毫升', packageCount: 10, productKg: 5, packageWeightG: 40, ...extra,
});

/** The station's batch in store (the demo leaves 松林镇's latest receipt there). */
async function stationBatch(client = station) {
  const store = (await client.get('/api/ledger/store?stream=pesticide&pageSize=100')).json().items as { id: string }[];
  expect(store.length).toBeGreaterThan(0);
  return store[0].id;
}

beforeAll(async () => {
  t = await startTestApp();
  [dealer, station, agri, songlin, eco, urban, recycler, receiverLogin] = await Promise.all(
    ['dealer.demo', 'agstation.demo', 'agri.linqing', 'agri.songlin', 'eco.linqing', 'urban.linqing', 'filmrecycler.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
  otherDealerView = dealer;
  [recyclerOrg, receiverOrg, dealerOrg] = await Promise.all(['filmrecycler.demo', 'receiver.demo', 'dealer.demo'].map(orgOf));
  transporterOrg = await orgOf('transporter.demo');
  otherDealerOrg = await orgNamed('临清市松林镇绿丰植保服务站');
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('a dealer’s books', () => {
  it('records a sale with its registration number, and refuses a malformed one naming the field, writing nothing', async () => {
    const created = await dealer.post('/api/pesticide/sales', sale());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ registrationNo: 'PD20097342', packageCount: 10, dealerName: '临清市松林镇丰源农资经营部', regionCode: '371581101' });
    const before = await written();
    expectRefused(await dealer.post('/api/pesticide/sales', sale({ registrationNo: 'PD-2009-7342' })), 400, 'VALIDATION', 'registrationNo');
    expectRefused(await dealer.post('/api/pesticide/sales', sale({ packageType: 'box' })), 400, 'VALIDATION', 'packageType');
    expectRefused(await dealer.post('/api/pesticide/sales', sale({ soldOn: '2099-01-01' })), 400, 'FUTURE_DATE', 'soldOn');
    expect(await written()).toEqual(before);
  });

  it('refuses a return of more packages than the dealer ever sold of that type, naming the field, writing nothing', async () => {
    const before = await written();
    expectRefused(await dealer.post('/api/pesticide/returns', { returnedOn: today, bottleCount: 0, bagCount: 0, drumCount: 999_999, weightKg: 30 }), 400, 'OVER_RETURNED', 'drumCount');
    expect(await written()).toEqual(before);
    const ok = await dealer.post('/api/pesticide/returns', { returnedOn: today, returnedBy: '前屯村 李大姐', bottleCount: 4, bagCount: 2, drumCount: 1, weightKg: 0.4 });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refunds a coded package once: a code never sold or already returned is refused', async () => {
    const codes = (await dealer.get('/api/pesticide/returns?pageSize=100')).json().items.flatMap((r: { codes: string[] }) => r.codes) as string[];
    expect(codes).toHaveLength(3);
    const before = await written();
    expectRefused(await dealer.post('/api/pesticide/returns', { returnedOn: today, bottleCount: 1, bagCount: 0, drumCount: 0, weightKg: 0.03, packageCodes: ['LQNY19990001'] }), 400, 'CODE_NEVER_SOLD', 'packageCodes');
    expectRefused(await dealer.post('/api/pesticide/returns', { returnedOn: today, bottleCount: 1, bagCount: 0, drumCount: 0, weightKg: 0.03, packageCodes: [codes[0]] }), 409, 'CODE_ALREADY_RETURNED', 'packageCodes');
    expect(await written()).toEqual(before);
    const fourth = codes[0].replace(/\d{4}$/, '0004');
    const refunded = await dealer.post('/api/pesticide/returns', { returnedOn: today, bottleCount: 1, bagCount: 0, drumCount: 0, weightKg: 0.03, packageCodes: [fourth.toLowerCase()] });
    expect(refunded.statusCode, refunded.body).toBe(201);
    expect(refunded.json()).toMatchObject({ refundYuan: 1, packageCodes: [fourth] });
  });

  it('shows a dealer its own books only, the bureau its area, and refuses urban management', async () => {
    const own = (await dealer.get('/api/pesticide/sales?pageSize=100')).json();
    expect(own.total).toBeGreaterThan(50);
    expect(own.items.every((s: { dealerId: string }) => s.dealerId === dealerOrg)).toBe(true);
    expect((await otherDealerView.get(`/api/pesticide/sales?dealerId=${otherDealerOrg}`)).json().total).toBe(0);
    const area = (await agri.get(`/api/pesticide/sales?dealerId=${otherDealerOrg}&pageSize=5`)).json();
    expect(area.total).toBeGreaterThan(0);
    expect((await urban.get('/api/pesticide/sales')).statusCode).toBe(403);
  });
});

describe('the town station', () => {
  it('refuses a hand-over of more than the dealer took back and has not yet handed over, writing nothing', async () => {
    const before = await written();
    expectRefused(await station.post('/api/pesticide/receipts', { receivedOn: today, sourceKind: 'dealer', dealerId: dealerOrg, bottleCount: 0, bagCount: 500_000, drumCount: 0, weightKg: 10 }), 400, 'OVER_TAKEN_BACK', 'bagCount');
    expectRefused(await station.post('/api/pesticide/receipts', { receivedOn: today, sourceKind: 'dealer', bottleCount: 1, bagCount: 0, drumCount: 0, weightKg: 1 }), 400, 'DEALER_REQUIRED', 'dealerId');
    expectRefused(await station.post('/api/pesticide/receipts', { receivedOn: today, sourceKind: 'farmer', bottleCount: 0, bagCount: 0, drumCount: 0, weightKg: 1 }), 400, 'NOTHING_RECEIVED', 'bottleCount');
    expect(await written()).toEqual(before);
  });

  it('receives a farmer’s empties into its store and prints the slip', async () => {
    const res = await station.post('/api/pesticide/receipts', { receivedOn: today, sourceKind: 'farmer', farmerName: '前屯村 王大爷', bottleCount: 12, bagCount: 20, drumCount: 1, weightKg: 0.9 });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.receiptNo).toMatch(/^SJ\d{8}-\d{3}$/);
    const store = (await station.get('/api/ledger/store?stream=pesticide&pageSize=100')).json().items as { id: string; quantityT: number }[];
    expect(store.map((b) => b.id)).toContain(r.batchId);
    const slip = await station.get(`/print/pesticide-receipts/${r.id}`);
    expect(slip.statusCode).toBe(200);
    expect(slip.body).toContain('农药包装废弃物接收凭证');
    expect(slip.body).toContain(r.receiptNo);
    expect(slip.body).toContain('33 个');
    expect((await dealer.get(`/print/pesticide-receipts/${r.id}`)).statusCode).toBe(404);
  });

  it('shows the town’s agricultural station only its town’s receipts', async () => {
    const seen = (await songlin.get('/api/pesticide/receipts?pageSize=100')).json();
    expect(seen.total).toBeGreaterThan(0);
    expect(seen.items.every((r: { regionCode: string }) => r.regionCode === '371581101')).toBe(true);
    const all = (await agri.get('/api/pesticide/receipts?pageSize=100')).json();
    expect(new Set(all.items.map((r: { regionCode: string }) => r.regionCode)).size).toBeGreaterThan(1);
  });
});

describe('loads and the exemption of item 28', () => {
  it('lists the designated recycler and the incinerator as exempt destinations and the licensed receiver as hazardous', async () => {
    const items = (await station.get('/api/pesticide/destinations')).json().items as { id: string; kind: string; managedAs: string }[];
    expect(items.find((d) => d.id === recyclerOrg)).toMatchObject({ kind: 'designated_utiliser', managedAs: 'exempt' });
    expect(items.find((d) => d.kind === 'household_disposal')).toBeTruthy();
    expect(items.find((d) => d.id === receiverOrg)).toMatchObject({ kind: 'other', managedAs: 'hazardous' });
  });

  it('refuses a load that breaks a condition to anyone not licensed for 900-003-04, writing nothing', async () => {
    const batchId = await stationBatch();
    const before = await written();
    const res = await station.post('/api/manifests', { stream: 'pesticide', batchIds: [batchId], receiverId: recyclerOrg, transporterIds: [recyclerOrg], plannedDate: today, transportMeasures: ['rainproof'] });
    expectRefused(res, 400, 'RECEIVER_NOT_LICENSED', 'receiverId');
    expect(res.json().message.zh).toContain('900-003-04');
    expect(await written()).toEqual(before);
  });

  it('sends a load that breaks a condition, as hazardous waste, to the licensed receiver; the bureau and ecology see it flagged', async () => {
    const batchId = await stationBatch();
    const res = await station.post('/api/manifests', { stream: 'pesticide', batchIds: [batchId], receiverId: receiverOrg, transporterIds: [transporterOrg], plannedDate: today, transportMeasures: ['rainproof', 'spillproof'] });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m.data).toMatchObject({ managedAs: 'hazardous', hazardousCode: '900-003-04', exemptionBreaches: ['transport', 'destination'], destinationKind: 'other' });
    for (const who of [agri, eco]) {
      const flagged = (await who.get('/api/pesticide/loads?managedAs=hazardous&pageSize=100')).json().items as { id: string; breaches: string[] }[];
      expect(flagged.find((l) => l.id === m.id)).toMatchObject({ breaches: ['transport', 'destination'] });
    }
    expect((await eco.get('/api/pesticide/loads?managedAs=exempt&pageSize=100')).json().total).toBe(0);
    expect((await urban.get('/api/pesticide/loads')).statusCode).toBe(403);
  });

  it('sends an exempt load to the designated recycler, who fetches and receives it', async () => {
    const receipt = await station.post('/api/pesticide/receipts', { receivedOn: today, sourceKind: 'farmer', farmerName: '后屯村 赵大哥', bottleCount: 30, bagCount: 10, drumCount: 2, weightKg: 1.6 });
    const batchId = receipt.json().batchId as string;
    const res = await station.post('/api/manifests', { stream: 'pesticide', batchIds: [batchId], receiverId: recyclerOrg, transporterIds: [recyclerOrg], plannedDate: today, transportMeasures: ['spillproof', 'rainproof', 'leakproof'] });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m.data).toMatchObject({ managedAs: 'exempt', exemptionBreaches: [], destinationKind: 'designated_utiliser' });
    expect((await station.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
    expect((await recycler.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { vehiclePlate: '鲁P3N615', pickupWeightT: m.declaredWeightT } })).statusCode).toBe(200);
    const received = await recycler.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: m.declaredWeightT, treatmentMethod: 'recycling' } });
    expect(received.json().status).toBe('received');
    const loads = (await recycler.get('/api/pesticide/loads?pageSize=100')).json().items as { id: string }[];
    expect(loads.map((l) => l.id)).toContain(m.id);
    expect((await receiverLogin.get('/api/pesticide/loads?pageSize=100')).json().items.map((l: { id: string }) => l.id)).not.toContain(m.id);
  });
});

describe('the recovery rate', () => {
  it('gives each town’s rate by count and by weight, and the county’s about four in five', async () => {
    const year = Number(today.slice(0, 4)) - 1;
    const body = (await agri.get(`/api/pesticide/recovery?year=${year}`)).json();
    expect(body.items).toHaveLength(16);
    expect(body.items.find((r: { town: string }) => r.town === '371581101').name).toBe('松林镇');
    expect(body.total.rateByCount).toBeGreaterThan(78);
    expect(body.total.rateByCount).toBeLessThan(87);
    expect(body.total.rateByWeight).toBeGreaterThan(70);
    const town = (await songlin.get(`/api/pesticide/recovery?year=${year}`)).json();
    expect(town.items.map((r: { town: string }) => r.town)).toEqual(['371581101']);
    expect((await dealer.get('/api/pesticide/recovery')).statusCode).toBe(403);
  });

  it('computes 农药包装废弃物回收率 from the stations’ receipts, and from statistics where no dealer keeps books (天桥区)', async () => {
    const [formula] = pesticideFormulas;
    expect(formula.matches.test('农药包装废弃物回收率')).toBe(true);
    const year = Number(today.slice(0, 4)) - 1;
    const q = { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' };
    const lq = await formula.compute(db(), q);
    expect(lq.value).toBeGreaterThan(78);
    expect(lq.inputs?.find((i) => i.key === 'byWeight')?.value).toBeGreaterThan(70);
    const tq = await formula.compute(db(), { ...q, regionCode: '370105' });
    expect(tq.value).toBeCloseTo((338_000 / 405_000) * 100, 1);
    const records = await formula.records!(db(), q, { offset: 0, limit: 50 });
    expect(records.total).toBeGreaterThanOrEqual(36);
    expect(records.items.some((r) => Number(r.cells.received) > 0)).toBe(true);
  });
});
