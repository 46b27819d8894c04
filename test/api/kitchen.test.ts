import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';
import { householdFormulas } from '../../src/server/household/formulas';
import { expectRefused } from '../support/refusals';

// 餐厨垃圾 over HTTP against the demo: a pickup goes only to the contracted collector, used cooking oil
// only to a verified oil recycler, food waste only to a kitchen-waste plant; absurd weights and the
// wrong callers are refused with a code, the field and a message in Chinese and English, writing
// nothing; the plant's ledger; the alarm for a producer without a pickup, and its closed loop.
let t: TestApp;
let restaurant: Client, collector: Client, plant: Client, oil: Client, urban: Client, health: Client, producer: Client, hotpot: Client;
let plantOrg = '', oilOrg = '', transporterOrg = '', restaurantOrg = '', hotpotOrg = '';
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const orgOf = async (username: string) => (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = ${username}`)).rows[0].id;

async function written() {
  const [row] = (await db().execute<{ manifests: number; signatures: number; movements: number; contracts: number }>(sql`SELECT
    (SELECT count(*)::int FROM manifests) AS manifests, (SELECT count(*)::int FROM manifest_signatures) AS signatures,
    (SELECT count(*)::int FROM ledger_movements) AS movements, (SELECT count(*)::int FROM kitchen_contracts) AS contracts`)).rows;
  return row;
}

const pickup = (extra: Record<string, unknown> = {}) => ({ stream: 'kitchen', wasteCode: 'KW01', bucketCount: 5, declaredWeightT: 0.3, plannedDate: today, receiverId: plantOrg, ...extra });

/** A pickup of the restaurant signed out and picked up by the collector. */
async function inTransit(body = pickup(), as = restaurant) {
  const created = await as.post('/api/manifests', body);
  expect(created.statusCode, created.body).toBe(201);
  const m = created.json() as { id: string; number: string };
  expect((await as.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
  const pickupWeightT = Math.round(Number(body.declaredWeightT) * 930) / 1000;
  const picked = await collector.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { vehiclePlate: '鲁PK6302', pickupWeightT } });
  expect(picked.statusCode, picked.body).toBe(200);
  return m;
}

beforeAll(async () => {
  t = await startTestApp();
  [restaurant, collector, plant, oil, urban, health, producer, hotpot] = await Promise.all(
    ['restaurant.demo', 'kwcollector.demo', 'kwplant.demo', 'oil.demo', 'urban.linqing', 'health.linqing', 'producer.demo', 'kw04.demo'].map((u) => Client.login(t.app, u)));
  [plantOrg, oilOrg, transporterOrg, restaurantOrg, hotpotOrg] = await Promise.all(['kwplant.demo', 'oil.demo', 'transporter.demo', 'restaurant.demo', 'kw04.demo'].map(orgOf));
});
afterAll(async () => { await t.close(); });

describe('kitchen waste: where a pickup may go', () => {
  it('refuses a pickup to a collector other than the contracted one, writing nothing', async () => {
    const before = await written();
    expectRefused(await restaurant.post('/api/manifests', pickup({ collectorId: transporterOrg })), 400, 'NOT_CONTRACTED_COLLECTOR', 'collectorId');
    expect(await written()).toEqual(before);
  });

  it('refuses used cooking oil to anyone but a verified oil recycler, and food waste to anyone but a kitchen-waste plant', async () => {
    const before = await written();
    expectRefused(await restaurant.post('/api/manifests', pickup({ wasteCode: 'KW02', bucketCount: 1, declaredWeightT: 0.05 })), 400, 'NOT_AN_OIL_RECYCLER', 'receiverId');
    expectRefused(await restaurant.post('/api/manifests', pickup({ receiverId: oilOrg })), 400, 'NOT_A_KITCHEN_PLANT', 'receiverId');
    expect(await written()).toEqual(before);
  });

  it('traces used cooking oil to the licensed buyer: the manifest list and the buyer’s ledger name it', async () => {
    const receivers = (await restaurant.get('/api/kitchen/receivers?wasteCode=KW02')).json().items as { id: string; name: string }[];
    expect(receivers.map((r) => r.id)).toEqual([oilOrg]);
    const m = await inTransit(pickup({ wasteCode: 'KW02', bucketCount: 1, declaredWeightT: 0.05, receiverId: oilOrg }));
    expect((await oil.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.047, treatmentMethod: 'biodiesel' } })).json().status).toBe('received');
    const listed = (await urban.get(`/api/manifests?q=${m.number}`)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: m.id, wasteCode: 'KW02', wasteName: '废弃食用油脂', producerName: '临清市运河人家酒楼', receiverName: '临清市润泽生物能源科技有限公司' })]);
    const ledger = (await oil.get(`/api/kitchen/ledger?wasteCode=KW02&from=${today}&to=${today}&pageSize=100`)).json();
    expect(ledger.items.find((r: { id: string }) => r.id === m.id)).toMatchObject({ treatmentMethod: 'biodiesel', receivedWeightT: 0.047, receiverName: '临清市润泽生物能源科技有限公司' });
    // The printed manifest names the class, the buyer and the use.
    const printed = await oil.get(`/print/manifests/${m.id}`);
    expect(printed.statusCode).toBe(200);
    for (const text of ['废弃食用油脂', '临清市润泽生物能源科技有限公司', '油脂提炼（生物柴油）']) expect(printed.body).toContain(text);
    // The plant sees none of the oil recycler's receptions.
    expect((await plant.get(`/api/kitchen/ledger?wasteCode=KW02&pageSize=100`)).json().items.some((r: { id: string }) => r.id === m.id)).toBe(false);
  });
});

describe('kitchen waste: bad values and wrong callers', () => {
  it('refuses an absurd received weight and a use outside the list, writing nothing', async () => {
    const m = await inTransit();
    const before = await written();
    expectRefused(await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 5, treatmentMethod: 'anaerobic' } }), 400, 'BAD_WEIGHT', 'receivedWeightT');
    expectRefused(await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 45, treatmentMethod: 'anaerobic' } }), 400, 'MANIFEST_BAD_VALUE', 'data.receivedWeightT');
    expectRefused(await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.27, treatmentMethod: '喂猪' } }), 400, 'MANIFEST_BAD_VALUE', 'data.treatmentMethod');
    expect(await written()).toEqual(before);
    const ok = await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.27, treatmentMethod: 'anaerobic' } });
    expect(ok.json().status).toBe('received');
  });

  it('refuses a truck that is not the collector’s, and used cooking oil received for anything but refining', async () => {
    const created = (await restaurant.post('/api/manifests', pickup())).json();
    expect((await restaurant.post(`/api/manifests/${created.id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
    const before = await written();
    // 鲁P3A721 is a truck of 安运, the hazardous-waste haulier.
    expectRefused(await collector.post(`/api/manifests/${created.id}/sign`, { action: 'sign_transport', data: { vehiclePlate: '鲁P3A721', pickupWeightT: 0.28 } }), 400, 'UNKNOWN_VEHICLE', 'data.vehiclePlate');
    const oilLoad = await inTransit(pickup({ wasteCode: 'KW02', bucketCount: 1, declaredWeightT: 0.05, receiverId: oilOrg }));
    const afterPickup = await written();
    expectRefused(await oil.post(`/api/manifests/${oilLoad.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.046, treatmentMethod: 'anaerobic' } }), 400, 'USE_NOT_FOR_OIL', 'data.treatmentMethod');
    expect(await written()).toEqual(afterPickup);
    expect(afterPickup.signatures - before.signatures).toBe(2);
  });

  it('refuses a request without a bucket count or with a fractional one, and a class outside KW01/KW02', async () => {
    const before = await written();
    for (const [extra, path] of [[{ bucketCount: 2.5 }, 'bucketCount'], [{ bucketCount: 0 }, 'bucketCount'], [{ wasteCode: 'HH-K-02' }, 'wasteCode'], [{ declaredWeightT: 31 }, 'declaredWeightT']] as const) {
      const res = await restaurant.post('/api/manifests', pickup(extra));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().path).toBe(path);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses the wrong callers: a producer without a contract, an official, the collector signing out a restaurant’s load, the restaurant signing the pickup', async () => {
    const before = await written();
    expectRefused(await producer.post('/api/manifests', pickup()), 409, 'NO_CONTRACT', null);
    expect((await urban.post('/api/manifests', pickup())).statusCode).toBe(403);
    expect((await collector.post('/api/kitchen/contracts', { producerKind: 'restaurant', collectorId: await orgOf('kwcollector.demo'), contractNo: 'X-1', validFrom: today, validTo: today, dailyKg: 10 })).statusCode).toBe(403);
    expect(await written()).toEqual(before);
    const created = (await restaurant.post('/api/manifests', pickup())).json();
    expect((await collector.post(`/api/manifests/${created.id}/sign`, { action: 'sign_emission' })).statusCode).toBeGreaterThanOrEqual(403);
    expect((await restaurant.post(`/api/manifests/${created.id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
    const outOfTurn = await restaurant.post(`/api/manifests/${created.id}/sign`, { action: 'sign_transport', data: { vehiclePlate: '鲁PK6301', pickupWeightT: 0.3 } });
    expect(outOfTurn.statusCode).toBeGreaterThanOrEqual(403);
    expect(outOfTurn.statusCode).toBeLessThan(500);
    expect((await health.get('/api/kitchen/producers')).statusCode).toBe(403);
    expect((await health.get(`/api/manifests/${created.id}`)).statusCode).toBe(404);
  });
});

describe('kitchen waste: contracts and the plant’s ledger', () => {
  it('renews a contract: the one in force ends the day the new one starts, with an audit row each', async () => {
    const collectorId = await orgOf('kwcollector.demo');
    expectRefused(await restaurant.post('/api/kitchen/contracts', { producerKind: 'restaurant', collectorId: plantOrg, contractNo: 'JYCC-坏', validFrom: today, validTo: '2030-12-31', dailyKg: 180 }), 400, 'NOT_A_KITCHEN_COLLECTOR', 'collectorId');
    const renewed = await restaurant.post('/api/kitchen/contracts', { producerKind: 'restaurant', collectorId, contractNo: 'JYCC-续-001', validFrom: today, validTo: '2030-12-31', dailyKg: 200 });
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(renewed.json()).toMatchObject({ contractNo: 'JYCC-续-001', collectorName: '临清市洁源餐厨废弃物收运有限公司', dailyKg: 200 });
    const rows = (await db().execute<{ contract_no: string; ended_on: string | null; end_reason: string | null }>(sql`SELECT contract_no, ended_on::text, end_reason FROM kitchen_contracts WHERE producer_id = ${restaurantOrg}::uuid ORDER BY recorded_at`)).rows;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ended_on: today, end_reason: '续签' });
    expect(rows[1]).toMatchObject({ contract_no: 'JYCC-续-001', ended_on: null });
    const audit = (await db().execute<{ action: string }>(sql`SELECT action FROM audit_log WHERE entity_type = 'kitchen_contract' AND organisation_id = ${restaurantOrg}::uuid ORDER BY id`)).rows.map((r) => r.action);
    expect(audit.slice(-2)).toEqual(['kitchen_contract.end', 'kitchen_contract.register']);
    expect((await collector.get('/api/kitchen/producers?q=运河人家')).json().items[0].contractNo).toBe('JYCC-续-001');
  });

  it('counts no tonne twice: a received pickup leaves the household recovery and resource rates, read from the weighbridges, as they were', async () => {
    const year = Number(today.slice(0, 4));
    const rates = () => Promise.all(['household_recovery_rate', 'household_resource_rate'].map((key) => householdFormulas.find((f) => f.key === key)!
      .compute(db(), { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' })));
    const before = await rates();
    expect(before[0].value).toBeGreaterThan(0);
    const m = await inTransit(pickup({ bucketCount: 40, declaredWeightT: 2.4 }));
    expect((await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 2.2, treatmentMethod: 'anaerobic' } })).json().status).toBe('received');
    expect(await rates()).toEqual(before);
  });

  it('gives the plant its ledger of a month with source, quantity, destination and use, as a page and as Excel', async () => {
    const page = (await plant.get('/api/kitchen/ledger?pageSize=100')).json();
    expect(page.total).toBeGreaterThan(200);
    expect(page.receivedT).toBeGreaterThan(10);
    for (const row of page.items) {
      expect(row.receiverName).toBe('临清市城乡环卫一体化服务有限公司');
      expect(row.producerName).toMatch(/临清/);
      expect(row.treatmentMethod).toBe('anaerobic');
      expect(row.receivedWeightT).toBeGreaterThan(0);
    }
    const xlsx = await plant.get('/api/kitchen/ledger.xlsx?wasteCode=KW01');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('kitchen waste: a producer without a pickup', () => {
  const rule = () => ruleByKey('kitchen_no_pickup')!;

  it('has raised one alarm for the demo’s silent hotpot restaurant, owned by it, seen by urban management and not by health', async () => {
    const alarms = (await urban.get('/api/alarms?rule=kitchen_no_pickup&pageSize=100')).json().items as { id: string; subjectId: string; organisationId: string; title: string; status: string }[];
    expect(alarms).toEqual([expect.objectContaining({ subjectId: hotpotOrg, organisationId: hotpotOrg, status: 'open' })]);
    expect(alarms[0].title).toMatch(/临清市鸿运火锅店 已 \d+ 天无餐厨垃圾收运记录/);
    expect((await health.get(`/api/alarms/${alarms[0].id}`)).statusCode).toBe(404);
    expect((await hotpot.get('/api/alarms?rule=kitchen_no_pickup')).json().items.map((a: { id: string }) => a.id)).toEqual([alarms[0].id]);
    // Scanning again raises it no second time; nobody else is silent.
    expect(await runRule(db(), rule())).toEqual([]);
    expect((await urban.get('/api/kitchen/producers?silent=true')).json().items.map((p: { producerId: string }) => p.producerId)).toEqual([hotpotOrg]);
  });

  it('follows the region’s setting: with a gap of 7 days the hotpot restaurant is not silent; a pickup ends it, the owner handles the alarm and urban management verifies it', async () => {
    expect((await urban.put('/api/settings/kitchen.pickup_gap_days', { value: 7 })).statusCode).toBe(200);
    expect((await urban.get('/api/kitchen/producers?silent=true')).json().items).toEqual([]);
    expect((await urban.put('/api/settings/kitchen.pickup_gap_days', { value: 3 })).statusCode).toBe(200);
    const [alarm] = (await urban.get('/api/alarms?rule=kitchen_no_pickup')).json().items;
    await inTransit(pickup({ bucketCount: 3, declaredWeightT: 0.18 }), hotpot);
    expect((await urban.get('/api/kitchen/producers?silent=true')).json().items).toEqual([]);
    expect((await hotpot.post(`/api/alarms/${alarm.id}/handle`, { note: '店面装修停业六天，已恢复收运' })).json().status).toBe('handled');
    expect((await urban.post(`/api/alarms/${alarm.id}/verify`, { note: '已核实' })).json().status).toBe('verified');
    // The loop closed and the producer picked up: a new scan raises nothing.
    expect(await runRule(db(), rule(), new Date(), hotpotOrg)).toEqual([]);
    // Six days from now without another pickup, it is raised again.
    const later = new Date(Date.now() + 6 * 86_400_000);
    const raised = await runRule(db(), rule(), later, hotpotOrg);
    expect(raised).toEqual([expect.objectContaining({ rule: 'kitchen_no_pickup', organisationId: hotpotOrg, subjectType: 'organisation' })]);
  });
});
