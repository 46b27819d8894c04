import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { demoCompanyLogin } from '../support/factories';

// General industrial solid waste on the same engine: a batch of 粉煤灰 in the ledger, handed over
// on a light manifest signed by the two ends.
let t: TestApp;
let power: Client, bricks: Client, eco: Client, health: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let receiverId = '';

beforeAll(async () => {
  t = await startTestApp();
  [eco, health] = await Promise.all(['eco.linqing', 'health.linqing'].map((u) => Client.login(t.app, u)));
  const office = await Client.login(t.app, 'office.linqing');
  // The demo has no logins for the power plant and the brick works: the test gives them one each.
  const make = (name: string, username: string) => demoCompanyLogin(t, office, name, username);
  await make('华能临清热电有限公司', 'power.test');
  receiverId = await make('临清市建材新型墙材有限公司', 'bricks.test');
  [power, bricks] = await Promise.all(['power.test', 'bricks.test'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('a general industrial hand-over', () => {
  it('records 粉煤灰 in the ledger and hands it over, signed by producer and receiver only', async () => {
    const batch = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'sw02', physicalForm: '固态', containerType: '灰库', containerVolumeL: 1000, containerCount: 1, quantityT: 120 });
    expect(batch.statusCode).toBe(201);
    expect(batch.json()).toMatchObject({ stream: 'industrial', wasteCode: 'SW02', catalogueName: '粉煤灰' });
    expect(batch.json().batchNo).toMatch(/^GFCS\d{11}$/);
    const created = await power.post('/api/manifests/industrial', { batchIds: [batch.json().id], receiverId, plannedDate: today, purpose: '利用', vehiclePlate: '鲁p8k123' });
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({ stream: 'industrial', declaredWeightT: 120, transporterIds: [] });
    expect(m.data).toMatchObject({ wasteName: '粉煤灰', purpose: '利用', vehiclePlate: '鲁P8K123' });
    expect((await power.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('in_transit');
    const store = (await power.get('/api/ledger/store')).json().items as { id: string }[];
    expect(store.find((b) => b.id === batch.json().id)).toBeUndefined();
    const received = await bricks.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 118.5, treatmentMethod: 'C2' } });
    expect(received.statusCode).toBe(200);
    expect(received.json().status).toBe('received');
    // The ecology bureau sees it; the health commission does not.
    expect((await eco.get(`/api/manifests/${m.id}`)).statusCode).toBe(200);
    expect((await health.get(`/api/manifests/${m.id}`)).statusCode).toBe(404);
  });

  it('refuses a hazardous code in the industrial ledger, a hazardous batch on an industrial manifest, and a receiver that is no utiliser', async () => {
    const bad = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.zh).toContain('一般工业固体废物分类');
    const haz = (await power.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.2 })).json();
    const before = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifests`)).rows[0].n;
    const wrong = await power.post('/api/manifests/industrial', { batchIds: [haz.id], receiverId, plannedDate: today, purpose: '利用' });
    expect(wrong.json().code).toBe('WRONG_STREAM');
    const fly = (await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW03', physicalForm: '固态', containerType: '渣场', containerVolumeL: 1000, containerCount: 1, quantityT: 5 })).json();
    const [hospital] = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市人民医院'`)).rows;
    expect((await power.post('/api/manifests/industrial', { batchIds: [fly.id], receiverId: hospital.id, plannedDate: today, purpose: '利用' })).json().code).toBe('NOT_A_RECEIVER');
    expect((await power.post('/api/manifests/industrial', { batchIds: [fly.id], receiverId, plannedDate: today, purpose: '填埋' })).statusCode).toBe(400);
    expect((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifests`)).rows[0].n).toBe(before);
  });
});

describe('industrial declarations', () => {
  const monthsAgo = (n: number) => {
    const sh = new Date(Date.now() + 8 * 3_600_000);
    const d = new Date(Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth() - n, 10, 2));
    return { period: d.toISOString().slice(0, 7), at: d.toISOString() };
  };

  it('declares last month from the ledger by class, within the region’s deadline', async () => {
    const last = monthsAgo(1);
    // On top of the demo year's fly ash, slag and gypsum of that month, which the plant has yet to declare.
    const before = (await power.get(`/api/declarations/draft?stream=industrial&periodType=month&period=${last.period}`)).json().lines as { wasteCode: string; generatedT: number; storedEndT: number }[];
    const gypsum = before.find((l) => l.wasteCode === 'SW06') ?? { generatedT: 0, storedEndT: 0 };
    await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW06', physicalForm: '固态', containerType: '石膏库', containerVolumeL: 1000, containerCount: 1, quantityT: 42.5, generatedAt: last.at });
    // The ecology bureau gives 临清 sixty days, so last month is open whatever today's date.
    expect((await eco.put('/api/settings/industrial.declaration_days', { value: 60 })).statusCode).toBe(200);
    const draft = (await power.get(`/api/declarations/draft?stream=industrial&periodType=month&period=${last.period}`)).json();
    expect(draft.lines.map((l: { wasteCode: string }) => l.wasteCode)).toEqual([...new Set([...before.map((l) => l.wasteCode), 'SW06'])].sort());
    const line = draft.lines.find((l: { wasteCode: string }) => l.wasteCode === 'SW06');
    expect(line.generatedT).toBeCloseTo(gypsum.generatedT + 42.5, 4);
    expect(line.storedEndT).toBeCloseTo(gypsum.storedEndT + 42.5, 4);
    const submitted = await power.post('/api/declarations', { stream: 'industrial', periodType: 'month', period: last.period });
    expect(submitted.statusCode).toBe(201);
    expect(submitted.json()).toMatchObject({ stream: 'industrial', version: 1 });
    // The hazardous declaration of the same month holds no SW codes.
    const hazardous = (await power.get(`/api/declarations/draft?periodType=month&period=${last.period}`)).json();
    expect(hazardous.lines.some((l: { wasteCode: string }) => l.wasteCode.startsWith('SW'))).toBe(false);
  });

  it('refuses a period already closed, with nothing written', async () => {
    await eco.put('/api/settings/industrial.declaration_days', { value: 15 });
    const before = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM declarations`)).rows[0].n;
    const res = await power.post('/api/declarations', { stream: 'industrial', periodType: 'month', period: monthsAgo(3).period });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PERIOD_CLOSED');
    expect(res.json().message.zh).toContain('截止');
    expect((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM declarations`)).rows[0].n).toBe(before);
  });

  it('shows the registration rate by industry, with power at its 100% target', async () => {
    const year = Number(monthsAgo(1).period.slice(0, 4));
    const reg = (await eco.get(`/api/declarations/registration?year=${year}`)).json();
    const powerRow = reg.items.find((i: { industry: string }) => i.industry === '电力');
    expect(powerRow).toMatchObject({ producers: 1, declared: 1, keyIndustry: '电力', targetPct: 100, ratePct: 100, met: true });
    const paper = reg.items.find((i: { industry: string }) => i.industry === '造纸');
    expect(paper).toMatchObject({ declared: 0, keyIndustry: '造纸', met: false });
    expect(reg.targetPct).toBe(90);
    // Hospitals, clinics and garages produce no general industrial waste: they are not counted as declarants.
    expect(reg.items.map((i: { industry: string }) => i.industry).filter((i: string) => /医|卫生|诊|维修/.test(i))).toEqual([]);
    const overview = (await eco.get(`/api/declarations?stream=industrial&periodType=month&period=${monthsAgo(1).period}&pageSize=100`)).json();
    expect(overview.items.map((i: { organisationName: string }) => i.organisationName)).toContain('华能临清热电有限公司');
    expect(overview.items.filter((i: { industry: string }) => /医|卫生|诊|维修/.test(i.industry))).toEqual([]);
    expect((await power.get(`/api/declarations/registration?year=${year}`)).statusCode).toBe(403);
  });
});
