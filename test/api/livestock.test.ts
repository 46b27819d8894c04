import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { livestockFormulas } from '../../src/server/livestock/formulas';
import { expectRefused } from '../support/refusals';

// 畜禽养殖场 and 畜禽粪污 over HTTP against the demo: a farm records its year and its months, a month's
// manure on land names its area, a negative head count is refused naming the field and writes nothing;
// a correction supersedes (once); a hand-over to the fertiliser plant counts in the farm's month once
// the plant has weighed it; who sees which farms; the indicators show their inputs and add up by town.
let t: TestApp;
let farm: Client, plant: Client, bureau: Client, station: Client, eco: Client, office: Client;
let farmOrg = '', plantOrg = '', otherTownFarm = '', townFarm = '';
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4)), month = Number(today.slice(5, 7));
const orgOf = async (username: string) => (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = ${username}`)).rows[0].id;
const orgNamed = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;

async function written() {
  const [row] = (await db().execute<{ years: number; months: number; audits: number }>(sql`SELECT
    (SELECT count(*)::int FROM livestock_farm_years) AS years, (SELECT count(*)::int FROM manure_months) AS months, (SELECT count(*)::int FROM audit_log) AS audits`)).rows;
  return row;
}

const monthBody = (extra: Record<string, unknown> = {}) => ({ year, month, basis: 'coefficient', fieldT: 300, fieldAreaMu: 120, biogasT: 100, soldT: 0, ...extra });
const farmYear = (extra: Record<string, unknown> = {}) => ({ year: year + 0, species: 'pig', stockHead: 2400, soldHead: 4800, storageM3: 5200, dryYardM2: 800, covered: true, rainSeparated: true, facilityKind: 'biogas', ...extra });

beforeAll(async () => {
  t = await startTestApp();
  [farm, plant, bureau, station, eco, office] = await Promise.all(['farm.demo', 'fertplant.demo', 'agri.linqing', 'agri.songlin', 'eco.linqing', 'office.linqing'].map((u) => Client.login(t.app, u)));
  [farmOrg, plantOrg] = await Promise.all([orgOf('farm.demo'), orgOf('fertplant.demo')]);
  otherTownFarm = await orgNamed('临清市刘垓子镇金牧生猪养殖有限公司');
  townFarm = await orgNamed('临清市松林镇丰泽蛋鸡养殖专业合作社');
});
afterAll(async () => { await t.close(); });

describe('livestock farms: bad input is refused, naming the field, writing nothing', () => {
  it('refuses a negative head count', async () => {
    const before = await written();
    expectRefused(await farm.post('/api/livestock/farm-years', farmYear({ year: year + 1, stockHead: -5 })), 400, 'VALIDATION', 'stockHead');
    expect(await written()).toEqual(before);
  });

  it('refuses manure spread on land with no area', async () => {
    const before = await written();
    expectRefused(await farm.post('/api/livestock/manure', monthBody({ fieldAreaMu: undefined })), 400, 'FIELD_AREA_REQUIRED', 'fieldAreaMu');
    expectRefused(await farm.post('/api/livestock/manure', monthBody({ fieldT: -1 })), 400, 'VALIDATION', 'fieldT');
    expectRefused(await farm.post('/api/livestock/manure', monthBody({ soldT: 12 })), 400, 'BUYER_REQUIRED', 'soldTo');
    expectRefused(await farm.post('/api/livestock/manure', monthBody({ basis: 'measured' })), 400, 'GENERATED_REQUIRED', 'generatedT');
    expectRefused(await farm.post('/api/livestock/manure', monthBody({ month: month === 12 ? 12 : month + 1, year: month === 12 ? year + 1 : year })), 400, 'FUTURE_MONTH', 'month');
    expect(await written()).toEqual(before);
  });

  it('refuses a second record of the same year: a change is a correction', async () => {
    const before = await written();
    expectRefused(await farm.post('/api/livestock/farm-years', farmYear()), 409, 'ALREADY_RECORDED', 'year');
    expect(await written()).toEqual(before);
  });

  it('does not let a farm write for another farm, nor an official of another department', async () => {
    const before = await written();
    expect((await farm.post('/api/livestock/manure', monthBody({ farmId: otherTownFarm }))).statusCode).toBe(403);
    expect((await eco.post('/api/livestock/manure', monthBody({ farmId: farmOrg }))).statusCode).toBe(403);
    expect((await plant.post('/api/livestock/manure', monthBody())).statusCode).toBe(403);
    // The town station sees its town only: a farm of another town is not found.
    expect((await station.post('/api/livestock/manure', monthBody({ farmId: otherTownFarm }))).statusCode).toBe(404);
    expect(await written()).toEqual(before);
  });
});

describe('livestock farms: a month of manure, a hand-over, a correction', () => {
  it('records the month by the coefficient, and the plant’s weighed hand-over counts as 有机肥', async () => {
    const res = await farm.post('/api/livestock/manure', monthBody());
    expect(res.statusCode, res.body).toBe(201);
    const row = res.json() as { id: string; generatedT: number; fertiliserT: number; usedT: number };
    // 2,400 pigs in stock × 12 kg a day × the days of the month.
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    expect(row.generatedT).toBeCloseTo(2400 * 0.012 * days, 3);

    const created = await farm.post('/api/manifests', { stream: 'manure', declaredWeightT: 20, plannedDate: today, receiverId: plantOrg, manureForm: 'solid' });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json() as { id: string; data: { wasteName: string; species: string } };
    expect(m.data.species).toBe('生猪');
    expect((await farm.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
    const picked = await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 19.6 } });
    expect(picked.statusCode, picked.body).toBe(200);
    const received = await plant.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 18.9, treatmentMethod: 'organic_fertiliser' } });
    expect(received.statusCode, received.body).toBe(200);

    const page = (await farm.get(`/api/livestock/manure?year=${year}&farmId=${farmOrg}&pageSize=100`)).json() as { items: { month: number; fertiliserT: number; usedT: number; fieldT: number }[] };
    const mine = page.items.find((i) => i.month === month)!;
    expect(mine.fertiliserT).toBeGreaterThanOrEqual(18.9);
    expect(mine.usedT).toBeCloseTo(300 + 100 + mine.fertiliserT, 3);
  });

  it('refuses a hand-over to a company that makes no organic fertiliser', async () => {
    const other = await orgNamed('临清市病死畜禽无害化处理中心');
    expectRefused(await farm.post('/api/manifests', { stream: 'manure', declaredWeightT: 20, plannedDate: today, receiverId: other, manureForm: 'solid' }), 400, 'NOT_A_FERTILISER_PLANT', 'receiverId');
  });

  it('corrects a month by a new record that supersedes it, once', async () => {
    const page = (await farm.get(`/api/livestock/manure?year=${year}&farmId=${farmOrg}&pageSize=100`)).json() as { items: { id: string; month: number }[] };
    const first = page.items.find((i) => i.month === month)!;
    const fixed = await farm.post('/api/livestock/manure', monthBody({ fieldT: 320, fieldAreaMu: 130, supersedes: first.id, correctionReason: '补录一次还田' }));
    expect(fixed.statusCode, fixed.body).toBe(201);
    expectRefused(await farm.post('/api/livestock/manure', monthBody({ supersedes: first.id, correctionReason: '再改' })), 409, 'ALREADY_CORRECTED', 'supersedes');
    const after = (await farm.get(`/api/livestock/manure?year=${year}&farmId=${farmOrg}&pageSize=100`)).json() as { items: { id: string; month: number; fieldT: number }[] };
    expect(after.items.filter((i) => i.month === month)).toEqual([expect.objectContaining({ fieldT: 320 })]);
    const history = (await farm.get(`/api/livestock/manure?year=${year}&farmId=${farmOrg}&history=true&pageSize=100`)).json() as { items: { month: number; inForce: boolean }[] };
    expect(history.items.filter((i) => i.month === month).map((i) => i.inForce).sort()).toEqual([false, true]);
    // The database itself refuses an edit in place.
    await expect(db().execute(sql`UPDATE manure_months SET field_t = 0 WHERE id = ${first.id}`)).rejects.toThrow();
  });

  it('lets the town station record for a farm of its town', async () => {
    const res = await station.post('/api/livestock/farm-years', farmYear({ farmId: townFarm, year: year + 1, species: 'layer', stockHead: 50000, soldHead: 30000, storageM3: 2500, facilityKind: 'compost', demonstrationLevel: 'municipal', demonstrationYear: 2024 }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ scale: true, threshold: 10000, complete: true, facilityGaps: [] });
  });
});

describe('livestock farms: who sees which farms', () => {
  const names = async (c: Client) => ((await c.get(`/api/livestock/farms?year=${year}&pageSize=100`)).json() as { items: { name: string; regionCode: string }[]; total: number });
  it('shows the bureau the city’s thirty farms, the station its town’s, the farm itself, the plant none', async () => {
    expect((await names(bureau)).total).toBe(30);
    expect((await names(office)).total).toBe(30);
    const town = await names(station);
    expect(town.items.length).toBe(3);
    expect(town.items.every((f) => f.regionCode === '371581101')).toBe(true);
    expect((await names(farm)).items.map((f) => f.name)).toEqual(['临清市松林镇鑫旺生猪养殖场']);
    expect((await names(plant)).total).toBe(0);
    expect((await eco.get(`/api/livestock/farms?year=${year}`)).statusCode).toBe(403);
  });

  it('answers 404 for a farm out of sight', async () => {
    expect((await station.get(`/api/livestock/farms/${otherTownFarm}/years`)).statusCode).toBe(404);
    expect((await farm.get(`/api/livestock/farms/${otherTownFarm}/years`)).statusCode).toBe(404);
    expect((await bureau.get(`/api/livestock/farms/${otherTownFarm}/years`)).statusCode).toBe(200);
  });

  it('flags the two scale farms whose facilities fall short, and the small yards as no scale farms', async () => {
    const all = (await bureau.get(`/api/livestock/farms?year=${year}&scale=true&pageSize=100`)).json() as { items: { name: string; complete: boolean }[]; total: number };
    expect(all.items.filter((f) => !f.complete).map((f) => f.name).sort()).toEqual(['临清市戴湾镇聚福养猪场', '临清市魏湾镇兴旺养猪场']);
    const small = (await bureau.get(`/api/livestock/farms?year=${year}&scale=false&pageSize=100`)).json() as { items: { name: string }[] };
    expect(small.items.map((f) => f.name)).toContain('临清市康庄镇小刘庄家庭猪场');
  });
});

describe('livestock indicators', () => {
  const formula = (key: string) => livestockFormulas.find((f) => f.key === key)!;
  const q = (regionCode: string, y = year - 1) => ({ regionCode, year: y, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' });

  it('gives last year’s 畜禽粪污综合利用率 of 临清 near the plan’s 92 %, and the towns add up to the city', async () => {
    const city = await formula('manure_utilisation_rate').compute(db(), q('371581'));
    expect(city.value).toBeGreaterThan(89);
    expect(city.value).toBeLessThan(95);
    expect(city.inputs!.find((i) => i.key === 'generated')!.value).toBeCloseTo(city.denominator!, 2);
    const towns = (await db().execute<{ code: string }>(sql`SELECT code FROM regions WHERE parent_code = '371581'`)).rows;
    let n = 0, d = 0;
    for (const town of towns) {
      const c = await formula('manure_utilisation_rate').compute(db(), q(town.code));
      n += c.numerator; d += c.denominator ?? 0;
    }
    expect(n).toBeCloseTo(city.numerator, 4);
    expect(d).toBeCloseTo(city.denominator!, 4);
  });

  it('gives 畜禽规模养殖比重 against the bureau’s statistics, showing both denominators', async () => {
    const c = await formula('livestock_scale_share').compute(db(), q('371581'));
    expect(c.value).toBeGreaterThan(84);
    expect(c.value).toBeLessThan(88);
    expect(c.inputs!.find((i) => i.key === 'statistics')!.value).toBe(c.denominator);
    expect(c.inputs!.find((i) => i.key === 'all')!.value!).toBeLessThan(c.denominator!);
    // A town without a statistic of its own counts its registered farms.
    const town = await formula('livestock_scale_share').compute(db(), q('371581101'));
    expect(town.inputs!.find((i) => i.key === 'statistics')!.value).toBeNull();
  });

  it('counts the scale farms’ facilities and designations, and lists the farms behind a value', async () => {
    const facilities = await formula('livestock_facility_rate').compute(db(), q('371581', year));
    expect(facilities.denominator! - facilities.numerator).toBe(2);
    const designated = await formula('livestock_demonstration_share').compute(db(), q('371581', year));
    expect(designated.numerator).toBe(7);
    const records = await formula('manure_utilisation_rate').records!(db(), q('371581'), { offset: 0, limit: 10 });
    expect(records.total).toBe(30);
    expect(records.items).toHaveLength(10);
  });

  it('matches the plans’ rows by name, and no other row', async () => {
    const { DEMO_PLANS } = await import('../../src/server/demo/plans/load');
    const hits = DEMO_PLANS.flatMap((p) => p.indicators.rows.flatMap((r) => livestockFormulas.filter((f) => f.matches.test(String(r[3]))).map((f) => `${p.regionCode} ${r[0]} ${f.key}`)));
    expect(hits.sort()).toEqual([
      '370105 17 manure_utilisation_rate', '370105 7 livestock_demonstration_share',
      '371581 16 manure_utilisation_rate', '371581 6 livestock_scale_share',
      '370829 17 manure_utilisation_rate', '370829 9 livestock_scale_share',
    ].sort());
  });
});
