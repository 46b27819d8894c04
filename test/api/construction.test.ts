import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { formulaByKey, formulaFor } from '../../src/server/indicators/formulas';
import { scanAll } from '../../src/server/alarms/engine';

// 建筑垃圾 on the shared engine: a project, its disposal plan approved by the housing bureau, and
// truckloads on electronic manifests to the sites of the plan.
let t: TestApp;
let site: Client, muck: Client, driver: Client, cwsite: Client, housing: Client, urban: Client, eco: Client, producer: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let projectId = '', planId = '';
let fleet: { id: string; vehicles: { id: string; plate: string }[]; drivers: { id: string }[] };
let sites: { id: string; name: string; roomT: number }[] = [];
const count = async (table: string) => (await db().execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n;

beforeAll(async () => {
  t = await startTestApp();
  [site, muck, driver, cwsite, housing, urban, eco, producer] = await Promise.all(['site.demo', 'muck.demo', 'driver.muck', 'cwsite.demo', 'housing.linqing', 'urban.linqing', 'eco.linqing', 'producer.demo'].map((u) => Client.login(t.app, u)));
  fleet = (await site.get('/api/manifests/transporters?q=渣土运输')).json().items[0];
  sites = (await site.get('/api/construction/sites')).json().items;
});
afterAll(async () => { await t.close(); });

const load = (body: Record<string, unknown> = {}) => site.post('/api/manifests/construction', {
  projectId, wasteCode: 'CW01', declaredWeightT: 15, siteId: sites.find((s) => s.name.includes('消纳场'))!.id, transporterId: fleet.id, vehicleId: fleet.vehicles[0].id, driverId: fleet.drivers[0].id, plannedDate: today, ...body,
});

describe('a construction project', () => {
  it('registers with its floor area and files a plan the housing bureau approves', async () => {
    const p = await site.post('/api/construction/projects', { name: '临清市运河文化商业街二期', address: '青年路街道', kind: 'new', floorAreaM2: 48_000, startDate: today });
    expect(p.statusCode).toBe(201);
    projectId = p.json().id;
    const negative = await site.post(`/api/construction/projects/${projectId}/plans`, { items: [{ code: 'CW01', expectedT: -5 }], reductionTargetPct: 10, transporterIds: [fleet.id], siteIds: [sites[0].id] });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().message.zh).toContain('不能为负');
    const plan = await site.post(`/api/construction/projects/${projectId}/plans`, {
      items: [{ code: 'CW01', expectedT: 9000, reuseOnSiteT: 3000 }, { code: 'CW03', expectedT: 1200, reuseOnSiteT: 0 }], reductionTargetPct: 30, measures: '基坑土方就地回填',
      transporterIds: [fleet.id], siteIds: sites.map((s) => s.id),
    });
    expect(plan.statusCode).toBe(201);
    planId = plan.json().id;
    expect((await load()).json().code).toBe('PLAN_NOT_APPROVED');
    // The project says who may do what with it: the company files, the housing bureau reviews, urban management only reads.
    const actionsOf = async (c: Client) => (await c.get(`/api/construction/projects/${projectId}`)).json().actions;
    expect(await actionsOf(site)).toEqual({ editBuilding: true, submitPlan: true, reviewPlan: false });
    expect(await actionsOf(housing)).toEqual({ editBuilding: true, submitPlan: false, reviewPlan: true });
    expect(await actionsOf(urban)).toEqual({ editBuilding: false, submitPlan: false, reviewPlan: false });
    expect((await housing.post(`/api/construction/projects/${projectId}/plans`, { items: [{ code: 'CW01', expectedT: 1, reuseOnSiteT: 0 }], reductionTargetPct: 10, transporterIds: [fleet.id], siteIds: [sites[0].id] })).statusCode).toBe(403);
    expect((await eco.post(`/api/construction/plans/${planId}/approve`, {})).statusCode).toBe(403);
    expect((await housing.post(`/api/construction/plans/${planId}/return`, {})).json().code).toBe('COMMENT_REQUIRED');
    expect((await housing.post(`/api/construction/plans/${planId}/approve`, { comment: '同意' })).json().status).toBe('approved');
    expect((await site.get(`/api/construction/projects/${projectId}`)).json().status).toBe('active');
  });

  it('runs a truckload site → driver → consumption site, with weights at both ends', async () => {
    // The site's fill is its operator's (and the officials') to read; the builder sees whether it has room.
    const fillOf = async () => ((await cwsite.get('/api/construction/sites')).json().items as { name: string; fillT: number }[]).find((s) => s.name.includes('消纳场'))!.fillT;
    const fillBefore = await fillOf();
    const created = await load();
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({ stream: 'construction', wasteCode: 'CW01', declaredWeightT: 15 });
    expect(m.data).toMatchObject({ projectName: '临清市运河文化商业街二期', vehiclePlate: '鲁P2Z581', siteName: '临清市城区建筑垃圾临时消纳场' });
    expect((await site.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
    expect((await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 15.4 } })).json().status).toBe('in_transit');
    const received = await cwsite.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 15.3, treatmentMethod: '消纳' } });
    expect(received.json().status).toBe('received');
    // The site's fill counts the weight it received, kept on its row as the load is received.
    expect(await fillOf()).toBeCloseTo(fillBefore + 15.3, 3);
    const [kept] = (await db().execute<{ kept: number; summed: number }>(sql`SELECT s.received_t::float8 AS kept, (SELECT coalesce(sum(received_weight_t), 0)::float8 FROM manifests
      WHERE stream = 'construction' AND data->>'siteId' = s.id::text AND status IN ('received', 'partially_refused')) AS summed FROM disposal_sites s WHERE s.name LIKE '%城区建筑垃圾临时消纳场'`)).rows;
    expect(kept.kept).toBeCloseTo(kept.summed, 3);
    const ledger = (await db().execute<{ kind: string; organisation_id: string }>(sql`SELECT kind, organisation_id FROM ledger_movements WHERE manifest_id = ${m.id}::uuid ORDER BY id`)).rows.map((r) => r.kind);
    expect(ledger).toEqual(['generate', 'transfer_out', 'receive']);
    const detail = (await site.get(`/api/construction/projects/${projectId}`)).json();
    expect(detail.outflow).toEqual([{ code: 'CW01', loads: 1, t: 15.3 }]);
    // Urban management and housing see it; ecology does not.
    expect((await urban.get(`/api/manifests/${m.id}`)).statusCode).toBe(200);
    expect((await housing.get(`/api/manifests/${m.id}`)).statusCode).toBe(200);
    expect((await eco.get(`/api/manifests/${m.id}`)).statusCode).toBe(404);
  });

  it('raises none of the hazardous-waste alarms (licence, storage, capacity) about construction loads', async () => {
    const report = await scanAll(db());
    const hazardousOnly = report.filter((r) => ['licence_invalid', 'storage_overdue', 'capacity_exceeded'].includes(r.rule));
    expect(hazardousOnly.map((r) => r.raised)).toEqual([0, 0, 0]);
  });
});

describe('bad truckloads', () => {
  it('refuses a load over the truck’s rated load', async () => {
    const res = await load({ declaredWeightT: 25 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'OVERLOAD', path: 'declaredWeightT' });
    expect(res.json().message.zh).toContain('核定载质量 18 吨');
  });

  it('refuses a second open load on the same truck, even when both are asked at once', async () => {
    const before = await count('manifests');
    const [a, b] = await Promise.all([load({ declaredWeightT: 10 }), load({ declaredWeightT: 11 })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('VEHICLE_BUSY');
    expect(await count('manifests')).toBe(before + 1);
    const open = [a, b].find((r) => r.statusCode === 201)!.json();
    await site.post(`/api/manifests/${open.id}/sign`, { action: 'cancel' });
    expect((await load({ declaredWeightT: 10 })).statusCode).toBe(201);
  });

  it('counts loads still on their way against a site’s room', async () => {
    const dump = sites.find((s) => s.name.includes('消纳场'))!;
    const roomNow = async () => ((await cwsite.get('/api/construction/sites')).json().items as { id: string; roomT: number; onTheWayT: number }[]).find((s) => s.id === dump.id)!;
    // Leave room for 25 t beyond whatever is open already; one 15 t load fits, a second does not while the first is on the road.
    const { onTheWayT } = await roomNow();
    await db().execute(sql`UPDATE disposal_sites SET opening_fill_t = capacity_t - 25 - ${onTheWayT} - received_t WHERE id = ${dump.id}::uuid`);
    expect((await roomNow()).roomT).toBeCloseTo(25, 2);
    const first = await load({ vehicleId: fleet.vehicles[1].id });
    expect(first.statusCode).toBe(201);
    expect(await roomNow()).toMatchObject({ roomT: 10, onTheWayT: onTheWayT + 15 });
    // The room is checked before the truck (vehicle 0 still carries the open load of the test above).
    const second = await load({ vehicleId: fleet.vehicles[0].id });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'SITE_FULL', message: { zh: expect.stringContaining('在途') } });
    await site.post(`/api/manifests/${first.json().id}/sign`, { action: 'cancel' });
    expect((await roomNow()).roomT).toBeCloseTo(25, 2);
  });

  it('refuses a load to a full site, a site outside the plan, a category outside the plan, and a stranger’s project', async () => {
    const dump = sites.find((s) => s.name.includes('消纳场'))!;
    await db().execute(sql`UPDATE disposal_sites SET opening_fill_t = capacity_t - 5 WHERE id = ${dump.id}::uuid`);
    const full = await load({ vehicleId: fleet.vehicles[1].id });
    expect(full.statusCode).toBe(409);
    expect(full.json().code).toBe('SITE_FULL');
    expect(full.json().message.zh).toContain('剩余库容');
    expect((await load({ vehicleId: fleet.vehicles[1].id, wasteCode: 'CW05' })).json().code).toBe('NOT_IN_PLAN');
    const plant = sites.find((s) => s.name.includes('利用厂'))!;
    expect((await load({ vehicleId: fleet.vehicles[1].id, siteId: plant.id })).json().code).toBe('SITE_REFUSES_CODE');
    expect((await producer.post('/api/manifests/construction', { projectId, wasteCode: 'CW01', declaredWeightT: 5, siteId: plant.id, transporterId: fleet.id, vehicleId: fleet.vehicles[1].id, driverId: fleet.drivers[0].id, plannedDate: today })).json().code).toBe('UNKNOWN_PROJECT');
  });

  it('refuses a plan with negative quantities or reuse above generation, and a site whose fill exceeds its capacity', async () => {
    const over = await site.post(`/api/construction/projects/${projectId}/plans`, { items: [{ code: 'CW01', expectedT: 10, reuseOnSiteT: 20 }], reductionTargetPct: 10, transporterIds: [fleet.id], siteIds: [sites[0].id] });
    expect(over.json().code).toBe('BAD_QUANTITY');
    const badSite = await cwsite.post('/api/construction/sites', { name: '新消纳场', kind: 'consumption', capacityT: 100, openingFillT: 200, accepts: ['CW01'] });
    expect(badSite.json().code).toBe('OVER_CAPACITY');
  });
});

describe('the construction indicators', () => {
  it('compute 建筑垃圾资源化利用率 and the discharge per 10,000 m² of new building from the truckloads', async () => {
    const plant = sites.find((s) => s.name.includes('利用厂'))!;
    const year = Number(today.slice(0, 4));
    const recyclingRate = formulaByKey('construction_recycling_rate')!;
    // 天桥区's table words it with a bracket; the formula still finds it. Muck (CW01) does not count.
    const perArea = formulaFor('新建建筑施工现场建筑废弃物(不包括工程渣土、工程泥浆)排放量')!;
    expect(perArea.key).toBe('construction_discharge_per_area');
    // The demo's season of truckloads is there before this project's.
    const before = { recycling: await recyclingRate.compute(db(), { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' }), perArea: await perArea.compute(db(), { regionCode: '371581', year, unit: '吨/万平方米', baselineYear: 2020, baselineValue: null, baselineText: '' }) };
    expect(before.recycling.value).toBeGreaterThan(0);
    const m = (await load({ vehicleId: fleet.vehicles[1].id, siteId: plant.id, wasteCode: 'CW03', declaredWeightT: 10 })).json();
    await site.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 10 } });
    await cwsite.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 9.7, treatmentMethod: '再生骨料' } });
    const recycling = await recyclingRate.compute(db(), { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' });
    // 9.7 t more into the recycling plant, and in all that was received.
    expect(recycling.numerator).toBeCloseTo(before.recycling.numerator + 9.7, 6);
    expect(recycling.denominator! - before.recycling.denominator!).toBeCloseTo(9.7, 6);
    expect(recycling.value).toBeCloseTo((100 * recycling.numerator) / recycling.denominator!, 2);
    // This project's 48,000 m² now count, with its one load of 工程垃圾; its muck does not.
    const after = await perArea.compute(db(), { regionCode: '371581', year, unit: '吨/万平方米', baselineYear: 2020, baselineValue: null, baselineText: '' });
    expect(after.numerator).toBeCloseTo(before.perArea.numerator + 9.7, 6);
    expect(after.denominator).toBeCloseTo(before.perArea.denominator! + 4.8, 6);
    expect(after.value).toBeCloseTo(after.numerator / after.denominator!, 2);
    expect((await formulaByKey('construction_recycling_rate')!.compute(db(), { regionCode: '371525', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' })).value).toBeNull();
  });
});
