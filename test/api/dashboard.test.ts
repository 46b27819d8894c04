import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { verifiedEnterprise } from '../support/factories';
import { STREAM_DEFINITIONS } from '../../src/domain/streams';

let t: TestApp;
let office: Client, producer: Client, ecoGuanxian: Client, resident: Client, admin: Client, driver: Client, health: Client;

beforeAll(async () => {
  t = await startTestApp();
  [office, producer, ecoGuanxian, resident, admin, driver, health] = await Promise.all(['office.linqing', 'producer.demo', 'eco.guanxian', 'resident.demo', 'admin', 'driver.muck', 'health.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('the one-screen dashboard (一屏掌控)', () => {
  it('shows the region’s waste flows, facilities and trend, and drills down to its towns', async () => {
    // The demo's construction truckloads are in the trend already.
    const month = new Date(Date.now() + 8 * 3_600_000).getUTCMonth() + 1;
    const earlier = (await office.get('/api/dashboard')).json() as { trend: { generatedT: number }[]; flows: { links: { source: string; target: string; value: number }[] } };
    const before = earlier.trend[month - 1].generatedT;
    // The demo year's waste oil and in-house recovery are in the flows already: the new batch adds to them.
    const link = (links: typeof earlier.flows.links, source: string, target: string) => links.find((l) => l.source === source && l.target === target)?.value ?? 0;
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 3, quantityT: 0.6 })).json();
    await producer.post(`/api/ledger/batches/${batch.id}/movements`, { kind: 'self_utilise', quantityT: 0.2, treatmentMethod: 'R9' });
    const res = await office.get('/api/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.region).toMatchObject({ code: '371581', name: '临清市' });
    expect(d.children).toHaveLength(16);
    expect(link(d.flows.links, 'HW08', '产生')).toBeCloseTo(link(earlier.flows.links, 'HW08', '产生') + 0.6, 3);
    expect(link(d.flows.links, '产生', '自行利用')).toBeCloseTo(link(earlier.flows.links, '产生', '自行利用') + 0.2, 3);
    expect(d.facilities.length).toBeGreaterThan(10);
    expect(d.trend[month - 1].generatedT).toBeCloseTo(before + 0.6, 6);
    const town = (await office.get('/api/dashboard?regionCode=371581101')).json();
    expect(town.region.name).toBe('松林镇');
  });

  it('is only for officials of the area', async () => {
    expect((await ecoGuanxian.get('/api/dashboard?regionCode=371581')).statusCode).toBe(403);
    expect((await resident.get('/api/dashboard')).statusCode).toBe(403);
  });
});

type Screen = { indicators: { planId: string; title: string; regionCode: string; attainment: unknown[] } | null; flows: { generatedT: number }; streams: { stream: string; label: { zh: string }; categoryPrefix: string; generatedT: number }[] };
const screen = async (client: Client, regionCode: string): Promise<Screen> => {
  const res = await client.get(`/api/dashboard?regionCode=${regionCode}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const generatedByStream = (d: Screen) => Object.fromEntries(d.streams.map((s) => [s.stream, s.generatedT]));
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A construction company of the region and one truckload of 渣土 (CW01) on the road: the ledger's generation and hand-over of a project. */
async function truckloadOnTheRoad(regionCode: string, pickupWeightT: number) {
  const builder = await verifiedEnterprise(t.app, admin, regionCode, ['construction_site']);
  const project = await builder.client.post('/api/construction/projects', { name: '东阿县测试安置房工程', address: '铜城街道', kind: 'new', floorAreaM2: 12_000, startDate: today() });
  expect(project.statusCode, project.body).toBe(201);
  const fleet = (await builder.client.get('/api/manifests/transporters?q=渣土运输')).json().items[0] as { id: string; vehicles: { id: string }[]; drivers: { id: string }[] };
  const site = ((await builder.client.get('/api/construction/sites')).json().items as { id: string; name: string }[]).find((s) => s.name.includes('消纳场'))!;
  const plan = await builder.client.post(`/api/construction/projects/${project.json().id}/plans`, { items: [{ code: 'CW01', expectedT: 500, reuseOnSiteT: 0 }], reductionTargetPct: 10, transporterIds: [fleet.id], siteIds: [site.id] });
  expect(plan.statusCode, plan.body).toBe(201);
  expect((await admin.post(`/api/construction/plans/${plan.json().id}/approve`, { comment: '同意' })).statusCode).toBe(200);
  const load = await builder.client.post('/api/manifests/construction', { projectId: project.json().id, wasteCode: 'CW01', declaredWeightT: 15, siteId: site.id, transporterId: fleet.id, vehicleId: fleet.vehicles[0].id, driverId: fleet.drivers[0].id, plannedDate: today() });
  expect(load.statusCode, load.body).toBe(201);
  expect((await builder.client.post(`/api/manifests/${load.json().id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
  const departed = await driver.post(`/api/manifests/${load.json().id}/sign`, { action: 'sign_transport', data: { pickupWeightT } });
  expect(departed.json().status, departed.body).toBe('in_transit');
}

describe('the headline figures, each counting what it says', () => {
  it('counts hazardous waste only in 危险废物产生, in a fresh county and in its city, and gives every stream of the registry its own figure', async () => {
    // 东阿县 has no demo data: its figures are what this test records, nothing else.
    const county = '371524';
    const fresh = await screen(admin, county);
    expect(fresh.streams.map((s) => s.stream)).toEqual(STREAM_DEFINITIONS.map((d) => d.key));
    expect(fresh.streams.find((s) => s.stream === 'hazardous')!.label.zh).toBe('危险废物');
    expect(fresh.streams.every((s) => s.generatedT === 0) && fresh.flows.generatedT === 0).toBe(true);
    const cityBefore = await screen(admin, '371500');

    const factory = await verifiedEnterprise(t.app, admin, county, ['producer']);
    for (const [wasteCode, quantityT] of [['900-249-08', 0.6], ['900-041-49', 0.25]] as const) {
      const batch = await factory.client.post('/api/ledger/batches', { wasteCode, physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT });
      expect(batch.statusCode, batch.body).toBe(201);
    }
    const ash = await factory.client.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerCount: 1, quantityT: 3, storageFacility: '1号灰库' });
    expect(ash.statusCode, ash.body).toBe(201);
    await truckloadOnTheRoad(county, 15.4);

    const after = await screen(admin, county);
    expect(generatedByStream(after)).toEqual({ hazardous: 0.85, industrial: 3, construction: 15.4, sludge: 0, kitchen: 0, manure: 0, pesticide: 0, carcass: 0, recyclables: 0, ewaste: 0 });
    expect(after.flows.generatedT).toBeCloseTo(19.25, 6);
    // 聊城市 reads its counties' sums: the same tonnes arrive there, each under its own stream.
    const cityAfter = await screen(admin, '371500');
    const cityGrowth = Object.fromEntries(cityAfter.streams.map((s) => [s.stream, Math.round((s.generatedT - generatedByStream(cityBefore)[s.stream]) * 1000) / 1000]));
    expect(cityGrowth).toEqual({ hazardous: 0.85, industrial: 3, construction: 15.4, sludge: 0, kitchen: 0, manure: 0, pesticide: 0, carcass: 0, recyclables: 0, ewaste: 0 });
  });

  it('shows the plan that covers the region, assessed for the plan’s own region: a town its county’s, a city without a plan none', async () => {
    const county = (await screen(office, '371581')).indicators!;
    expect(county).toMatchObject({ regionCode: '371581', title: expect.stringContaining('临清') });
    const town = (await screen(office, '371581101')).indicators!;
    expect(town).toMatchObject({ planId: county.planId, regionCode: '371581' });
    expect(town.attainment).toEqual(county.attainment);
    // 聊城市 has no plan of its own: 临清's targets are not measured against the whole city.
    expect((await screen(admin, '371500')).indicators).toBeNull();
  });

  it('shows a department the streams it regulates only (the health commission: medical waste, HW01)', async () => {
    const d = await screen(health, '371581');
    expect(d.streams.map((s) => [s.stream, s.categoryPrefix, s.label.zh])).toEqual([['hazardous', 'HW01', '危险废物（HW01）']]);
  });

  it('shows household waste today to those who regulate it, with the plants’ load, and to no one else', async () => {
    const urban = await Client.login(t.app, 'urban.linqing');
    const mine = await screen(urban, '371581');
    // Urban management regulates construction waste, sludge, kitchen waste and household waste: its stream figures are streams of the registry only.
    expect(mine.streams.map((s) => s.stream)).toEqual(['construction', 'sludge', 'kitchen']);
    const household = (mine as unknown as { household: { byClass: Record<string, number>; totalT: number; facilities: { todayT: number; loadPct: number | null; capacityTPerDay: number | null }[] } }).household;
    expect(household).not.toBeNull();
    expect(household.totalT).toBeCloseTo(Object.values(household.byClass).reduce((a, b) => a + b, 0), 3);
    for (const f of household.facilities) if (f.capacityTPerDay) expect(f.loadPct).toBeCloseTo((f.todayT / f.capacityTPerDay) * 100, 0);
    expect(((await screen(health, '371581')) as unknown as { household: unknown }).household).toBeNull();
  });

  it('shows the agricultural rates the farm records compute to the office and the agriculture bureau, and to no other department', async () => {
    type Agri = { agriculture: { no: number; name: string; unit: string; value: number | null; status: string; target: string | null }[] | null };
    const agri = await Client.login(t.app, 'agri.linqing');
    for (const who of [office, agri]) {
      const rows = ((await screen(who, '371581')) as unknown as Agri).agriculture!;
      expect(rows.map((r) => r.no)).toEqual([6, 15, 16, 17, 18, 19, 29]);
      for (const r of rows) {
        expect(r.value, `${r.no} ${r.name}`).not.toBeNull();
        expect(r.unit, `${r.no} ${r.name}`).toBe('%');
      }
    }
    expect(((await screen(health, '371581')) as unknown as Agri).agriculture).toBeNull();
  });
});
