import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { sludgeBatch, sludgeBatchBody, sludgeLoadInTransit, sludgeManifestBody, sludgeTruck, wastewaterPlant } from '../support/sludge';

// 城镇污水污泥 over HTTP: what the stream refuses (each with a code, the field and a message in
// Chinese and English, and nothing written), indicator 31 computed from the receptions, and who
// regulates a sludge manifest.
let t: TestApp;
let plant: Client, driver: Client, wte: Client, producer: Client, admin: Client, office: Client;
let truck: Awaited<ReturnType<typeof sludgeTruck>>;
let incinerator = '';
const db = () => t.database.db;
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const orgId = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;

/** What a refused request may have written: manifests, batches, signatures and ledger movements. */
async function written() {
  const [row] = (await db().execute<{ manifests: number; batches: number; signatures: number; movements: number }>(sql`SELECT
    (SELECT count(*)::int FROM manifests) AS manifests, (SELECT count(*)::int FROM waste_batches) AS batches,
    (SELECT count(*)::int FROM manifest_signatures) AS signatures, (SELECT count(*)::int FROM ledger_movements) AS movements`)).rows;
  return row;
}

/** Asserts a refusal: its status, its code, the field it names and a message in both languages. */
function expectRefused(res: LightMyRequestResponse, status: number, code: string, path: string | null) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { code: string; path: string | null; message: { zh: string; en: string } };
  expect(body.code, res.body).toBe(code);
  expect(body.path, res.body).toBe(path);
  expect(body.message.zh, res.body).toMatch(/[\u4e00-\u9fff]/);
  expect(body.message.en, res.body).toMatch(/[A-Za-z]{3}/);
  return body;
}

beforeAll(async () => {
  t = await startTestApp();
  [plant, driver, wte, producer, admin, office] = await Promise.all(['wwtp.demo', 'driver.sludge', 'wte.demo', 'producer.demo', 'admin', 'office.linqing'].map((u) => Client.login(t.app, u)));
  truck = await sludgeTruck(plant);
  incinerator = await orgId('临清市绿能环保能源有限公司');
});
afterAll(async () => { await t.close(); });

describe('sludge: bad inputs are refused with a code, the field and a message in Chinese and English, writing nothing', () => {
  it('refuses a create body of a stream the registry does not have', async () => {
    const batchId = await sludgeBatch(plant);
    const before = await written();
    expectRefused(await plant.post('/api/manifests', sludgeManifestBody([batchId], incinerator, truck, { stream: 'compost' })), 400, 'VALIDATION', 'stream');
    expect(await written()).toEqual(before);
  });

  it('refuses a sludge manifest carrying fields of another stream (purpose, projectId)', async () => {
    const batchId = await sludgeBatch(plant);
    const before = await written();
    for (const extra of [{ purpose: '利用' }, { projectId: '00000000-0000-4000-8000-000000000000' }]) {
      const res = await plant.post('/api/manifests', sludgeManifestBody([batchId], incinerator, truck, extra));
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json();
      expect(body.code).toBe('VALIDATION');
      expect(body.message.en).toContain(Object.keys(extra)[0]);
      expect(body.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a receiver that is not a verified disposal or utilisation company: a transporter, a pending recycler', async () => {
    const batchId = await sludgeBatch(plant);
    const before = await written();
    for (const name of ['临清市通达物流运输有限公司', '临清市利民废旧物资回收有限公司']) {
      const res = await plant.post('/api/manifests', sludgeManifestBody([batchId], await orgId(name), truck));
      expectRefused(res, 400, 'NOT_A_RECEIVER', 'receiverId');
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a batch whose moisture content is over 100, negative, text or missing, naming attributes.moisturePct', async () => {
    const before = await written();
    for (const attributes of [{ moisturePct: 101 }, { moisturePct: -1 }, { moisturePct: '80' }, {}]) {
      expectRefused(await plant.post('/api/ledger/batches', sludgeBatchBody({ attributes })), 400, 'VALIDATION', 'attributes.moisturePct');
    }
    expectRefused(await plant.post('/api/ledger/batches', sludgeBatchBody({ attributes: undefined })), 400, 'VALIDATION', 'attributes.moisturePct');
    expect(await written()).toEqual(before);
  });

  it('refuses a batch field the stream does not have (attributes.colour)', async () => {
    const before = await written();
    const body = expectRefused(await plant.post('/api/ledger/batches', sludgeBatchBody({ attributes: { moisturePct: 78, colour: '黑色' } })), 400, 'VALIDATION', 'attributes.colour');
    expect(body.message.en).toContain('moisturePct');
    expect(await written()).toEqual(before);
  });

  it('refuses a sludge batch from a company that is not a wastewater treatment plant (403)', async () => {
    const before = await written();
    const res = await producer.post('/api/ledger/batches', sludgeBatchBody());
    expect(res.statusCode, res.body).toBe(403);
    const body = res.json();
    expect(body.code).toBe('FORBIDDEN');
    expect(body.message.zh).toContain('污水处理厂');
    expect(body.message.en).toContain('wastewater treatment plant');
    expect(await written()).toEqual(before);
  });

  it('refuses attributes on a hazardous batch, whose stream records none', async () => {
    const before = await written();
    const hazardous = { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.4 };
    expectRefused(await producer.post('/api/ledger/batches', { ...hazardous, attributes: { moisturePct: 50 } }), 400, 'VALIDATION', 'attributes.moisturePct');
    expectRefused(await producer.post('/api/ledger/batches', { ...hazardous, attributes: { colour: 'black' } }), 400, 'VALIDATION', 'attributes.colour');
    expect(await written()).toEqual(before);
  });

  it('refuses a load over the truck’s rated load (OVERLOAD)', async () => {
    const batchId = await sludgeBatch(plant, { quantityT: truck.loadT + 5 });
    const before = await written();
    const body = expectRefused(await plant.post('/api/manifests', sludgeManifestBody([batchId], incinerator, truck)), 400, 'OVERLOAD', 'vehicleId');
    expect(body.message.zh).toContain('核定载质量');
    expect(await written()).toEqual(before);
  });

  it('refuses a reception with a method that is not a sludge method (R1) or a moisture content of 120 %, leaving the load in transit', async () => {
    const batchId = await sludgeBatch(plant);
    const id = await sludgeLoadInTransit(plant, driver, sludgeManifestBody([batchId], incinerator, truck), 10);
    const before = await written();
    const reception = (data: Record<string, unknown>) => wte.post(`/api/manifests/${id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 10, treatmentMethod: 'incineration', ...data } });
    expectRefused(await reception({ treatmentMethod: 'R1' }), 400, 'MANIFEST_BAD_VALUE', 'data.treatmentMethod');
    const moisture = await reception({ receivedMoisturePct: 120 });
    expect(moisture.statusCode, moisture.body).toBe(400);
    expect(moisture.json().path).toBe('data.receivedMoisturePct');
    expect(await written()).toEqual(before);
    const detail = (await wte.get(`/api/manifests/${id}`)).json();
    expect(detail.status).toBe('in_transit');
    expect(detail.signatures).toHaveLength(2);
  });
});

describe('城镇污水污泥无害化处置率 (indicator 31) is computed from the receptions', () => {
  // A plant of its own in a town with no other sludge, so the town's sums are this test's loads.
  const TOWN = '371581113';
  let town: Awaited<ReturnType<typeof wastewaterPlant>>;
  let planId = '';
  const rate = async () => {
    const res = await office.get(`/api/indicators/plans/${planId}?regionCode=${TOWN}&year=${thisYear}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().rows[0] as { name: string; formula: string | null; latest: { value: number; numerator: number; denominator: number; origin: string } | null };
  };
  /** One 10 t load at this moisture content, shipped and received in full with this method. */
  async function load(moisturePct: number, treatmentMethod: string) {
    const batchId = await sludgeBatch(town.client, { attributes: { moisturePct } });
    const id = await sludgeLoadInTransit(town.client, driver, sludgeManifestBody([batchId], incinerator, truck), 10);
    const received = await wte.post(`/api/manifests/${id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 10, treatmentMethod } });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().data.moisturePct).toBe(moisturePct);
  }

  beforeAll(async () => {
    town = await wastewaterPlant(t.app, admin, TOWN);
    const plan = await office.post('/api/indicators/plans', {
      regionCode: '371581', title: '污泥指标测试', source: '测试', baselineYear: 2020,
      // A target year of its own: 临清's demo plan is current for 2023 and 2025 (a second plan for those years is refused).
      headers: ['序号', '三级指标', '单位', '2030年'], rows: [['1', '城镇污水污泥无害化处置率★', '%', '100%']],
      mapping: [{ index: 0, header: '序号', role: 'no' }, { index: 1, header: '三级指标', role: 'name' }, { index: 2, header: '单位', role: 'unit' }, { index: 3, header: '2030年', role: 'target', year: 2030 }],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    planId = plan.json().id;
  });

  it('binds the row to the sludge formula, with no value while the town has generated no sludge', async () => {
    const row = await rate();
    expect(row).toMatchObject({ name: '城镇污水污泥无害化处置率', formula: 'sludge_harmless_rate', latest: null });
  });

  it('counts an incinerated load and not a landfilled one at 78 % moisture: 50 % of two equal loads', async () => {
    await load(78, 'incineration');
    await load(78, 'landfill');
    expect((await rate()).latest).toMatchObject({ origin: 'computed', numerator: 10, denominator: 20, value: 50 });
  });

  it('counts a landfilled load dewatered to 55 %', async () => {
    await load(55, 'landfill');
    expect((await rate()).latest).toMatchObject({ numerator: 20, denominator: 30, value: 66.667 });
  });
});

describe('who sees sewage sludge', () => {
  let manifest = { id: '', number: '' };

  beforeAll(async () => {
    const created = await plant.post('/api/manifests', sludgeManifestBody([await sludgeBatch(plant)], incinerator, truck));
    expect(created.statusCode, created.body).toBe(201);
    manifest = created.json();
  });

  it('shows the manifest to the urban-management, housing and ecology regulators of the region, and lists it for them', async () => {
    for (const username of ['urban.linqing', 'housing.linqing', 'eco.linqing']) {
      const regulator = await Client.login(t.app, username);
      expect((await regulator.get(`/api/manifests/${manifest.id}`)).statusCode, username).toBe(200);
      const listed = (await regulator.get(`/api/manifests?q=${manifest.number}`)).json().items as { id: string }[];
      expect(listed.map((m) => m.id), username).toContain(manifest.id);
    }
  });

  it('hides it from the health commission and from another county’s ecology bureau (404, not listed)', async () => {
    for (const username of ['health.linqing', 'eco.guanxian']) {
      const outsider = await Client.login(t.app, username);
      const res = await outsider.get(`/api/manifests/${manifest.id}`);
      expect(res.statusCode, username).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
      const listed = (await outsider.get(`/api/manifests?q=${manifest.number}`)).json().items as { id: string }[];
      expect(listed.map((m) => m.id), username).not.toContain(manifest.id);
    }
  });

  it('lists sludge in GET /api/streams with its producers and regulators', async () => {
    const res = await plant.get('/api/streams');
    expect(res.statusCode, res.body).toBe(200);
    const sludge = (res.json().items as { key: string }[]).find((s) => s.key === 'sludge');
    expect(sludge).toMatchObject({ label: { zh: '城镇污水污泥' }, catalogue: 'sludge', batchPrefix: 'WNCS', producers: ['wastewater_plant'], regulators: [{ domain: 'urban' }, { domain: 'housing' }, { domain: 'ecology' }] });
  });

  it('publishes the rule table with the batch fields and the JSON Schema of the create body', async () => {
    const res = await plant.get('/api/manifests/rules/sludge');
    expect(res.statusCode, res.body).toBe(200);
    const rules = res.json();
    expect(rules.batchFields).toEqual([expect.objectContaining({ field: 'moisturePct', kind: 'number', required: true, range: { min: 0, max: 100 } })]);
    expect(rules).toMatchObject({ loadSource: 'batches', producers: ['wastewater_plant'] });
    expect(Object.keys(rules.create.properties)).toEqual(expect.arrayContaining(['batchIds', 'receiverId', 'transporterIds', 'vehicleId', 'driverId', 'plannedDate']));
    expect(rules.create.properties).not.toHaveProperty('purpose');
    expect(rules.fields.find((f: { field: string }) => f.field === 'treatmentMethod').options.map((o: { value: string }) => o.value))
      .toEqual(['incineration', 'cement_kiln', 'building_materials', 'land_use', 'landfill', 'temporary']);
  });
});
