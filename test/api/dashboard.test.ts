import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

let t: TestApp;
let office: Client, producer: Client, ecoGuanxian: Client, resident: Client;

beforeAll(async () => {
  t = await startTestApp();
  [office, producer, ecoGuanxian, resident] = await Promise.all(['office.linqing', 'producer.demo', 'eco.guanxian', 'resident.demo'].map((u) => Client.login(t.app, u)));
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
