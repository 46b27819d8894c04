import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/app';
import { cellName, multipart } from '../support/matrix';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';
import { buildArena, cellsOf, consumedBy, expectCell, ok, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of the waste itself: manifests of every stream, the ledger, collection
// rounds, alarms, webhooks and GPS. Each line is a route on a target with the status each caller
// gets: a record outside one's region, department or company is 404 (its existence is not
// revealed); a record one sees but may not act on is 403; no session is 401; a caller who may act
// gets the 2xx, or the domain's own 4xx/409 on that target (a step out of turn, a batch not its
// own). The world is the isolation suite's (test/support/feeds.ts): a load of each kind on the
// road, what is in store, a round, receipt alarms, 安运's webhook.

let t: TestApp;
let arena: Arena;
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', HEALTH = 'health.linqing', GX = 'eco.guanxian', TQ = 'office.tianqiao';
const PRODUCER = 'producer.demo', TRANSPORTER = 'transporter.demo', DRIVER = 'driver.demo', RECEIVER = 'receiver.demo', CLINIC = 'clinic.kangzhuang', COLLECTOR = 'collector.demo', DRIVER_MED = 'driver.med';
const SITE = 'site.demo', MUCK = 'muck.demo', DRIVER_MUCK = 'driver.muck', CWSITE = 'cwsite.demo', POWER = 'power.demo', ASHUSE = 'ashuse.demo', SITE_TQ = 'site.tianqiao', CW_TQ = 'cw.tianqiao';
const T_MANIFESTS = TOKEN.manifests, T_LEDGER = TOKEN.ledger, T_TELEMETRY = TOKEN.telemetry, T_SITE = TOKEN.site, T_WEIGHBRIDGE = TOKEN.weighbridge, T_GPS = TOKEN.gps;

// ---- fixtures, made through the API as the companies would ----------------------------------------

const as = (username: string) => arena.as(username);
const id = (key: string) => arena.w.id[key];
const one = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows[0] as T;

const batchBody = (wasteCode: string, quantityT: number, extra: Record<string, unknown> = {}) =>
  ({ wasteCode, physicalForm: '固态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT, ...extra });
const hazardousBatch = async () => ok(await as(PRODUCER).post('/api/ledger/batches', batchBody('900-249-08', 0.1)), 'hazardous batch').id as string;
const gypsumBatch = async () => ok(await as(POWER).post('/api/ledger/batches', { ...batchBody('SW06', 5), stream: 'industrial', containerType: '石膏库' }), 'gypsum batch').id as string;
const medicalBatch = async () => ok(await as(CLINIC).post('/api/ledger/batches', { ...batchBody('841-001-01', 0.01), containerType: '医疗废物专用包装袋', containerVolumeL: 60 }), 'medical batch').id as string;

const fleet = (query: string) => once(async () => ok(await as(PRODUCER).get(`/api/manifests/transporters?q=${encodeURIComponent(query)}`), query).items[0] as
  { id: string; vehicles: { id: string; plate: string }[]; drivers: { id: string; hasAccount: boolean }[] });
const anyun = fleet('安运'), muckFleet = fleet('渣土运输'), medFleet = fleet('医疗废物收集');
const orgId = (name: string) => once(async () => (await one<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).id);
const kangzhuang = orgId('临清市康庄镇卫生院');
const userId = (username: string) => once(async () => (await one<{ id: string }>(sql`SELECT id FROM users WHERE username = ${username}`)).id);
const ecoUser = userId(ECO);

const hazardousManifestBody = async (batchId: string) => {
  const f = await anyun();
  return { batchIds: [batchId], receiverId: id('lvyuan'), transporterIds: [f.id], vehicleId: f.vehicles[0].id, driverId: f.drivers.find((d) => d.hasAccount)!.id,
    plannedDate: today(), dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉、围堰' };
};
/** 恒通 → 绿源 by 安运: a draft, then signed by 恒通 (the pickup is next), then on the road. */
const draftManifest = async () => ok(await as(PRODUCER).post('/api/manifests', await hazardousManifestBody(await hazardousBatch())), 'draft manifest').id as string;
const signedManifest = async () => {
  const m = await draftManifest();
  ok(await as(PRODUCER).post(`/api/manifests/${m}/sign`, { action: 'sign_emission' }), 'emission');
  return m;
};
const manifestOnTheRoad = async () => {
  const m = await signedManifest();
  ok(await as(DRIVER).post(`/api/manifests/${m}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.1, origin: '松林镇', destination: '唐园镇' } }), 'pickup');
  return m;
};
/** A 1×1 PNG: a photo of the load. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PICKUP = { action: 'sign_transport', data: { pickupWeightT: 0.1, origin: '松林镇', destination: '唐园镇' } };
const sharedDraft = once(draftManifest), sharedSigned = once(signedManifest);

/** A revision 恒通 asks for on its load on the road: 安运, the other signer, is asked to approve it. */
const revisionOf = async (manifestId: string) =>
  ok(await as(PRODUCER).post(`/api/manifests/${manifestId}/revisions`, { changes: { emergencyMeasures: '吸附棉、围堰、应急池' }, reason: '补充应急措施' }), 'revision').id as string;
const sharedRevision = once(async () => revisionOf(id('haz')));

/** The world's construction truck that is not on the road; a draft left on it by an earlier cell is cancelled first (one open load per truck). */
async function freeTruck() {
  const f = await muckFleet();
  const busy = (await t.database.db.execute(sql`SELECT id, status FROM manifests WHERE stream = 'construction' AND status IN ('draft', 'signed_by_producer', 'in_transit') AND data->>'vehicleId' = ${f.vehicles[1].id}`)).rows as { id: string; status: string }[];
  for (const m of busy) ok(await as(SITE).post(`/api/manifests/${m.id}/sign`, { action: 'cancel' }), 'cancel the draft load');
  return { fleet: f, vehicleId: f.vehicles[1].id };
}
const constructionBody = async () => {
  const { fleet: f, vehicleId } = await freeTruck();
  return { projectId: id('conProject'), wasteCode: 'CW01', declaredWeightT: 10, siteId: id('lqSite'), transporterId: f.id, vehicleId, driverId: f.drivers[0].id, plannedDate: today() };
};

/** A round of the licensed collector stopping at 康庄镇卫生院, which has a bag in store for it. */
const freshRound = async () => {
  const f = await medFleet();
  return ok(await as(COLLECTOR).post('/api/rounds', { roundDate: today(), wasteCode: '841-001-01', vehicleId: f.vehicles[0].id, driverId: f.drivers[0].id, producerIds: [await kangzhuang()] }), 'round').id as string;
};

/** A receipt alarm about 绿源: a new load on the road to it, past its receipt deadline. */
const freshAlarm = async () => {
  const m = await manifestOnTheRoad();
  await t.database.db.execute(sql`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = ${m}`);
  await runRule(t.database.db, ruleByKey('receipt_overdue')!, new Date(), m);
  return (await one<{ id: string }>(sql`SELECT id FROM alarms WHERE subject_id = ${m}`)).id;
};
const freshHook = async () => ok(await as(TRANSPORTER).post('/api/webhooks', { url: 'https://8.8.8.8/wufei-matrix', events: ['manifest.signed'] }), 'webhook').id as string;

// What each caller's manifest in a batch signature answers (the code of its error), as one signature would.
const BATCH_ITEM: Record<string, string> = {
  [PRODUCER]: 'ok', [T_MANIFESTS]: 'ok', [A]: 'MANIFEST_NOT_A_PARTY', [ECO]: 'MANIFEST_NOT_A_PARTY', [HEALTH]: 'NOT_FOUND', [GX]: 'NOT_FOUND', [POWER]: 'NOT_FOUND',
  [TRANSPORTER]: 'MANIFEST_OUT_OF_TURN', [DRIVER]: 'FORBIDDEN',
};

// ---- the table --------------------------------------------------------------------------------------

const M: Matrix = {
  targets: {
    '': () => ({}),
    // Manifests.
    '恒通’s batch in store': consumedBy([PRODUCER, T_MANIFESTS], async () => ({ body: await hazardousManifestBody(await hazardousBatch()) }), async () => ({ body: await hazardousManifestBody(id('hazStore')) })),
    '华能’s gypsum in store': consumedBy([POWER], async () => ({ body: { batchIds: [await gypsumBatch()], receiverId: id('ashuse'), plannedDate: today(), purpose: '利用' } }),
      () => ({ body: { batchIds: [id('indStore')], receiverId: id('ashuse'), plannedDate: today(), purpose: '利用' } })),
    '城建’s project with its approved plan (临清)': async () => ({ body: await constructionBody() }),
    '恒通’s draft hazardous manifest': consumedBy([PRODUCER, T_MANIFESTS], async () => ({ id: await draftManifest() }), async () => ({ id: await sharedDraft() })),
    '恒通’s draft hazardous manifest, signing its emission': consumedBy([PRODUCER, T_MANIFESTS], async () => ({ id: await draftManifest(), body: { action: 'sign_emission' } }),
      async () => ({ id: await sharedDraft(), body: { action: 'sign_emission' } })),
    '恒通’s manifest awaiting pickup, signing the pickup': consumedBy([DRIVER, TRANSPORTER], async () => ({ id: await signedManifest(), body: PICKUP }), async () => ({ id: await sharedSigned(), body: PICKUP })),
    '临清’s medical load on the road, signing an emission': () => ({ id: id('med'), body: { action: 'sign_emission' } }),
    '临清’s construction load on the road, signing an emission': () => ({ id: id('con'), body: { action: 'sign_emission' } }),
    '临清’s industrial load on the road, signing an emission': () => ({ id: id('ind'), body: { action: 'sign_emission' } }),
    '恒通’s draft hazardous manifest, in a batch': consumedBy([PRODUCER, T_MANIFESTS], async () => ({ body: { ids: [await draftManifest()], action: 'sign_emission' } }),
      async () => ({ body: { ids: [await sharedDraft()], action: 'sign_emission' } })),
    '恒通’s hazardous load on the road': () => ({ id: id('haz') }),
    '恒通’s manifest awaiting pickup': async () => ({ id: await sharedSigned(), body: multipart({}, { field: 'photo', filename: 'pickup.png', content: PNG, contentType: 'image/png' }) }),
    'a revision 恒通 asked for on its load on the road': consumedBy([TRANSPORTER], async () => ({ id: id('haz'), params: { revisionId: await revisionOf(id('haz')) } }),
      async () => ({ id: id('haz'), params: { revisionId: await sharedRevision() } })),
    '临清’s medical load on the road': () => ({ id: id('med') }),
    '临清’s construction load on the road': () => ({ id: id('con') }),
    // Ledger.
    '恒通’s batch (by its id)': () => ({ id: id('hazStore') }),
    'the clinic’s bag in store': () => ({ id: id('medStore') }),
    // Rounds.
    'the 临清 medical round (the clinic has joined; its load is on the road)': () => ({ id: id('round') }),
    'a new round stopping at 康庄镇卫生院, which has a bag in store': consumedBy([CLINIC], async () => { await medicalBatch(); return { id: await freshRound() }; }, () => ({ id: id('round') })),
    'a new round nobody has joined yet': consumedBy([COLLECTOR], async () => ({ id: await freshRound() }), () => ({ id: id('round') })),
    // Alarms.
    'the hazardous receipt alarm (about 绿源)': () => ({ id: id('hazAlarm') }),
    'a new hazardous receipt alarm (about 绿源), to handle': consumedBy([A, OFFICE, ECO, RECEIVER, T_WEIGHBRIDGE], async () => ({ id: await freshAlarm() }), () => ({ id: id('hazAlarm') })),
    'a new hazardous receipt alarm (about 绿源), to dismiss': consumedBy([A, OFFICE, ECO], async () => ({ id: await freshAlarm() }), () => ({ id: id('hazAlarm') })),
    'the 临清 construction receipt alarm (open, so not yet to verify)': () => ({ id: id('conAlarm') }),
    'the 临清 construction receipt alarm': () => ({ id: id('conAlarm') }),
    // Webhooks.
    '安运’s webhook': consumedBy([TRANSPORTER], async () => ({ id: await freshHook() }), () => ({ id: id('hook') })),
  },
  bodies: {
    'POST /api/ledger/batches': () => batchBody('900-041-49', 0.05),
    'POST /api/ledger/batches/:id/movements': () => ({ kind: 'store_out', quantityT: 0.001 }),
    'PATCH /api/manifests/:id': () => ({ data: { producerContact: '王经理 0635-2345678' } }),
    'POST /api/manifests/:id/revisions': () => ({ changes: { emergencyMeasures: '吸附棉、围堰、消防沙' }, reason: '补充应急物资' }),
    'POST /api/rounds': async () => {
      const f = await medFleet();
      return { roundDate: today(), wasteCode: '841-001-01', vehicleId: f.vehicles[0].id, driverId: f.drivers[0].id, producerIds: [await kangzhuang()] };
    },
    'POST /api/alarms/:id/assign': async () => ({ ownerUserId: await ecoUser(), note: '请生态环境分局核查' }),
    'POST /api/alarms/:id/handle': () => ({ note: '已电话催办接受单位签收' }),
    'POST /api/alarms/:id/dismiss': () => ({ note: '车辆已到厂，系统延迟' }),
    'POST /api/alarms/:id/verify': () => ({ note: '核查属实' }),
    'POST /api/webhooks': () => ({ url: 'https://8.8.8.8/wufei-matrix', events: ['manifest.created'] }),
    'POST /api/telemetry/positions': () => ({ points: [{ plate: '鲁P3A721', at: new Date(Date.now() - 30_000 - Math.floor(Math.random() * 600_000)).toISOString(), longitude: 115.71, latitude: 36.84 }] }),
  },
  rows: [
    // ---- Manifests: creating one. The company is always the caller's own, never one it names: a
    // government login or a driver is refused (403); another company naming 恒通's batch or 城建's
    // project is told the batch or project "does not exist or is not yours" (400, the create's own
    // answer, on the field, which says nothing of whose it is). A token needs manifests:write.
    ['POST /api/manifests', '恒通’s batch in store', {
      [A]: 403, [OFFICE]: 403, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [PRODUCER]: 201, [T_MANIFESTS]: 201, [T_LEDGER]: 403, [T_TELEMETRY]: 403,
      [TRANSPORTER]: 400, [DRIVER]: 403, [POWER]: 400, [SITE_TQ]: 400, [RESIDENT]: 403 }],
    ['POST /api/manifests/industrial', '华能’s gypsum in store', {
      [A]: 403, [OFFICE]: 403, [ECO]: 403, [HOUSING]: 403, [POWER]: 201, [PRODUCER]: 400, [ASHUSE]: 400, [SITE_TQ]: 400, [T_MANIFESTS]: 400, [T_LEDGER]: 403,
      [DRIVER_MUCK]: 403, [RESIDENT]: 403 }],
    ['POST /api/manifests/construction', '城建’s project with its approved plan (临清)', {
      [A]: 403, [OFFICE]: 403, [HOUSING]: 403, [URBAN]: 403, [ECO]: 403, [TQ]: 403, [SITE]: 201, [T_SITE]: 201, [T_MANIFESTS]: 400, [T_LEDGER]: 403,
      [MUCK]: 400, [DRIVER_MUCK]: 403, [CWSITE]: 400, [PRODUCER]: 400, [SITE_TQ]: 400, [RESIDENT]: 403 }],
    // ---- Manifests: acting on one. Who cannot see it (another region, a department of other waste,
    // a company not party to it) is told it does not exist; an official who sees it, but is no party,
    // is refused; a party out of turn or filling another party's field gets the engine's 409.
    ['PATCH /api/manifests/:id', '恒通’s draft hazardous manifest', {
      [A]: 403, [OFFICE]: 403, [ECO]: 403, [HEALTH]: 404, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 200, [T_MANIFESTS]: 200, [T_LEDGER]: 403,
      [T_TELEMETRY]: 403, [TRANSPORTER]: 409, [RECEIVER]: 409, [DRIVER]: 409, [POWER]: 404, [SITE_TQ]: 404, [RESIDENT]: 403 }],
    ['POST /api/manifests/:id/sign', '恒通’s draft hazardous manifest, signing its emission', {
      [A]: 403, [OFFICE]: 403, [ECO]: 403, [HEALTH]: 404, [HOUSING]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 200, [T_MANIFESTS]: 200, [T_LEDGER]: 403, [T_TELEMETRY]: 403,
      [TRANSPORTER]: 409, [DRIVER]: 403, [RECEIVER]: 409, [T_WEIGHBRIDGE]: 409, [POWER]: 404, [RESIDENT]: 403 }],
    ['POST /api/manifests/:id/sign', '恒通’s manifest awaiting pickup, signing the pickup', {
      [DRIVER]: 200, [TRANSPORTER]: 200, [PRODUCER]: 409, [T_MANIFESTS]: 409, [RECEIVER]: 409, [DRIVER_MED]: 404, [ECO]: 403, [HEALTH]: 404, [GX]: 404 }],
    ['POST /api/manifests/:id/sign', '临清’s medical load on the road, signing an emission', {
      [HEALTH]: 403, [ECO]: 403, [OFFICE]: 403, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [CLINIC]: 409, [COLLECTOR]: 409, [PRODUCER]: 404 }],
    ['POST /api/manifests/:id/sign', '临清’s construction load on the road, signing an emission', {
      [HOUSING]: 403, [URBAN]: 403, [OFFICE]: 403, [A]: 403, [ECO]: 404, [HEALTH]: 404, [TQ]: 404, [SITE]: 409, [MUCK]: 409, [DRIVER_MUCK]: 403, [CWSITE]: 409,
      [SITE_TQ]: 404, [CW_TQ]: 404 }],
    ['POST /api/manifests/:id/sign', '临清’s industrial load on the road, signing an emission', {
      [ECO]: 403, [HOUSING]: 404, [URBAN]: 404, [HEALTH]: 404, [GX]: 404, [POWER]: 409, [ASHUSE]: 409, [PRODUCER]: 404 }],
    // Several at once: the call itself is a signer's (200), and each manifest answers for itself
    // (the item's outcome is checked below, as the single signature would answer).
    ['POST /api/manifests/sign-batch', '恒通’s draft hazardous manifest, in a batch', {
      [PRODUCER]: 200, [T_MANIFESTS]: 200, [A]: 200, [ECO]: 200, [HEALTH]: 200, [GX]: 200, [POWER]: 200, [TRANSPORTER]: 200, [DRIVER]: 200, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    // A correction of signed fields is asked for by a party's office (not its driver); the other signers approve it.
    ['POST /api/manifests/:id/revisions', '恒通’s hazardous load on the road', {
      [DRIVER]: 403, [PRODUCER]: 201, [T_MANIFESTS]: 201, [TRANSPORTER]: 201, [RECEIVER]: 201, [T_WEIGHBRIDGE]: 201, [A]: 403, [OFFICE]: 403, [ECO]: 403, [HEALTH]: 404, [HOUSING]: 404,
      [GX]: 404, [TQ]: 404, [POWER]: 404, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    ['POST /api/manifests/:id/revisions/:revisionId/approve', 'a revision 恒通 asked for on its load on the road', {
      [DRIVER]: 403, [TRANSPORTER]: 200, [PRODUCER]: 403, [T_MANIFESTS]: 403, [RECEIVER]: 403, [A]: 403, [OFFICE]: 403, [ECO]: 403, [HEALTH]: 404, [GX]: 404, [POWER]: 404, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    ['POST /api/manifests/:id/revisions/:revisionId/refuse', 'a revision 恒通 asked for on its load on the road', {
      [TRANSPORTER]: 200, [PRODUCER]: 403, [ECO]: 403, [HOUSING]: 404, [GX]: 404 }],
    // A photo to sign with (issue 20): a person who may sign it (a driver: his own load); a machine's token sends none.
    ['POST /api/manifests/:id/photos', '恒通’s manifest awaiting pickup', {
      [DRIVER]: 201, [TRANSPORTER]: 201, [PRODUCER]: 201, [RECEIVER]: 201, [A]: 403, [ECO]: 403, [OFFICE]: 403, [HEALTH]: 404, [GX]: 404, [POWER]: 404, [DRIVER_MED]: 404,
      [T_MANIFESTS]: 403, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    // The detail: a token reads with a manifests scope only, as the list asks.
    ['GET /api/manifests/:id', '恒通’s hazardous load on the road', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [PRODUCER]: 200, [TRANSPORTER]: 200, [DRIVER]: 200, [RECEIVER]: 200, [HEALTH]: 404, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404,
      [POWER]: 404, [CLINIC]: 404, [SITE_TQ]: 404, [RESIDENT]: 404, [T_TELEMETRY]: 403, [T_LEDGER]: 403 }],
    ['GET /api/manifests/:id', '临清’s medical load on the road', {
      [HEALTH]: 200, [ECO]: 200, [OFFICE]: 200, [CLINIC]: 200, [COLLECTOR]: 200, [DRIVER_MED]: 200, [HOUSING]: 404, [URBAN]: 404, [PRODUCER]: 404, [GX]: 404 }],
    ['GET /api/manifests/:id', '临清’s construction load on the road', {
      [HOUSING]: 200, [URBAN]: 200, [OFFICE]: 200, [SITE]: 200, [MUCK]: 200, [DRIVER_MUCK]: 200, [CWSITE]: 200, [ECO]: 404, [HEALTH]: 404, [TQ]: 404, [SITE_TQ]: 404, [CW_TQ]: 404 }],

    // ---- Ledger: a company keeps its own (a producer, verified, not a driver; a token with ledger:write).
    ['POST /api/ledger/batches', '', {
      [A]: 403, [OFFICE]: 403, [ECO]: 403, [GX]: 403, [PRODUCER]: 201, [POWER]: 201, [CLINIC]: 201, [T_LEDGER]: 201, [T_MANIFESTS]: 403, [T_TELEMETRY]: 403,
      [TRANSPORTER]: 403, [RECEIVER]: 403, [DRIVER]: 403, [SITE_TQ]: 403, [RESIDENT]: 403 }],
    // Officials may read the batch but keep no ledger (403); another company's ledger does not hold it (404).
    ['POST /api/ledger/batches/:id/movements', '恒通’s batch (by its id)', {
      [PRODUCER]: 201, [T_LEDGER]: 201, [T_MANIFESTS]: 403, [A]: 403, [OFFICE]: 403, [ECO]: 403, [GX]: 403, [POWER]: 404, [TRANSPORTER]: 404, [SITE_TQ]: 404, [DRIVER]: 403, [RESIDENT]: 403 }],
    // A token reads a batch with manifests:read, as the store and movement lists ask.
    ['GET /api/ledger/batches/:id', '恒通’s batch (by its id)', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [PRODUCER]: 200, [HEALTH]: 404, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404, [POWER]: 404, [TRANSPORTER]: 404,
      [RESIDENT]: 404, [T_TELEMETRY]: 403 }],
    ['GET /api/ledger/batches/:id', 'the clinic’s bag in store', { [HEALTH]: 200, [ECO]: 200, [CLINIC]: 200, [HOUSING]: 404, [COLLECTOR]: 404, [PRODUCER]: 404 }],

    // ---- Collection rounds: the licensed collector plans and closes; a clinic on the round joins.
    ['POST /api/rounds', '', {
      [COLLECTOR]: 201, [DRIVER_MED]: 403, [CLINIC]: 403, [OFFICE]: 403, [HEALTH]: 403, [ECO]: 403, [A]: 403, [TRANSPORTER]: 403, [T_MANIFESTS]: 403, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    ['POST /api/rounds/:id/join', 'the 临清 medical round (the clinic has joined; its load is on the road)', {
      [CLINIC]: 409, [OFFICE]: 403, [HEALTH]: 403, [ECO]: 403, [COLLECTOR]: 403, [DRIVER_MED]: 403, [A]: 403, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 404,
      [T_MANIFESTS]: 404, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    ['POST /api/rounds/:id/join', 'a new round stopping at 康庄镇卫生院, which has a bag in store', { [CLINIC]: 201 }],
    // A round's existence is not told to who cannot see it: another region's officials, a department
    // of other waste, a company not on it (404); the officials who see it and a clinic on it are refused.
    ['POST /api/rounds/:id/close', 'the 临清 medical round (the clinic has joined; its load is on the road)', {
      [COLLECTOR]: 409, [DRIVER_MED]: 403, [OFFICE]: 403, [HEALTH]: 403, [ECO]: 403, [A]: 403, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404, [CLINIC]: 403,
      [PRODUCER]: 404, [T_MANIFESTS]: 404, [T_LEDGER]: 403, [RESIDENT]: 403 }],
    ['POST /api/rounds/:id/close', 'a new round nobody has joined yet', { [COLLECTOR]: 200 }],
    ['GET /api/rounds/:id', 'the 临清 medical round (the clinic has joined; its load is on the road)', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 200, [COLLECTOR]: 200, [DRIVER_MED]: 200, [CLINIC]: 200, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404,
      [PRODUCER]: 404, [RESIDENT]: 403, [T_TELEMETRY]: 403 }],

    // ---- Alarms: officials of the area and department assign, verify and dismiss; the company the
    // alarm is about handles it (a person of it: no token scope covers alarms).
    ['POST /api/alarms/:id/assign', 'the hazardous receipt alarm (about 绿源)', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 404, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404, [RECEIVER]: 403, [T_WEIGHBRIDGE]: 403, [PRODUCER]: 404,
      [TRANSPORTER]: 404, [RESIDENT]: 404 }],
    ['POST /api/alarms/:id/handle', 'a new hazardous receipt alarm (about 绿源), to handle', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [RECEIVER]: 200, [T_WEIGHBRIDGE]: 403, [HEALTH]: 404, [HOUSING]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 404, [TRANSPORTER]: 404, [RESIDENT]: 404 }],
    ['POST /api/alarms/:id/dismiss', 'a new hazardous receipt alarm (about 绿源), to dismiss', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [RECEIVER]: 403, [T_WEIGHBRIDGE]: 403, [HEALTH]: 404, [HOUSING]: 404, [GX]: 404, [PRODUCER]: 404, [RESIDENT]: 404 }],
    ['POST /api/alarms/:id/verify', 'the 临清 construction receipt alarm (open, so not yet to verify)', {
      [HOUSING]: 409, [URBAN]: 409, [OFFICE]: 409, [A]: 409, [ECO]: 404, [HEALTH]: 404, [TQ]: 404, [CWSITE]: 403, [SITE]: 404, [MUCK]: 404, [CW_TQ]: 404, [RESIDENT]: 404 }],
    ['POST /api/alarms/scan', '', { [A]: 200, [OFFICE]: 403, [ECO]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['GET /api/alarms/:id', 'the hazardous receipt alarm (about 绿源)', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [RECEIVER]: 200, [HEALTH]: 404, [HOUSING]: 404, [URBAN]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 404, [TRANSPORTER]: 404, [RESIDENT]: 404 }],
    ['GET /api/alarms/:id', 'the 临清 construction receipt alarm', { [HOUSING]: 200, [URBAN]: 200, [CWSITE]: 200, [ECO]: 404, [HEALTH]: 404, [TQ]: 404, [SITE]: 404 }],

    // ---- Webhooks: an enterprise administrator's, from a session, for its own endpoints; anyone
    // else's subscription does not exist for the caller (404).
    ['POST /api/webhooks', '', {
      [TRANSPORTER]: 201, [PRODUCER]: 201, [MUCK]: 201, [A]: 403, [OFFICE]: 403, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403, [T_GPS]: 403 }],
    ['DELETE /api/webhooks/:id', '安运’s webhook', {
      [TRANSPORTER]: 200, [PRODUCER]: 404, [MUCK]: 404, [A]: 404, [OFFICE]: 404, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_GPS]: 403 }],
    ['POST /api/webhooks/:id/disable', '安运’s webhook', {
      [TRANSPORTER]: 200, [PRODUCER]: 404, [MUCK]: 404, [A]: 404, [OFFICE]: 404, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_GPS]: 403 }],
    ['POST /api/webhooks/:id/enable', '安运’s webhook', {
      [TRANSPORTER]: 200, [PRODUCER]: 404, [MUCK]: 404, [A]: 404, [OFFICE]: 404, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_GPS]: 403 }],
    ['POST /api/webhooks/:id/ping', '安运’s webhook', {
      [TRANSPORTER]: 201, [PRODUCER]: 404, [MUCK]: 404, [A]: 404, [OFFICE]: 404, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_GPS]: 403 }],

    // ---- GPS: a token with telemetry:write, for its own company's trucks (恒通 has none: 400 on the plate).
    ['POST /api/telemetry/positions', '', { [T_GPS]: 200, [T_TELEMETRY]: 400, [T_MANIFESTS]: 403, [TRANSPORTER]: 403, [A]: 403, [RESIDENT]: 403 }],
  ],
  checks: {
    // Each manifest of a batch signature answers for itself, as one signature would.
    'POST /api/manifests/sign-batch': (res: LightMyRequestResponse, who: string) => {
      if (res.statusCode !== 200) return;
      const [item] = res.json().results as { ok: boolean; error?: { code: string } }[];
      expect(item.ok ? 'ok' : item.error!.code, `${who}'s manifest in the batch`).toBe(BATCH_ITEM[who]);
    },
  },
};

describe('the permission matrix: manifests, ledger, rounds, alarms, webhooks, GPS', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
