import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

// The demo city as the global setup seeded it (src/server/demo/sludge.ts): a year of 临清市城市污水处理厂's
// sewage sludge, as the plant, the urban-management regulator and the zero-waste office see it.

let t: TestApp;
let plant: Client, urban: Client;
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

interface ManifestItem { id: string; stream: string; status: string; wasteCode: string; declaredWeightT: number; receivedWeightT: number | null; hasDiscrepancy: boolean }

async function allManifests(client: Client): Promise<ManifestItem[]> {
  const items: ManifestItem[] = [];
  for (let page = 1; ; page++) {
    const res = (await client.get(`/api/manifests?pageSize=100&page=${page}`)).json() as { items: ManifestItem[]; total: number };
    items.push(...res.items);
    if (items.length >= res.total || !res.items.length) return items;
  }
}

beforeAll(async () => {
  t = await startTestApp();
  [plant, urban] = await Promise.all(['wwtp.demo', 'urban.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('the demo’s sewage sludge', () => {
  it('keeps batches in the plant’s bunker with their moisture content', async () => {
    const store = (await plant.get('/api/ledger/store?stream=sludge&pageSize=100')).json() as { items: { wasteCode: string; inStoreT: number; attributes: { moisturePct?: number } }[] };
    // Today's belt-press cake, a plate-press load waiting for the landfill, and the 粪便污泥 waiting for the truck.
    expect(store.items.map((b) => b.wasteCode).sort()).toEqual(['SL01', 'SL01', 'SL02']);
    for (const b of store.items) {
      expect(b.inStoreT).toBeGreaterThan(0);
      expect(b.attributes.moisturePct).toBeGreaterThanOrEqual(40);
      expect(b.attributes.moisturePct).toBeLessThanOrEqual(85);
    }
  });

  it('ships truckloads that are received, on the road and waiting for the truck, within the truck’s 20 t', async () => {
    const manifests = (await allManifests(plant)).filter((m) => m.stream === 'sludge');
    const count = (status: string) => manifests.filter((m) => m.status === status).length;
    // Eleven months and more of it: the belt-press cake every other day, besides the plate-press and faecal loads.
    expect(manifests.length).toBeGreaterThan(150);
    expect(count('in_transit')).toBe(1);
    expect(count('signed_by_producer')).toBe(1);
    expect(count('received')).toBe(manifests.length - 2);
    expect(manifests.every((m) => m.declaredWeightT <= 20)).toBe(true);
    // The gate weighs 1–3 % under the plant's weighbridge: within the stream's tolerance, nothing to report.
    expect(manifests.some((m) => m.hasDiscrepancy)).toBe(false);
    const received = await Promise.all(manifests.filter((m) => m.status === 'received').map(async (m) => (await plant.get(`/api/manifests/${m.id}`)).json() as ManifestItem & { data: Record<string, unknown> }));
    for (const m of received) expect(m.receivedWeightT! / Number(m.data.pickupWeightT)).toBeGreaterThan(0.96);
    expect(received.every((m) => typeof m.data.moisturePct === 'number')).toBe(true);
    expect(new Set(received.map((m) => m.data.treatmentMethod))).toEqual(new Set(['incineration', 'building_materials', 'landfill']));
    // One wet load went to the landfill while the incinerator was down: not 无害化.
    expect(received.filter((m) => m.data.treatmentMethod === 'landfill' && Number(m.data.moisturePct) > 60)).toHaveLength(1);
  });

  it('shows the urban-management regulator 临清’s 城镇污水污泥无害化处置率 (row 31) computed from the manifests, a little under 100 %', async () => {
    const plans = (await urban.get('/api/indicators/plans')).json().items as { id: string; regionCode: string }[];
    const plan = plans.find((p) => p.regionCode === '371581')!;
    const res = await urban.get(`/api/indicators/plans/${plan.id}?year=${thisYear}`);
    expect(res.statusCode).toBe(200);
    const row = (res.json().rows as { no: number; formula: string | null; latest: { value: number; origin: string; numerator: number; denominator: number } | null }[]).find((r) => r.no === 31)!;
    expect(row).toMatchObject({ formula: 'sludge_harmless_rate', latest: { origin: 'computed' } });
    expect(row.latest!.value).toBeGreaterThan(90);
    expect(row.latest!.value).toBeLessThan(100);
    expect(row.latest!.numerator).toBeLessThan(row.latest!.denominator);
    const sludge = (await allManifests(urban)).filter((m) => m.stream === 'sludge');
    expect(sludge.length).toBeGreaterThan(150);
  });
});
