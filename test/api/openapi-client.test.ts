import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../support/app';
import { Contract, ContractError, OpenApiClient, checkJsonSchema, injectTransport, type Transport } from '../support/openapi-client';
import { SLUDGE_HAULIER, SLUDGE_TRUCK, sludgeBatchBody } from '../support/sludge';

// Issue 12: a client generated from the OpenAPI document alone can run the hazardous and the sludge
// flows. Every call below goes through a client that knows nothing but GET /api/docs/json: it offers
// the documented operations only, checks each request body before sending it and each answer against
// the schema of its status. The parties integrate as a third party would, with API tokens; the sludge
// truck's driver signs from the console's session, as a driver does.

let t: TestApp;
let api: OpenApiClient;
let sent = 0;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

type Party = 'producer' | 'transporter' | 'receiver';
type Step = 'emission' | 'transport' | 'handover' | 'reception';
interface RuleField { field: string; owner: Party; requiredFrom: Step | null; conditional: boolean; options: { value: string }[] | null; range: { min?: number; max?: number } | null }
interface RuleTable { stream: string; fields: RuleField[]; batchFields: { field: string; required: boolean }[]; create: { properties: Record<string, unknown>; required?: string[]; [keyword: string]: unknown } }

/** A machine of a demo company: its administrator logs in, creates a token with these scopes, and the machine calls with it. */
async function machine(username: string, name: string, scopes: string[]) {
  const admin = await api.login(username, DEMO_PASSWORD);
  const token = await admin.call('POST /api/tokens', { body: { name, scopes, expiresAt: inADay() } });
  expect(token.status).toBe(201);
  return api.as({ kind: 'token', secret: token.body.secret });
}

/**
 * A party signs its step as the rule table says: it reads the manifest first, sends every field the
 * table requires of it from that step that the manifest does not hold yet (some, like the vehicle's
 * permit, come from the records at creation), and only fields it fills, within their options and range.
 */
async function signStep(client: OpenApiClient, id: string, rules: RuleTable, owner: Party, step: Step, data: Record<string, string | number>) {
  const manifest = await client.call('GET /api/manifests/{id}', { params: { id } });
  const missing = rules.fields
    .filter((f) => f.owner === owner && f.requiredFrom === step && !f.conditional && !(f.field in manifest.body.data) && !(f.field in data))
    .map((f) => f.field);
  expect(missing, `${rules.stream}: the ${owner}'s ${step} fields the rule table requires`).toEqual([]);
  for (const [field, value] of Object.entries(data)) {
    const rule = rules.fields.find((f) => f.field === field);
    expect(rule?.owner, `${rules.stream}: ${field} is the ${owner}'s`).toBe(owner);
    if (rule?.options) expect(rule.options.map((o) => o.value), `${rules.stream}: ${field}'s options`).toContain(value);
    if (rule?.range?.min !== undefined) expect(value).toBeGreaterThanOrEqual(rule.range.min);
    if (rule?.range?.max !== undefined) expect(value).toBeLessThanOrEqual(rule.range.max);
  }
  const signed = await client.call('POST /api/manifests/{id}/sign', { params: { id }, body: { action: `sign_${step}`, data } });
  expect(signed.status).toBe(200);
  return signed.body;
}

beforeAll(async () => {
  t = await startTestApp();
  const inject = injectTransport(t.app);
  const counting: Transport = (request) => { sent += 1; return inject(request); };
  api = await OpenApiClient.load(counting);
});
afterAll(async () => { await t.close(); });

describe('the OpenAPI client', () => {
  it('refuses an operation the document does not have and a body outside its schema, sending nothing', async () => {
    const erp = await machine('producer.demo', '恒通ERP（校验）', ['ledger:write', 'manifests:read']);
    const before = sent;
    await expect(erp.call('DELETE /api/manifests/{id}', { params: { id: crypto.randomUUID() } })).rejects.toThrow(ContractError);
    await expect(erp.call('GET /api/manifests/{id}/signatures', { params: { id: crypto.randomUUID() } })).rejects.toThrow(/no path/);
    await expect(erp.call('GET /api/manifests/{id}', { params: {} })).rejects.toThrow(/path parameters/);
    await expect(erp.call('GET /api/manifests/receivers', { query: { wasteCode: '900-249-08', date: today, colour: 'red' } })).rejects.toThrow(/query/);
    // A quantity as text and a batch field the document does not list: refused before they leave.
    await expect(erp.call('POST /api/ledger/batches', { body: { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerCount: 1, quantityT: '1' } }))
      .rejects.toThrow(/request body does not conform[\s\S]*\/quantityT must be number/);
    await expect(erp.call('POST /api/manifests/{id}/sign', { params: { id: crypto.randomUUID() }, body: { action: 'sign_everything' } })).rejects.toThrow(/\/action must be equal to one of the allowed values/);
    expect(sent).toBe(before);
  });

  it('refuses an answer whose status the document does not list, or whose body is outside its status’s schema', async () => {
    const contract = new Contract({
      openapi: '3.0.3',
      paths: { '/api/things/{id}': { get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } } } },
      } } },
    });
    const answering = (status: number, body: unknown) => new OpenApiClient(contract, async () => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, text: JSON.stringify(body) }));
    expect((await answering(200, { id: 'a' }).call('GET /api/things/{id}', { params: { id: 'a' } })).body).toEqual({ id: 'a' });
    await expect(answering(400, { code: 'VALIDATION' }).call('GET /api/things/{id}', { params: { id: 'a' } })).rejects.toThrow(/GET \/api\/things\/\{id\} answered 400, a status the document does not list/);
    await expect(answering(200, { id: 7 }).call('GET /api/things/{id}', { params: { id: 'a' } })).rejects.toThrow(/GET \/api\/things\/\{id\} → 200: the answer does not conform[\s\S]*\/id must be string/);
  });

  it('reads OpenAPI 3.0 schemas as JSON Schema: $ref to components, nullable (with an enum), a boolean exclusiveMinimum', () => {
    const contract = new Contract({
      openapi: '3.0.3',
      paths: {},
      components: { schemas: { Weight: { type: 'number', minimum: 0, exclusiveMinimum: true, multipleOf: 0.0001, example: 1 } } },
    });
    const schema = {
      type: 'object', required: ['weight', 'method'], additionalProperties: false,
      properties: { weight: { $ref: '#/components/schemas/Weight' }, method: { type: 'string', enum: ['R9'], nullable: true, 'x-note': 'the receiver fills it' } },
    };
    expect(() => contract.check('weight', schema, { weight: 1.02, method: null }, 'a good value')).not.toThrow();
    expect(() => contract.check('weight', schema, { weight: 0, method: 'R9' }, 'a zero weight')).toThrow(/\/weight must be > 0/);
    expect(() => contract.check('weight', schema, { weight: 1, method: 'D10' }, 'another method')).toThrow(/\/method must be equal to one of the allowed values/);
  });
});

describe('a client generated from the OpenAPI document runs a whole flow', () => {
  it('hazardous: the producer’s ERP records a batch and files the manifest, the fleet signs the pickup, the weighbridge the reception', async () => {
    const erp = await machine('producer.demo', '恒通ERP', ['ledger:write', 'manifests:read', 'manifests:write']);
    const fleet = await machine('transporter.demo', '安运车队系统', ['manifests:read', 'manifests:write']);
    const weighbridge = await machine('receiver.demo', '绿源地磅', ['manifests:read', 'manifests:write']);
    const rules: RuleTable = (await erp.call('GET /api/manifests/rules/{stream}', { params: { stream: 'hazardous' } })).body;

    const batch = await erp.call('POST /api/ledger/batches', {
      body: { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 5, quantityT: 1, storageFacility: '1号危废暂存间' },
    });
    expect(batch.status).toBe(201);
    const receivers = await erp.call('GET /api/manifests/receivers', { query: { wasteCode: '900-249-08', date: today } });
    const receiver = receivers.body.items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
    expect(receiver?.remainingT).toBeGreaterThan(1);
    const transporters = await erp.call('GET /api/manifests/transporters', { query: { q: '安运' } });
    const anyun = transporters.body.items[0];
    const vehicle = anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721');

    const create = () => erp.call('POST /api/manifests', {
      headers: { 'idempotency-key': 'openapi-client-hazardous-0001' },
      body: {
        stream: 'hazardous', batchIds: [batch.body.id], receiverId: receiver.id, transporterIds: [anyun.id], vehicleId: vehicle.id, driverId: anyun.drivers[0].id,
        plannedDate: today, dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉、灭火器',
      },
    });
    const created = await create();
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({ stream: 'hazardous', status: 'draft', wasteCode: '900-249-08', declaredWeightT: 1 });
    // The ERP retries (its connection dropped): the replayed answer is the same manifest, and it too keeps to the schema.
    const replayed = await create();
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(created.body);

    // A refusal is part of the contract too: signing out of turn answers 409 in the documented error shape.
    const early = await weighbridge.call('POST /api/manifests/{id}/sign', { params: { id }, body: { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 1, treatmentMethod: 'R9' } } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'MANIFEST_OUT_OF_TURN', message: { zh: expect.any(String), en: expect.any(String) } });
    expect((await signStep(erp, id, rules, 'producer', 'emission', {})).status).toBe('signed_by_producer');
    expect((await signStep(fleet, id, rules, 'transporter', 'transport', { pickupWeightT: 1.02, origin: '恒通轴承', destination: '绿源环保' })).status).toBe('in_transit');
    expect((await signStep(weighbridge, id, rules, 'receiver', 'reception', { receptionOutcome: 'accepted', receivedWeightT: 1.01, treatmentMethod: 'R9' })).status).toBe('received');

    const detail = await erp.call('GET /api/manifests/{id}', { params: { id } });
    expect(detail.body).toMatchObject({ id, status: 'received', receivedWeightT: 1.01, data: { pickupWeightT: 1.02, treatmentMethod: 'R9' } });
    expect(detail.body.signatures.map((s: { step: string }) => s.step)).toEqual(['emission', 'transport', 'reception']);
  });

  it('sludge: the plant records a batch with its moisture and files the manifest from the stream’s create schema, the driver signs the pickup, the incinerator the reception', async () => {
    const plant = await machine('wwtp.demo', '污水厂污泥台账系统', ['ledger:write', 'manifests:read', 'manifests:write']);
    const driver = await api.login('driver.sludge', DEMO_PASSWORD);
    const weighbridge = await machine('wte.demo', '绿能地磅', ['manifests:read', 'manifests:write']);
    const rules: RuleTable = (await plant.call('GET /api/manifests/rules/{stream}', { params: { stream: 'sludge' } })).body;

    const attributes = { moisturePct: 78.5 };
    expect(Object.keys(attributes)).toEqual(expect.arrayContaining(rules.batchFields.filter((f) => f.required).map((f) => f.field)));
    const batch = await plant.call('POST /api/ledger/batches', { body: sludgeBatchBody({ stream: 'sludge', wasteCode: 'SL01', quantityT: 12, attributes }) });
    expect(batch.status).toBe(201);
    expect(batch.body).toMatchObject({ stream: 'sludge', wasteCode: 'SL01', attributes });

    const hauliers = await plant.call('GET /api/manifests/transporters', { query: { q: '通达物流' } });
    const haulier = hauliers.body.items.find((o: { name: string }) => o.name === SLUDGE_HAULIER);
    const truck = haulier.vehicles.find((v: { plate: string }) => v.plate === SLUDGE_TRUCK);
    const receivers = await plant.call('GET /api/ledger/industrial-receivers', { query: { q: '绿能环保' } });
    const incinerator = receivers.body.items.find((r: { name: string }) => r.name === '临清市绿能环保能源有限公司');

    // The body is built from the stream's own create schema: each of its fields from what was found above.
    const found: Record<string, unknown> = {
      batchIds: [batch.body.id], receiverId: incinerator.id, transporterIds: [haulier.id], vehicleId: truck.id,
      driverId: haulier.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, producerContact: '冯海燕 0635-2318866',
    };
    expect(Object.keys(found), 'the sludge create schema’s required fields').toEqual(expect.arrayContaining(rules.create.required ?? []));
    const fields = Object.fromEntries(Object.keys(rules.create.properties).filter((field) => field in found).map((field) => [field, found[field]]));
    checkJsonSchema(rules.create, fields, 'the sludge create body (GET /api/manifests/rules/sludge → create)');
    const body = { stream: 'sludge', ...fields };
    const created = await plant.call('POST /api/manifests', { body });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({ stream: 'sludge', status: 'draft', wasteCode: 'SL01', declaredWeightT: 12, data: { moisturePct: 78.5 } });

    expect((await signStep(plant, id, rules, 'producer', 'emission', {})).status).toBe('signed_by_producer');
    expect((await signStep(driver, id, rules, 'transporter', 'transport', { pickupWeightT: 12.04 })).status).toBe('in_transit');
    const reception = { receptionOutcome: 'accepted', receivedWeightT: 11.85, treatmentMethod: 'incineration', receivedMoisturePct: 78.1 };
    expect((await signStep(weighbridge, id, rules, 'receiver', 'reception', reception)).status).toBe('received');

    const detail = await weighbridge.call('GET /api/manifests/{id}', { params: { id } });
    expect(detail.body).toMatchObject({ id, stream: 'sludge', status: 'received', receivedWeightT: 11.85, data: { moisturePct: 78.5, treatmentMethod: 'incineration' } });
    expect(detail.body.signatures.map((s: { step: string }) => s.step)).toEqual(['emission', 'transport', 'reception']);
  });
});
