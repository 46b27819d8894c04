import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';
import { carcassFormulas } from '../../src/server/carcass/formulas';
import { DEMO_PLANS } from '../../src/server/demo/plans/load';
import { expectRefused } from '../support/refusals';

// 病死畜禽 over HTTP against the demo: a farm's report is its manifest, signed out; a town station
// reports for a household; the plant plans a round, its driver signs each pickup with the head counted,
// the plant records the treatment; bad input (a negative head count, a treatment of a load never picked
// up) is refused naming the field, writing nothing; who sees what; the alarms; the rate.
let t: TestApp;
let farm: Client, plant: Client, driver: Client, bureau: Client, town: Client, eco: Client, otherFarm: Client, office: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

async function written() {
  const [row] = (await db().execute<{ reports: number; manifests: number; signatures: number; cancellations: number; stops: number }>(sql`SELECT
    (SELECT count(*)::int FROM carcass_reports) AS reports, (SELECT count(*)::int FROM manifests) AS manifests, (SELECT count(*)::int FROM manifest_signatures) AS signatures,
    (SELECT count(*)::int FROM carcass_report_cancellations) AS cancellations, (SELECT count(*)::int FROM carcass_round_stops) AS stops`)).rows;
  return row;
}

const report = (extra: Record<string, unknown> = {}) => ({ species: 'pig', head: 4, weightKg: 320, cause: 'non_disease', diedOn: today, location: '场内无害化暂存间', ...extra });
const fleet = async () => (await db().execute<{ vehicle: string; driver: string }>(sql`SELECT v.id AS vehicle, d.id AS driver FROM vehicles v JOIN drivers d ON d.organisation_id = v.organisation_id
  JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.carcass' AND v.plate = '鲁PB7361'`)).rows[0];
const manifestOf = async (reportId: string) => (await db().execute<{ id: string; status: string; producer: string }>(sql`SELECT m.id, m.status, o.name AS producer FROM manifests m JOIN organisations o ON o.id = m.producer_id
  WHERE m.stream = 'carcass' AND m.data->>'reportId' = ${reportId} AND m.status <> 'cancelled'`)).rows[0];

beforeAll(async () => {
  t = await startTestApp();
  [farm, plant, driver, bureau, town, eco, otherFarm, office] = await Promise.all(
    ['farm.demo', 'carcass.demo', 'driver.carcass', 'agri.linqing', 'agri.songlin', 'eco.linqing', 'farm03.carcass', 'office.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('dead livestock: a report collected, tracked and treated', () => {
  let farmReport = '', householdReport = '', roundId = '';

  it('files a farm’s report as its manifest, signed out by the farm and waiting for the plant', async () => {
    const res = await farm.post('/api/carcass/reports', report());
    expect(res.statusCode, res.body).toBe(201);
    farmReport = res.json().id;
    const m = await manifestOf(farmReport);
    expect(m).toMatchObject({ status: 'signed_by_producer', producer: '临清市松林镇鑫旺生猪养殖场' });
    const listed = (await farm.get(`/api/carcass/reports?pageSize=100&state=waiting`)).json();
    expect(listed.items.find((r: { id: string }) => r.id === farmReport)).toMatchObject({ state: 'waiting', head: 4, late: false, farmName: '临清市松林镇鑫旺生猪养殖场' });
  });

  it('refuses a negative head count, a weight no four pigs have and a death tomorrow, naming the field and writing nothing', async () => {
    const before = await written();
    expectRefused(await farm.post('/api/carcass/reports', report({ head: -3 })), 400, 'VALIDATION', 'head');
    expectRefused(await farm.post('/api/carcass/reports', report({ weightKg: 9000 })), 400, 'BAD_REPORT', 'weightKg');
    const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);
    expectRefused(await farm.post('/api/carcass/reports', report({ diedOn: tomorrow })), 400, 'DIED_IN_FUTURE', 'diedOn');
    expectRefused(await plant.post('/api/carcass/reports', report()), 403, 'FORBIDDEN', null);
    expect(await written()).toEqual(before);
  });

  it('has the town station report for a scattered household of its own town only', async () => {
    expectRefused(await town.post('/api/carcass/reports', report({ householdName: '王大爷', village: '东街村', regionCode: '371581102' })), 400, 'NOT_YOUR_TOWN', 'regionCode');
    const res = await town.post('/api/carcass/reports', report({ householdName: '王大爷', village: '东街村', head: 1, weightKg: 90 }));
    expect(res.statusCode, res.body).toBe(201);
    householdReport = res.json().id;
    expect(res.json()).toMatchObject({ regionCode: '371581101', farmId: null, householdName: '王大爷' });
    expect(await manifestOf(householdReport)).toBeUndefined();
  });

  it('refuses a treatment of a load never picked up, naming the manifest, writing nothing', async () => {
    const m = await manifestOf(farmReport);
    const before = await written();
    expectRefused(await plant.post('/api/carcass/treatments', { manifestId: m.id, receivedWeightKg: 300, receivedHead: 4, method: 'rendering', treatedOn: today }), 409, 'NOT_PICKED_UP', 'manifestId');
    expect(await written()).toEqual(before);
  });

  it('lets the plant plan a round; the household’s manifest is made by the plant on its behalf', async () => {
    const { vehicle, driver: driverId } = await fleet();
    expectRefused(await farm.post('/api/carcass/rounds', { roundDate: today, vehicleId: vehicle, driverId, reportIds: [farmReport] }), 403, 'FORBIDDEN', null);
    const res = await plant.post('/api/carcass/rounds', { roundDate: today, vehicleId: vehicle, driverId, reportIds: [farmReport, householdReport], note: '测试线' });
    expect(res.statusCode, res.body).toBe(201);
    roundId = res.json().id;
    expect(await manifestOf(householdReport)).toMatchObject({ status: 'signed_by_producer', producer: '临清市病死畜禽无害化处理中心' });
    expectRefused(await plant.post('/api/carcass/rounds', { roundDate: today, vehicleId: vehicle, driverId, reportIds: [farmReport] }), 409, 'REPORT_NOT_WAITING', 'reportIds.0');
    const mine = (await driver.get('/api/carcass/rounds?mine=true&pageSize=100')).json();
    expect(mine.items.some((r: { id: string }) => r.id === roundId)).toBe(true);
  });

  it('has the driver sign the pickup with the head counted: a negative count is refused naming the field', async () => {
    const m = await manifestOf(farmReport);
    const before = await written();
    expectRefused(await driver.post('/api/carcass/pickups', { manifestId: m.id, head: -1, weightKg: 300, handedOverBy: '张建国' }), 400, 'VALIDATION', 'head');
    expectRefused(await otherFarm.post('/api/carcass/pickups', { manifestId: m.id, head: 4, weightKg: 300, handedOverBy: '张建国' }), 404, 'NOT_FOUND', null);
    expect(await written()).toEqual(before);
    const res = await driver.post('/api/carcass/pickups', { manifestId: m.id, head: 4, weightKg: 312.5, handedOverBy: '张建国', longitude: 115.62, latitude: 36.75 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_transit', data: { pickupHead: 4, pickupWeightT: 0.3125, vehiclePlate: '鲁PB7361', handedOverBy: '张建国' } });
    expectRefused(await driver.post('/api/carcass/pickups', { manifestId: m.id, head: 4, weightKg: 312.5, handedOverBy: '张建国' }), 409, 'ALREADY_PICKED_UP', 'manifestId');
    const detail = (await bureau.get(`/api/carcass/rounds/${roundId}`)).json();
    expect(detail.stops.map((s: { status: string }) => s.status)).toEqual(['in_transit', 'signed_by_producer']);
    expect(detail.status).toBe('on_road');
  });

  it('records the plant’s treatment; more head than picked up is refused', async () => {
    const m = await manifestOf(farmReport);
    expectRefused(await plant.post('/api/carcass/treatments', { manifestId: m.id, receivedWeightKg: 305, receivedHead: 5, method: 'rendering', treatedOn: today }), 400, 'MORE_THAN_PICKED_UP', 'data.receivedHead');
    expectRefused(await driver.post('/api/carcass/treatments', { manifestId: m.id, receivedWeightKg: 305, receivedHead: 4, method: 'rendering', treatedOn: today }), 403, 'FORBIDDEN', null);
    const res = await plant.post('/api/carcass/treatments', { manifestId: m.id, receivedWeightKg: 305, receivedHead: 4, method: 'rendering', treatedOn: today });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'received', data: { treatmentMethod: 'rendering', receivedHead: 4 } });
    const listed = (await bureau.get(`/api/carcass/reports?pageSize=100&state=treated&from=${today}`)).json();
    expect(listed.items.find((r: { id: string }) => r.id === farmReport)).toMatchObject({ state: 'treated', receivedHead: 4, treatmentMethod: 'rendering' });
  });
});

describe('dead livestock: corrections and cancellations', () => {
  it('supersedes a waiting report with a correction and cancels its manifest; a cancellation needs its reason', async () => {
    const first = (await farm.post('/api/carcass/reports', report({ head: 2, weightKg: 150 }))).json();
    expectRefused(await farm.post('/api/carcass/reports', report({ head: 3, weightKg: 210, supersedesId: first.id })), 400, 'REASON_REQUIRED', 'reason');
    const corrected = await farm.post('/api/carcass/reports', report({ head: 3, weightKg: 210, supersedesId: first.id, reason: '复核后多1头' }));
    expect(corrected.statusCode, corrected.body).toBe(201);
    const states = (await farm.get('/api/carcass/reports?pageSize=100')).json().items;
    expect(states.find((r: { id: string }) => r.id === first.id).state).toBe('superseded');
    expect((await db().execute(sql`SELECT status FROM manifests WHERE data->>'reportId' = ${first.id}`)).rows).toEqual([{ status: 'cancelled' }]);
    expectRefused(await otherFarm.post(`/api/carcass/reports/${corrected.json().id}/cancel`, { reason: '误报' }), 404, 'NOT_FOUND', null);
    expectRefused(await farm.post(`/api/carcass/reports/${corrected.json().id}/cancel`, {}), 400, 'VALIDATION', 'reason');
    const cancelled = await farm.post(`/api/carcass/reports/${corrected.json().id}/cancel`, { reason: '已由兽医确认误报' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().state).toBe('cancelled');
  });

  it('refuses to edit or delete a report in the database: records are append-only', async () => {
    await expect(db().execute(sql`UPDATE carcass_reports SET head = 1`)).rejects.toThrow();
    await expect(db().execute(sql`DELETE FROM carcass_reports`)).rejects.toThrow();
  });
});

describe('dead livestock: who sees what', () => {
  it('shows the bureau all of 临清, the town station its town only, a farm its own, ecology nothing', async () => {
    const all = (await bureau.get('/api/carcass/reports?pageSize=100')).json();
    expect(all.items.some((r: { regionCode: string }) => !r.regionCode.startsWith('371581101'))).toBe(true);
    const townOnly = (await town.get('/api/carcass/reports?pageSize=100')).json();
    expect(townOnly.total).toBeGreaterThan(0);
    expect(townOnly.items.every((r: { regionCode: string }) => r.regionCode.startsWith('371581101'))).toBe(true);
    const own = (await otherFarm.get('/api/carcass/reports?pageSize=100')).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((r: { farmName: string }) => r.farmName === '临清市老赵庄镇宏发养猪场')).toBe(true);
    expectRefused(await eco.get('/api/carcass/reports'), 403, 'FORBIDDEN', null);
    expect((await office.get('/api/carcass/reports?pageSize=1')).json().total).toBe(all.total);
  });
});

describe('dead livestock: the alarms', () => {
  it('raised the demo’s late household report for the bureau and the town station', async () => {
    for (const who of [bureau, town]) {
      const alarms = (await who.get('/api/alarms?rule=carcass_not_collected&pageSize=100')).json();
      expect(alarms.items.some((a: { title: string }) => a.title.includes('王秀英')), JSON.stringify(alarms)).toBe(true);
    }
    expect((await eco.get('/api/alarms?rule=carcass_not_collected&pageSize=100')).json().total).toBe(0);
  });

  it('shows a suspected notifiable disease to the bureau at once, as an alarm', async () => {
    const res = await farm.post('/api/carcass/reports', report({ head: 5, weightKg: 400, cause: 'disease', suspectedNotifiable: true }));
    expect(res.statusCode, res.body).toBe(201);
    const alarms = (await bureau.get('/api/alarms?rule=carcass_suspected_disease&pageSize=100')).json();
    expect(alarms.items.map((a: { subjectId: string }) => a.subjectId)).toContain(res.json().id);
    expect((await bureau.get('/api/carcass/reports?suspected=true&pageSize=100')).json().items.map((r: { id: string }) => r.id)).toContain(res.json().id);
  });

  it('raises an alarm when the round’s vehicle leaves its route, not while it follows it', async () => {
    const rule = ruleByKey('carcass_off_route')!;
    expect(await runRule(db(), rule, new Date())).toEqual([]);
    const [onRoad] = (await db().execute<{ id: string }>(sql`SELECT m.id FROM manifests m WHERE m.stream = 'carcass' AND m.status = 'in_transit' AND m.data ? 'roundId' ORDER BY m.updated_at DESC LIMIT 1`)).rows;
    // 20 km west of the county: far from every leg of the round.
    await db().execute(sql`INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude, speed_kmh)
      SELECT '371581111', id, now() - interval '30 seconds', 115.35, 36.85, 50 FROM vehicles WHERE plate = '鲁PB7361'`);
    const raised = await runRule(db(), rule, new Date(), onRoad.id);
    expect(raised).toHaveLength(1);
    expect(raised[0].titleEn).toMatch(/km off its round/);
  });

  it('raises an alarm for a load picked up and not received within the region’s hours', async () => {
    const [onRoad] = (await db().execute<{ id: string }>(sql`SELECT m.id FROM manifests m WHERE m.stream = 'carcass' AND m.status = 'in_transit' LIMIT 1`)).rows;
    expect(await runRule(db(), ruleByKey('carcass_not_received')!, new Date(), onRoad.id)).toEqual([]);
    expect(await runRule(db(), ruleByKey('carcass_not_received')!, new Date(Date.now() + 13 * 3_600_000), onRoad.id)).toHaveLength(1);
  });
});

describe('病死畜禽集中无害化处理率', () => {
  it('matches the rows of the three seed plans and no other', () => {
    const [formula] = carcassFormulas;
    const matched = DEMO_PLANS.flatMap((p) => p.indicators.rows.filter((r) => r.some((cell) => formula.matches.test(cell))).map((r) => `${p.regionCode} ${r[0]}`));
    expect(matched.sort()).toEqual(['370105 30', '371581 29', `${DEMO_PLANS.find((p) => p.regionCode !== '371581' && p.regionCode !== '370105')!.regionCode} 30`].sort());
    expect(matched).toHaveLength(3);
  });

  it('gives 临清 a rate near 96 % for the year, head treated centrally over head reported, with both weights', async () => {
    const [formula] = carcassFormulas;
    const q = { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' };
    const computed = await formula.compute(db(), q);
    expect(computed.value).toBeGreaterThan(94);
    expect(computed.value).toBeLessThan(98.5);
    expect(computed.inputs!.map((i) => i.key)).toEqual(['reportedHead', 'reportedWeightT', 'treatedHead', 'treatedWeightT']);
    const town = await formula.compute(db(), { ...q, regionCode: '371581101' });
    expect(town.denominator).toBeLessThan(computed.denominator!);
    const records = await formula.records!(db(), q, { offset: 0, limit: 5 });
    expect(records.total).toBeGreaterThan(100);
    const summary = (await bureau.get(`/api/carcass/summary?year=${year}`)).json();
    expect(summary).toMatchObject({ reported: computed.denominator, treated: computed.numerator, rate: computed.value });
    expect(summary.late).toBeGreaterThanOrEqual(1);
  });
});
