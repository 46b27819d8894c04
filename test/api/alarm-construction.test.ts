import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule } from '../../src/server/alarms/engine';
import { constructionDiverted, constructionOffRoute, constructionOverload, constructionOutflow } from '../../src/server/alarms/rules/construction';

// The construction early-warning rules on real truckloads and real GPS points.
let t: TestApp;
let site: Client, muck: Client, driver: Client, housing: Client;
let token = '';
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let fleet: { id: string; vehicles: { id: string; plate: string }[]; drivers: { id: string }[] };
let dump: { id: string }, plant: { id: string };
let projectId = '';

beforeAll(async () => {
  t = await startTestApp();
  [site, muck, driver, housing] = await Promise.all(['site.demo', 'muck.demo', 'driver.muck', 'housing.linqing'].map((u) => Client.login(t.app, u)));
  fleet = (await site.get('/api/manifests/transporters?q=渣土运输')).json().items[0];
  const sites = (await site.get('/api/construction/sites')).json().items as { id: string; name: string }[];
  dump = sites.find((s) => s.name.includes('消纳场'))!;
  plant = sites.find((s) => s.name.includes('利用厂'))!;
  projectId = (await site.post('/api/construction/projects', { name: '临清市老城区棚户区改造一期', kind: 'demolition', floorAreaM2: 12_000, startDate: today, longitude: 115.70, latitude: 36.84 })).json().id;
  const plan = (await site.post(`/api/construction/projects/${projectId}/plans`, { items: [{ code: 'CW01', expectedT: 20, reuseOnSiteT: 0 }], reductionTargetPct: 20, transporterIds: [fleet.id], siteIds: [dump.id, plant.id] })).json();
  await housing.post(`/api/construction/plans/${plan.id}/approve`, { comment: '同意' });
  token = (await muck.post('/api/tokens', { name: '渣土车GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
});
afterAll(async () => { await t.close(); });

async function onTheRoad(vehicle: number, pickupWeightT: number) {
  const m = (await site.post('/api/manifests/construction', { projectId, wasteCode: 'CW01', declaredWeightT: 15, siteId: dump.id, transporterId: fleet.id, vehicleId: fleet.vehicles[vehicle].id, driverId: fleet.drivers[0].id, plannedDate: today })).json();
  await site.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
  expect((await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT } })).statusCode).toBe(200);
  return m as { id: string; number: string };
}
const gps = (plate: string, longitude: number, latitude: number) => t.app.inject({ method: 'POST', url: '/api/telemetry/positions', headers: { authorization: `Bearer ${token}` },
  payload: { points: [{ plate, at: new Date().toISOString(), longitude, latitude }] } });
const subjects = (raised: { subjectId: string }[]) => raised.map((a) => a.subjectId);

describe('construction early warning', () => {
  it('warns of a truck at another site, off its route, overloaded, and a project over its plan; not of a truck on its way', async () => {
    const strayed = await onTheRoad(0, 19);
    await onTheRoad(1, 15);
    // One stands at the recycling plant although bound for the consumption site; the other is halfway along the line.
    expect((await gps(fleet.vehicles[0].plate, 115.7352, 36.8151)).statusCode).toBe(200);
    expect((await gps(fleet.vehicles[1].plate, 115.695, 36.85)).statusCode).toBe(200);

    // The transport rules run as the positions arrive: no scan is needed for these two.
    const raisedFor = async (rule: string) => {
      for (let i = 0; i < 50; i++) {
        const items = (await housing.get(`/api/alarms?rule=${rule}`)).json().items as { subjectId: string; title: string; severity: string }[];
        if (items.length) return items;
        await new Promise((r) => setTimeout(r, 100));
      }
      return [];
    };
    const diverted = await raisedFor('construction_diverted');
    expect(subjects(diverted)).toEqual([strayed.id]);
    expect(diverted[0].title).toContain('临清市建筑垃圾资源化利用厂');
    expect(diverted[0].severity).toBe('high');
    expect(subjects(await raisedFor('construction_off_route'))).toEqual([strayed.id]);
    // A scan finds nothing new about them.
    expect(await runRule(db(), constructionOffRoute)).toHaveLength(0);
    expect(subjects(await runRule(db(), constructionOverload))).toEqual([strayed.id]);
    const outflow = await runRule(db(), constructionOutflow);
    expect(outflow).toHaveLength(1);
    expect(outflow[0]).toMatchObject({ subjectType: 'construction_project', subjectId: `${projectId}:CW01` });
    // Raised once only.
    expect(await runRule(db(), constructionDiverted)).toHaveLength(0);

    // The risk scores: high 5, medium 3, doubled while open.
    const risk = await housing.get('/api/construction/risk');
    expect(risk.statusCode).toBe(200);
    expect(risk.json().projects).toEqual([expect.objectContaining({ id: projectId, score: 32, alarms: 4, open: 4, band: 'high' })]);
    expect(risk.json().transporters).toEqual([expect.objectContaining({ id: fleet.id, score: 26, alarms: 3, band: 'high' })]);
    expect((await site.get('/api/construction/risk')).statusCode).toBe(403);
  });
});
