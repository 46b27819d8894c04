import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client } from '../support/app';
import { multipart, randomIp, type UploadFile } from '../support/matrix';
import { freshCreditCode, freshUsername, registrationBody } from '../support/factories';
import { CELL_KINDS } from '../../src/domain/cells';
import { CHECKLIST } from '../../src/domain/inspections';
import {
  answerProblem, changes, exampleOf, inPool, mutationsOf, serialise, snapshot, urlOf, violates, writeOperations,
  type FuzzRequest, type Mutation, type Operation, type Snapshot,
} from '../support/fuzz';

// Issue 14: every write route of the OpenAPI document, every field of its body (nested objects and
// array items too) and every path parameter gets wrong types, out-of-range numbers, empty and huge
// values, control characters, text attacks, impossible dates and unknown fields, one field at a time
// from a valid request. No answer may be a 5xx; every 4xx has the error shape; what must be refused is
// refused; and refused requests write nothing: no table changes its row count and no manifest serial
// number is used (checked once per route, after all its bad requests). New routes are picked up from
// the document; only the skip list below and the small table of valid requests are written by hand.

const CAPS = { valuesPerField: 24, requestsPerRoute: 200 };
/** Requests of one route in flight at once: enough to keep PostgreSQL busy on two cores. */
const WIDTH = 4;

/** Routes that cannot be fuzzed as JSON, with why. */
const SKIP: Record<string, string> = {
  'POST /api/auth/logout': 'no input; it ends the session the other requests of its caller use',
  'POST /api/credit/sweep': 'no input: the ecology bureau sweeps its own area',
  'POST /api/audit/export': 'no input: the platform administrator signs and exports the chain head (test/api/audit-tamper.test.ts)',
  // Uploads take a file, not JSON: each gets the bad files of UPLOADS below instead.
  'POST /api/regions/import': 'multipart upload (region list)',
  'POST /api/catalogues/{catalogue}/import': 'multipart upload (catalogue version)',
  'POST /api/indicators/preview': 'multipart upload (indicator table)',
  'POST /api/indicators/plans/{id}/values/import': 'multipart upload (values sheet)',
  'POST /api/tasks/import': 'multipart upload (task list)',
  'POST /api/projects/import': 'multipart upload (project list)',
  'POST /api/declarations/industrial/preview': 'multipart upload (declaration workbook)',
  'POST /api/declarations/industrial/confirm': 'multipart upload (declaration workbook)',
  'POST /api/statistics/preview': 'multipart upload (statistics sheet)',
  'POST /api/statistics/confirm': 'multipart upload (statistics sheet)',
  'POST /api/household/places/import': 'multipart upload (register of communities and villages)',
  'POST /api/household/facilities/{id}/tickets/import': 'multipart upload (weighbridge export)',
  'POST /api/alarms/scan': 'no input to fuzz: it runs every alarm rule (platform administrator)',
  'POST /api/straw/import': 'multipart upload (straw season sheet)',
  'POST /api/complaints/photos': 'multipart upload (a citizen’s photo; its bad files are in complaints.test.ts)',
  'POST /api/manifests/{id}/photos': 'multipart upload (a driver’s photo at pickup; its bad files are in driver-loads.test.ts)',
};

/**
 * Tables whose row counts may change on any request, with why. Otherwise none: a failed login updates
 * users.failed_logins and locked_until, a token's use api_tokens.last_used_at (updates, not rows);
 * failed logins write no audit row; every caller logs in before its route's first count (a login adds
 * a session and an audit row), and a password change ends only the caller's other sessions, of which
 * it has none. A table added here is left out of every count.
 */
const IGNORED_TABLES = new Map<string, string>([
  // A public route counts every attempt from an address towards its limit, refused ones included:
  // a counter per address (address-limits.test.ts), not a record of what was asked.
  ['login_throttle', 'per-address attempt counters'],
]);

/** Who calls a route: by tag, then by path (a caller who may use it, so requests reach the service). */
const LOGIN_BY_TAG: Record<string, string> = {
  auth: 'anonymous', organisations: 'office.linqing', users: 'office.linqing', tokens: 'producer.demo', regions: 'admin', catalogues: 'admin',
  ledger: 'producer.demo', manifests: 'producer.demo', hazardous: 'producer.demo', declarations: 'producer.demo', indicators: 'office.linqing', tasks: 'office.linqing',
  platform: 'producer.demo', alarms: 'eco.linqing', rounds: 'collector.demo', settings: 'office.linqing', construction: 'site.demo',
  exchange: 'power.demo', industrial: 'power.demo', telemetry: 'token:transporter.demo', webhooks: 'transporter.demo', supervision: 'eco.linqing',
  statistics: 'stats.linqing',
  registers: 'eco.linqing', weighbridge: 'token:wte.demo',
  // Housing keeps the household register too; urban.linqing is the user whose password the users routes reset.
  household: 'housing.linqing',
  // 绿色账户: the community station's collector records, grades and redeems; its smart bin posts with a token.
  green: 'station.demo', 'smart-bins': 'token:station.demo',
  kitchen: 'restaurant.demo',
  // Straw and film: 松林镇's station files straw; the Songlin dealer keeps a film ledger.
  straw: 'agri.songlin', film: 'dealer.demo',
  // Pesticide packaging and farm inputs (issue 16): the dealer keeps the books.
  pesticide: 'dealer.demo', 'farm-inputs': 'dealer.demo',
  // 病死畜禽 (carcass): a farm reports; the plant, its driver and its office use the rounds, pickups and treatments (VALID).
  carcass: 'farm.demo',
  // the pig farm records its own year and months.
  livestock: 'farm.demo',
  // 再生资源 (issue 17): 冠县's commerce bureau files its month; 临清's checks and names malls (VALID names the others).
  'recycling-reports': 'commerce.guanxian', cells: 'commerce.linqing',
  // 再生资源 (issue 17): 运河花园's station clerk keeps the ledger; the dismantler and the company (VALID).
  recycling: 'rrstation.demo',
  // 再生资源预约回收: the resident books (VALID names the dispatcher and the collector for theirs).
  'recycling-bookings': 'resident.demo',
  // 信息公开 (issue 18): 临清's office writes its portal.
  portal: 'office.linqing',
  // 信访投诉举报 (issue 18): the ecology bureau handles; VALID names the citizen (anonymous) and the office for theirs.
  complaints: 'eco.linqing',
  // 问卷调查 (issue 18): 临清's office builds and binds; anyone answers (without the page's device cookie: refused, nothing written).
  surveys: 'office.linqing', 'public-surveys': 'anonymous',
  // 双随机、一公开 and cases (issue 18): 临清's ecology bureau.
  inspections: 'eco.linqing', cases: 'eco.linqing',
  // 企业环境信用评价 (issue 18): 临清's ecology bureau records, lists, decides and rates (VALID names the enterprise for a repair request).
  credit: 'eco.linqing',
};

const t = await startTestApp();
const db = t.database.db;
const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
const operations = writeOperations(doc);
const started = Date.now();
const today = new Date().toISOString().slice(0, 10);
// A booked pickup's slot: tomorrow in Shanghai.
const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const lastMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
const year = Number(today.slice(0, 4));

// ---- Callers, logged in once each ----

const clients = new Map<string, Promise<Client>>();
const client = (username: string) => {
  if (!clients.has(username)) clients.set(username, Client.login(t.app, username));
  return clients.get(username)!;
};
/** The API tokens of the `token:` callers: a GPS platform's (telemetry:write), a weighbridge's (weighbridge:write). */
const tokens = new Map<string, string>();
async function send(login: string, method: Operation['method'], url: string, body: unknown) {
  const payload = body === undefined ? undefined : serialise(body);
  const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
  if (login === 'anonymous') return new Client(t.app, randomIp()).request(method, url, payload, headers);
  if (login.startsWith('token:')) return new Client(t.app).request(method, url, payload, { ...headers, authorization: `Bearer ${tokens.get(login.slice('token:'.length))}` });
  return (await client(login)).request(method, url, payload, headers);
}

// ---- Real ids from the demo city, and a few records the routes act on ----

const one = async (query: string) => {
  const [row] = (await db.execute<{ id: string }>(sql.raw(query))).rows;
  if (!row) throw new Error(`fixture not found: ${query}`);
  return row.id;
};
/** The created record of a setup request (which must succeed). */
const made = (res: LightMyRequestResponse) => {
  if (res.statusCode >= 300) throw new Error(`fixture not made: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return res.json();
};
const orgOf = (username: string) => one(`SELECT organisation_id AS id FROM users WHERE username = '${username}'`);
const userId = (username: string) => one(`SELECT id FROM users WHERE username = '${username}'`);
const managementPlan = { A3: [{ wasteCode: '900-249-08', expectedT: 5 }], A7: [{ type: '省内转移', wasteCode: '900-249-08', expectedT: 5, receiver: '临清市绿源环保科技有限公司' }] };
const fixtures = await (async () => {
  const [producerOrg, transporterOrg, receiverOrg, powerOrg, ashuseOrg, siteOrg, muckOrg, collectorOrg] = await Promise.all(
    ['producer.demo', 'transporter.demo', 'receiver.demo', 'power.demo', 'ashuse.demo', 'site.demo', 'muck.demo', 'collector.demo'].map(orgOf));
  const producer = await client('producer.demo');
  const batch = async () => made(await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.5 })).id as string;
  const [movementBatch, manifestBatch, draftBatch] = [await batch(), await batch(), await batch()];
  const vehicleOf = (org: string) => one(`SELECT id FROM vehicles WHERE organisation_id = '${org}' ORDER BY plate LIMIT 1`);
  const driverOf = (org: string) => one(`SELECT id FROM drivers WHERE organisation_id = '${org}' ORDER BY name LIMIT 1`);
  const manifestBase = { receiverId: receiverOrg, transporterIds: [transporterOrg], vehicleId: await vehicleOf(transporterOrg), driverId: await driverOf(transporterOrg), plannedDate: today, dangerousGoodsClass: '第9类 杂项危险物质', emergencyMeasures: '泄漏时用沙土围堵，通知环保部门' };
  const draft = made(await producer.post('/api/manifests', { ...manifestBase, batchIds: [draftBatch] })).id as string;
  const transporter = await client('transporter.demo');
  tokens.set('transporter.demo', made(await transporter.post('/api/tokens', { name: '模糊测试GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })).secret);
  const webhook = async () => made(await transporter.post('/api/webhooks', { url: 'http://93.184.216.34/hook', events: ['manifest.signed'] })).id as string;
  const [webhookToDelete, webhookToSwitch] = [await webhook(), await webhook()];
  const tokenToRevoke = made(await producer.post('/api/tokens', { name: '地磅', scopes: ['ledger:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })).id as string;
  made(await producer.put(`/api/plans/mine/${year}`, { tables: managementPlan }));
  const plan = made(await producer.post(`/api/plans/mine/${year}/submit`)).id as string;
  const percentIndicator = await one(`SELECT id FROM indicators WHERE region_code = '371581' AND formula IS NULL AND id IN (SELECT indicator_id FROM indicator_targets WHERE parsed->>'unit' = '%') ORDER BY no LIMIT 1`);
  const value = made(await (await client('eco.linqing')).post(`/api/indicators/${percentIndicator}/values`, { regionCode: '371581', year: year - 1, value: 40 })).id as string;
  const project = await one(`SELECT id FROM construction_projects WHERE organisation_id = '${siteOrg}' LIMIT 1`);
  const dumpSite = await one(`SELECT id FROM disposal_sites WHERE region_code LIKE '371581%' AND kind = 'consumption' LIMIT 1`);
  const constructionPlan = { items: [{ code: 'CW01', expectedT: 200 }], reductionTargetPct: 20, transporterIds: [muckOrg], siteIds: [dumpSite] };
  const site = await client('site.demo');
  const newProject = made(await site.post('/api/construction/projects', { name: '模糊测试新建工程', kind: 'new', floorAreaM2: 5000, startDate: today })).id as string;
  const submittedPlan = made(await site.post(`/api/construction/projects/${newProject}/plans`, constructionPlan)).id as string;
  const listingToClose = made(await (await client('power.demo')).post('/api/exchange/listings', { kind: 'offer', wasteClass: 'SW02', quantity: 50 })).id as string;
  const [collectorVehicle, collectorDriver, clinicOrg] = [await vehicleOf(collectorOrg), await driverOf(collectorOrg), await orgOf('clinic.kangzhuang')];
  const round = made(await (await client('collector.demo')).post('/api/rounds', { roundDate: today, vehicleId: collectorVehicle, driverId: collectorDriver, wasteCode: '841-001-01', producerIds: [clinicOrg] })).id as string;
  // A company its county rejected, to resubmit; a resident whose login is fuzzed.
  const rejected = registrationBody({ admin: { password: 'wufei-demo' } });
  const rejectedOrg = made(await new Client(t.app, randomIp()).post('/api/register/enterprise', rejected)).organisationId as string;
  made(await (await client('eco.linqing')).post(`/api/organisations/${rejectedOrg}/reject`, { reason: '联系电话无法接通' }));
  const licence = async (number: string) => made(await (await client('receiver.demo')).post(`/api/organisations/${receiverOrg}/licences`, { number, validFrom: '2025-01-01', validTo: '2030-12-31', wasteCodes: ['HW49'], annualCapacityT: 100 })).id as string;
  const [licenceToEnd, licenceToCorrect] = [await licence('鲁危证模糊测试-终止'), await licence('鲁危证模糊测试-更正')];
  const householdFacility = made(await (await client('urban.linqing')).post('/api/household/facilities', { regionCode: '371581', kind: 'transfer_station', name: '模糊测试转运站', classes: ['other'] })).id as string;
  // 生活垃圾: 绿能环保 operates an incineration plant whose weighbridge posts with its token; a community to date a
  // status of; a company's truck made a collection truck on a route, and another truck of 临清 still to be made one.
  const urban = await client('urban.linqing');
  const wteOrg = await orgOf('wte.demo');
  const plant = made(await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'incineration', name: '模糊测试焚烧厂', capacityTPerDay: 600, classes: ['other'], operatorId: wteOrg })).id as string;
  tokens.set('wte.demo', made(await (await client('wte.demo')).post('/api/tokens', { name: '模糊测试地磅', scopes: ['weighbridge:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })).secret);
  const householdStatus = { asOf: `${year - 1}-01-01`, households: 320, sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: false, collectionRooms: 2 };
  const community = made(await urban.post('/api/household/places', { regionCode: '371581101', kind: 'community', name: '模糊测试小区', status: householdStatus })).id as string;
  const [truck, spareTruck] = (await db.execute<{ plate: string }>(sql`SELECT v.plate FROM vehicles v JOIN organisations o ON o.id = v.organisation_id
    WHERE o.region_code LIKE '371581%' AND v.plate <> ${'鲁P3A721'} AND NOT EXISTS (SELECT 1 FROM household_vehicles h WHERE h.vehicle_id = v.id) ORDER BY v.plate LIMIT 2`)).rows.map((r) => r.plate);
  if (!spareTruck) throw new Error('fixture not found: two vehicles of 临清 companies');
  made(await urban.post('/api/household/vehicles', { plate: truck, wasteClass: 'other', tareT: 10.2 }));
  const householdRoute = made(await urban.post('/api/household/routes', { regionCode: '371581', name: '模糊测试线路', kind: 'urban', wasteClass: 'other', plates: [truck], facilityIds: [plant], stops: [{ name: '模糊测试小区', placeId: community }] })).id as string;
  const weighed = (ticketNo: string) => ({ facilityId: plant, ticketNo, kind: 'ticket', plate: truck, wasteClass: 'other', grossT: 18.4, tareT: 10.2, netT: 8.2,
    inAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), outAt: new Date(Date.now() - 2 * 3_600_000 + 12 * 60_000).toISOString(), routeId: householdRoute, originRegionCode: '371581101', measured: true });
  // 绿色账户: the station's collection point, a card with points, an ungraded delivery, a smart-bin token.
  const station = await client('station.demo');
  tokens.set('station.demo', made(await station.post('/api/tokens', { name: '模糊测试回收箱', scopes: ['green:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })).secret);
  const greenPoint = await one(`SELECT id FROM household_facilities WHERE name = '运河花园垃圾分类收集房'`);
  const greenPlace = await one(`SELECT id FROM household_places WHERE name = '运河花园'`);
  const greenCard = (await db.execute<{ card_no: string }>(sql`SELECT h.card_no FROM green_households h WHERE h.user_id IS NULL
    ORDER BY (SELECT coalesce(sum(points), 0) FROM green_points e WHERE e.household_id = h.id) DESC LIMIT 1`)).rows[0].card_no;
  const ungraded = made(await station.post('/api/green/deliveries', { facilityId: greenPoint, cardNo: greenCard, wasteClass: 'kitchen', weightKg: 1.1 })).delivery.id as string;
  const resident = freshUsername('resident');
  made(await new Client(t.app, randomIp()).post('/api/register/resident', { username: resident, password: 'wufei-demo', displayName: '居民', regionCode: '371581101' }));
  // 双随机、一公开 (issue 18): 临清's pools, a draw whose unit is not checked yet, and a case of the demo.
  const keyPool = await one(`SELECT id FROM inspection_pools WHERE name = '危险废物重点监管单位名录库'`);
  const officerPool = await one(`SELECT id FROM inspection_pools WHERE kind = 'inspector' AND region_code = '371581' LIMIT 1`);
  const fuzzDraw = made(await (await client('eco.linqing')).post('/api/inspections/draws', { title: '模糊测试抽取', enterprisePoolId: keyPool, inspectorPoolId: officerPool, enterpriseCount: 1, inspectorsPerEnterprise: 2 }));
  const lqCase = await one(`SELECT id FROM enforcement_cases WHERE title = '个人非法倾倒废油泥案'`);
  return {
    producerOrg, transporterOrg, receiverOrg, powerOrg, ashuseOrg, movementBatch, manifestBatch, draft, manifestBase, webhookToDelete, webhookToSwitch, tokenToRevoke, plan,
    greenPoint, greenPlace, greenCard, ungraded,
    wteOrg, plant, householdStatus, community, truck, spareTruck, householdRoute, weighed,
    percentIndicator, value, project, householdFacility, newProject, dumpSite, constructionPlan, submittedPlan, listingToClose, round, licenceToEnd, licenceToCorrect, rejectedOrg, rejectedAdmin: rejected.admin.username, resident,
    muckOrg, muckVehicle: await vehicleOf(muckOrg), muckDriver: await driverOf(muckOrg), collectorVehicle, collectorDriver, clinicOrg,
    indicatorPlan: await one(`SELECT id FROM indicator_plans WHERE region_code = '371581'`),
    keyPool, officerPool, fuzzDrawId: fuzzDraw.id as string, fuzzDrawUnit: fuzzDraw.result[0].organisationId as string, lqCase,
    kwCollectorOrg: await orgOf('kwcollector.demo'),
    // 再生资源预约回收: resident.demo's community, the demo's bookings at each step, rrcollector.demo's filing and the station serving 运河花园.
    rbPlace: await one(`SELECT id FROM household_places WHERE name = '运河花园' AND kind = 'community'`),
    rbOwnPending: made(await (await client('resident.demo')).post('/api/recycling/bookings', { placeId: await one(`SELECT id FROM household_places WHERE name = '运河花园' AND kind = 'community'`), address: '运河花园1号楼', slotDate: tomorrow, slot: 'evening', payment: 'cash', items: [{ category: 'paper', estimatedKg: 5 }] })).id as string,
    rbAwaiting: await one(`SELECT b.id FROM recycling_bookings b JOIN users u ON u.id = b.resident_user_id WHERE u.username = 'resident.demo' AND b.status = 'awaiting_confirmation' LIMIT 1`),
    rbDoneUnrated: await one(`SELECT b.id FROM recycling_bookings b JOIN users u ON u.id = b.resident_user_id WHERE u.username = 'resident.demo' AND b.status = 'done' AND b.rated_at IS NULL LIMIT 1`),
    rbPending: await one(`SELECT id FROM recycling_bookings WHERE status = 'pending' ORDER BY created_at LIMIT 1`),
    rbAccepted: await one(`SELECT id FROM recycling_bookings WHERE status = 'accepted' ORDER BY created_at LIMIT 1`),
    rbDispatched: await one(`SELECT b.id FROM recycling_bookings b JOIN recycling_collectors c ON c.id = b.collector_id JOIN users u ON u.id = c.user_id WHERE b.status = 'dispatched' AND u.username = 'rrcollector.demo' LIMIT 1`),
    rbVisiting: await one(`SELECT b.id FROM recycling_bookings b JOIN recycling_collectors c ON c.id = b.collector_id JOIN users u ON u.id = c.user_id WHERE b.status = 'visiting' AND u.username = 'rrcollector.demo' LIMIT 1`),
    rbCollector: await one(`SELECT c.id FROM recycling_collectors c JOIN users u ON u.id = c.user_id WHERE u.username = 'rrcollector.demo'`),
    rbStation: await one(`SELECT id FROM organisations WHERE name = '临清市再生资源回收利用有限公司运河花园回收网点'`),
    // Pesticide packaging: a licensed receiver the bureau may designate as a utiliser.
    pesticideUtiliser: await orgOf('receiver.demo'),
    pendingOrg: await one(`SELECT id FROM organisations WHERE status = 'pending' AND region_code LIKE '371581%' LIMIT 1`),
    urbanUser: await userId('urban.linqing'), task: await one(`SELECT id FROM tasks WHERE region_code = '371581' ORDER BY no LIMIT 1`),
    tianqiaoProject: await one(`SELECT id FROM projects WHERE region_code = '370105' LIMIT 1`),
    powerListing: await one(`SELECT l.id FROM exchange_listings l WHERE l.organisation_id = '${powerOrg}' AND l.status = 'open' ORDER BY l.created_at LIMIT 1`),
    contactToPower: await one(`SELECT c.id FROM exchange_contacts c JOIN exchange_listings l ON l.id = c.listing_id WHERE l.organisation_id = '${powerOrg}' LIMIT 1`),
    ashYard: await one(`SELECT id FROM bulk_storage_sites WHERE organisation_id = '${powerOrg}' LIMIT 1`),
    openRectification: await one(`SELECT r.id FROM bulk_storage_rectifications r JOIN bulk_storage_sites s ON s.id = r.site_id WHERE s.organisation_id = '${powerOrg}' AND r.status = 'open' LIMIT 1`),
    jindingOrg: await one(`SELECT id FROM organisations WHERE name = '临清市金鼎铸造有限公司'`),
    credentialToEnd: await one(`SELECT id FROM organisation_credentials WHERE region_code LIKE '371581%' AND kind = 'zero_waste_factory' AND ended_on IS NULL LIMIT 1`),
    park: await one(`SELECT id FROM industrial_parks WHERE name = '临清经济开发区'`),
    cellToEnd: await one(`SELECT id FROM zero_waste_cells WHERE region_code LIKE '371581%' AND ended_on IS NULL ORDER BY name LIMIT 1`),
    // 病死畜禽 (carcass): the demo's waiting reports, and the stops of today's round (one waiting for the driver, one on the road).
    carcassPiglets: await one(`SELECT r.id FROM carcass_reports r JOIN users u ON u.organisation_id = r.farm_id WHERE u.username = 'farm.demo' AND r.species = 'piglet' ORDER BY r.reported_at DESC LIMIT 1`),
    carcassLate: await one(`SELECT id FROM carcass_reports WHERE household_name = '王秀英' ORDER BY reported_at DESC LIMIT 1`),
    carcassVehicle: await one(`SELECT id FROM vehicles WHERE plate = '鲁PB7361'`),
    carcassDriver: await one(`SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.carcass'`),
    carcassWaitingStop: await one(`SELECT m.id FROM manifests m WHERE m.stream = 'carcass' AND m.status = 'signed_by_producer' AND m.data ? 'roundId' ORDER BY m.created_at DESC LIMIT 1`),
    recyclingTask: await one(`SELECT id FROM tasks WHERE region_code = '371500' AND no = 1 AND list = '再生资源回收体系建设重点任务'`),
    lqDraft: await one(`SELECT id FROM portal_articles WHERE state = 'draft' AND region_code = '371581' LIMIT 1`),
    lqNews: await one(`SELECT id FROM portal_articles WHERE title = '全市农药包装废弃物回收站点实现镇街全覆盖'`),
    lqDataset: await one(`SELECT id FROM open_datasets WHERE slug = '371581-recycled-products'`),
    yinzuoCell: await one(`SELECT c.id FROM cell_applications c JOIN organisations o ON o.id = c.organisation_id WHERE o.name = '临清银座购物广场'`),
    cementCell: await one(`SELECT c.id FROM cell_applications c WHERE c.name = '临清市鲁西水泥有限公司'`),
    cementObjection: await one(`SELECT x.id FROM cell_objections x JOIN cell_applications c ON c.id = x.cell_id WHERE c.name = '临清市鲁西水泥有限公司' LIMIT 1`),
    wenquanCell: await one(`SELECT c.id FROM cell_applications c WHERE c.name = '大辛庄街道温泉社区'`),
    carcassOnRoad: await one(`SELECT m.id FROM manifests m WHERE m.stream = 'carcass' AND m.status = 'in_transit' ORDER BY m.created_at DESC LIMIT 1`),
    // 再生资源: a unit the dismantler received and has not dismantled yet; 运河花园's station.
    rrUndismantled: await one(`SELECT e.unit_id AS id FROM ewaste_unit_events e WHERE e.kind = 'received' AND NOT EXISTS (SELECT 1 FROM ewaste_unit_events d WHERE d.unit_id = e.unit_id AND d.kind = 'dismantled') ORDER BY e.happened_on LIMIT 1`),
    rrStation1: await orgOf('rrstation.demo'),
    // 信访投诉举报 (issue 18): two answered reports (one to rate, one to reopen) and one awaiting acceptance.
    ...(await (async () => {
      const anon = new Client(t.app, randomIp());
      const eco = await client('eco.linqing');
      const report = { category: 'illegal_dumping', regionCode: '371581002', location: { lon: 115.7251, lat: 36.8334 }, description: '模糊测试倾倒垃圾' };
      const answered = async () => {
        const r = made(await anon.post('/api/complaints/reports', report)) as { id: string; complaintNo: string; followCode: string };
        made(await eco.post(`/api/complaints/${r.id}/actions`, { action: 'accept' }));
        made(await eco.post(`/api/complaints/${r.id}/actions`, { action: 'resolve', note: '模糊测试已办结答复' }));
        return r;
      };
      return { cpToRate: await answered(), cpToReopen: await answered(), cpOpen: (made(await anon.post('/api/complaints/reports', report)) as { id: string }).id };
    })()),
    // 问卷调查: the demo's published survey and its binding to row 43, row 45 of 临清's plan, a draft, and a published survey to close.
    lqSurvey: await one(`SELECT id FROM surveys WHERE title = '无废城市建设公众满意度调查'`),
    lqSurveyDraft: await one(`SELECT id FROM surveys WHERE region_code = '371581' AND status = 'draft' LIMIT 1`),
    lqSurveyBinding: await one(`SELECT b.id FROM survey_bindings b JOIN indicators i ON i.id = b.indicator_id WHERE i.no = 43 AND b.ended_at IS NULL LIMIT 1`),
    lqRow45: await one(`SELECT i.id FROM indicators i JOIN indicator_plans p ON p.id = i.plan_id WHERE p.region_code = '371581' AND p.superseded_at IS NULL AND i.no = 45`),
    surveyToPublish: made(await (await client('office.linqing')).post('/api/surveys', { title: '模糊测试问卷', questions: [{ kind: 'scale', title: '满意程度', required: true }] })).id as string,
    surveyToClose: await (async () => {
      const office = await client('office.linqing');
      const id = made(await office.post('/api/surveys', { title: '模糊测试待结束问卷', questions: [{ kind: 'scale', title: '满意程度', required: true }] })).id as string;
      made(await office.post(`/api/surveys/${id}/publish`));
      return id;
    })(),
    // 企业环境信用评价: an enterprise of 临清, one of its events, a blacklist entry not lifted, a repair awaiting review, and an event 泉林纸业 may ask to repair.
    creditOrg: await orgOf('producer.demo'),
    // 我的运输: a load naming driver.demo, awaiting its pickup (a bad file must store no photo of it).
    driverLoad: await one(`SELECT m.id FROM manifests m JOIN drivers d ON d.id::text = m.data->>'driverId' JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.demo' ORDER BY m.status = 'signed_by_producer' DESC, m.created_at LIMIT 1`),
    creditEvent: await one(`SELECT e.id FROM credit_events e WHERE e.region_code LIKE '371581%' AND NOT EXISTS (SELECT 1 FROM credit_event_ends x WHERE x.event_id = e.id) ORDER BY e.recorded_at LIMIT 1`),
    creditListed: await one(`SELECT b.id FROM credit_blacklist b WHERE NOT EXISTS (SELECT 1 FROM credit_blacklist_lifts l WHERE l.entry_id = b.id) LIMIT 1`),
    creditRepair: await one(`SELECT r.id FROM credit_repairs r WHERE NOT EXISTS (SELECT 1 FROM credit_repair_decisions d WHERE d.repair_id = r.id) LIMIT 1`),
    quanlinEvent: await one(`SELECT e.id FROM credit_events e JOIN users u ON u.organisation_id = e.organisation_id WHERE u.username = 'quanlin.demo' AND e.kind = 'declaration_missing' ORDER BY e.occurred_on DESC LIMIT 1`),
  };
})();

/** Valid requests the schema alone cannot give (real ids, codes of the catalogue, the caller), one line a route. */
const f = fixtures;
const VALID: Record<string, { login?: string; path?: Record<string, string>; body?: Record<string, unknown> }> = {
  'POST /api/auth/login': { body: { username: f.resident, password: 'wufei-demo' } },
  'POST /api/auth/password': { login: 'resident.demo', body: { currentPassword: 'wufei-demo', newPassword: 'a-long-password-9' } },
  'POST /api/register/enterprise': { body: registrationBody() },
  'POST /api/register/resident': { body: { username: freshUsername('resident'), password: 'a-long-password-1', displayName: '居民', regionCode: '371581101' } },
  'POST /api/organisations': { body: { kind: 'government', name: '临清市测试局', creditCode: freshCreditCode(), regionCode: '371581' } },
  'PATCH /api/organisations/{id}': { path: { id: f.pendingOrg }, body: { contactName: '王经理' } },
  'POST /api/organisations/{id}/resubmit': { login: f.rejectedAdmin, path: { id: f.rejectedOrg } },
  'POST /api/organisations/{id}/verify': { login: 'eco.linqing', path: { id: f.pendingOrg } },
  'POST /api/organisations/{id}/reject': { login: 'eco.linqing', path: { id: f.pendingOrg }, body: { reason: '营业执照地址不符' } },
  'POST /api/organisations/{id}/licences': { login: 'receiver.demo', path: { id: f.receiverOrg }, body: { number: '鲁危证测试001', validFrom: '2025-01-01', validTo: '2030-12-31', wasteCodes: ['900-249-08'], annualCapacityT: 1000 } },
  'POST /api/organisations/{id}/licences/{licenceId}/end': { login: 'receiver.demo', path: { id: f.receiverOrg, licenceId: f.licenceToEnd }, body: { endedOn: today, reason: '主动注销' } },
  'POST /api/organisations/{id}/licences/{licenceId}/corrections': { login: 'receiver.demo', path: { id: f.receiverOrg, licenceId: f.licenceToCorrect },
    body: { number: '鲁危证模糊测试-更正', validFrom: '2025-01-01', validTo: '2030-12-31', wasteCodes: ['HW49'], annualCapacityT: 120, reason: '能力填错' } },
  'POST /api/organisations/{id}/vehicles': { login: 'transporter.demo', path: { id: f.transporterOrg }, body: { plate: '鲁P9F377', vehicleType: '罐式危险品运输车', loadT: 10 } },
  'POST /api/organisations/{id}/drivers': { login: 'transporter.demo', path: { id: f.transporterOrg }, body: { name: '李师傅', phone: '13906350009', licenceNo: '371581199001011234' } },
  'POST /api/users': { login: 'producer.demo', body: { username: freshUsername('member'), displayName: '经办人', password: 'member-password-1', role: 'enterprise_member' } },
  'PATCH /api/users/{id}': { path: { id: f.urbanUser }, body: { displayName: '执法局管理员' } },
  'POST /api/users/{id}/reset-password': { path: { id: f.urbanUser }, body: { password: 'a-long-password-2' } },
  'POST /api/tokens/{id}/revoke': { path: { id: f.tokenToRevoke } },
  'POST /api/tokens': { body: { name: '地磅', scopes: ['ledger:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } },
  'POST /api/ledger/batches': { body: { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.5 } },
  'POST /api/ledger/batches/{id}/movements': { path: { id: f.movementBatch }, body: { kind: 'store_out', quantityT: 0.1 } },
  'POST /api/manifests': { body: { ...f.manifestBase, batchIds: [f.manifestBatch] } },
  'PATCH /api/manifests/{id}': { path: { id: f.draft }, body: { data: { packaging: '铁桶' } } },
  'POST /api/manifests/{id}/sign': { path: { id: f.draft }, body: { action: 'sign_emission' } },
  'POST /api/manifests/sign-batch': { body: { ids: [f.draft], action: 'sign_emission' } },
  'POST /api/manifests/{id}/revisions': { path: { id: f.draft }, body: { changes: { packaging: '铁桶' }, reason: '更正包装' } },
  'PUT /api/plans/mine/{year}': { path: { year: String(year + 1) }, body: { tables: managementPlan } },
  'POST /api/plans/mine/{year}/submit': { path: { year: String(year + 1) } },
  'POST /api/plans/{id}/{verdict}': { login: 'eco.linqing', path: { id: f.plan, verdict: 'approve' } },
  'POST /api/declarations': { body: { periodType: 'year', period: String(year - 1) } },
  'POST /api/indicators/plans': { body: { regionCode: '371581', title: '模糊测试指标体系', headers: ['序号', '三级指标'], rows: [['1', '测试指标']], mapping: [{ index: 0, header: '序号', role: 'no' }, { index: 1, header: '三级指标', role: 'name' }] } },
  'POST /api/indicators/{id}/values': { path: { id: f.percentIndicator }, body: { regionCode: '371581', year: year - 1, value: 45 } },
  'POST /api/indicator-values/{id}/{decision}': { path: { id: f.value, decision: 'approve' } },
  'POST /api/tasks/{id}/progress': { path: { id: f.task }, body: { period: thisMonth, percent: 50, text: '按计划推进' } },
  'POST /api/tasks/notices': { body: { title: '进度通报', body: '下列任务进度滞后。', taskIds: [f.task] } },
  'POST /api/projects/{id}/progress': { login: 'office.tianqiao', path: { id: f.tianqiaoProject }, body: { period: thisMonth, text: '主体完工', investedWanYuan: 100 } },
  'POST /api/rounds': { body: { roundDate: today, vehicleId: f.collectorVehicle, driverId: f.collectorDriver, wasteCode: '841-001-01', producerIds: [f.clinicOrg] } },
  'POST /api/rounds/{id}/join': { login: 'clinic.kangzhuang', path: { id: f.round } },
  'POST /api/rounds/{id}/close': { path: { id: f.round } },
  'PUT /api/settings/{key}': { path: { key: 'medical.storage_hours' }, body: { value: 48 } },
  'POST /api/construction/projects': { body: { name: '模糊测试工程', kind: 'new', floorAreaM2: 1000, startDate: today } },
  'POST /api/construction/projects/{id}/plans': { path: { id: f.newProject }, body: f.constructionPlan },
  'POST /api/construction/plans/{id}/{verdict}': { login: 'housing.linqing', path: { id: f.submittedPlan, verdict: 'approve' } },
  'POST /api/construction/sites': { login: 'cwsite.demo', body: { name: '模糊测试消纳场', kind: 'consumption', capacityT: 1000, accepts: ['CW01'] } },
  'POST /api/manifests/construction': { body: { projectId: f.project, wasteCode: 'CW01', declaredWeightT: 15, siteId: f.dumpSite, transporterId: f.muckOrg, vehicleId: f.muckVehicle, driverId: f.muckDriver, plannedDate: today } },
  'POST /api/exchange/listings': { body: { kind: 'offer', wasteClass: 'SW02', quantity: 100 } },
  'POST /api/exchange/listings/{id}/close': { path: { id: f.listingToClose } },
  'POST /api/exchange/listings/{id}/contacts': { login: 'ashuse.demo', path: { id: f.powerListing }, body: { message: '请报价，谢谢' } },
  'POST /api/exchange/contacts/{id}/reply': { path: { id: f.contactToPower }, body: { reply: '可以供货' } },
  'POST /api/exchange/deals': { body: { supplierId: f.powerOrg, buyerId: f.ashuseOrg, wasteClass: 'SW02', quantity: 10, agreedOn: today } },
  'POST /api/bulk-storage/sites': { body: { name: '模糊测试堆场', kind: 'storage', wasteClasses: ['SW02'], designCapacityT: 1000 } },
  'POST /api/bulk-storage/sites/{id}/stock': { path: { id: f.ashYard }, body: { asOf: today, stockT: 100 } },
  'POST /api/bulk-storage/sites/{id}/close': { login: 'eco.linqing', path: { id: f.ashYard } },
  'POST /api/bulk-storage/sites/{id}/rectifications': { login: 'eco.linqing', path: { id: f.ashYard }, body: { problem: '围挡破损需要修复', foundOn: today, deadline: today } },
  'POST /api/bulk-storage/rectifications/{id}/report': { path: { id: f.openRectification }, body: { action: '已修复围挡' } },
  'POST /api/bulk-storage/rectifications/{id}/verify': { login: 'eco.linqing', path: { id: f.openRectification }, body: { verdict: 'return', note: '照片不清楚' } },
  'PATCH /api/construction/projects/{id}': { path: { id: f.project }, body: { greenBuilding: true, greenStar: 1, prefabricated: false } },
  'POST /api/registers/credentials': { body: { organisationId: f.jindingOrg, kind: 'clean_production_audit', reference: '模糊测试评估意见', issuedOn: today } },
  'POST /api/registers/credentials/{id}/end': { path: { id: f.credentialToEnd }, body: { endedOn: today, reason: '模糊测试终止' } },
  'POST /api/registers/parks': { body: { name: '模糊测试园区', level: 'county', regionCode: '371581' } },
  'POST /api/registers/parks/{id}/status': { path: { id: f.park }, body: { circularStatus: 'in_progress', circularStartedOn: today } },
  'POST /api/registers/cells': { login: 'office.linqing', body: { name: '模糊测试细胞', kind: 'school', regionCode: '371581', namedOn: today } },
  'POST /api/registers/cells/{id}/end': { login: 'office.linqing', path: { id: f.cellToEnd }, body: { endedOn: today, reason: '模糊测试摘牌' } },
  'POST /api/registers/checks': { body: { organisationId: f.producerOrg, checkedOn: today, passed: true, score: 90 } },
  'POST /api/telemetry/positions': { body: { points: [{ plate: '鲁P3A721', at: new Date(Date.now() - 60_000).toISOString(), longitude: 115.7, latitude: 36.8 }] } },
  'POST /api/webhooks': { body: { url: 'http://93.184.216.34/hook', events: ['manifest.signed'] } },
  'DELETE /api/webhooks/{id}': { path: { id: f.webhookToDelete } },
  'POST /api/webhooks/{id}/enable': { path: { id: f.webhookToSwitch } },
  'POST /api/webhooks/{id}/disable': { path: { id: f.webhookToSwitch } },
  'POST /api/webhooks/{id}/ping': { path: { id: f.webhookToSwitch } },
  'POST /api/household/places': { body: { regionCode: '371581101', kind: 'community', name: '模糊测试新小区', address: '新华路1号', longitude: 115.7, latitude: 36.84, status: f.householdStatus } },
  'POST /api/household/places/{id}/status': { path: { id: f.community }, body: { ...f.householdStatus, asOf: today, sortedTreatment: true, note: '焚烧厂投运' } },
  'POST /api/household/facilities': { body: { regionCode: '371581', kind: 'kitchen_plant', name: '模糊测试厨余垃圾处理厂', capacityTPerDay: 100, classes: ['kitchen'], opensAt: '06:00', closesAt: '18:00', operatorId: f.wteOrg } },
  'POST /api/household/vehicles': { body: { plate: f.spareTruck, wasteClass: 'kitchen', tareT: 8.5 } },
  'POST /api/household/routes': { body: { regionCode: '371581', name: '模糊测试新线路', kind: 'urban', wasteClass: 'other', plates: [f.truck], facilityIds: [f.plant], stops: [{ name: '模糊测试小区', placeId: f.community }] } },
  'POST /api/household/tickets': { body: f.weighed('FZ-HAND-1') },
  'POST /api/green/households': { login: 'housing.linqing', body: { placeId: f.greenPlace, address: '运河花园模糊测试1号', cardNo: 'FZ000001' } },
  'POST /api/green/deliveries': { body: { facilityId: f.greenPoint, cardNo: f.greenCard, wasteClass: 'recyclable', weightKg: 2.5, grade: 'A' } },
  'POST /api/green/deliveries/{id}/grade': { path: { id: f.ungraded }, body: { grade: 'B' } },
  'POST /api/green/redemptions': { body: { facilityId: f.greenPoint, cardNo: f.greenCard, goods: '垃圾袋（1卷）', quantity: 1, points: 1 } },
  'POST /api/smart-bins/deliveries': { body: { deliveries: [{ facilityId: f.greenPoint, cardNo: f.greenCard, wasteClass: 'kitchen', weightKg: 1.3, grade: 'A', binRef: 'FZ-BIN-1' }] } },
  'POST /api/weighbridge/tickets': { body: { tickets: [f.weighed('FZ-WB-1'), f.weighed('FZ-WB-2')] } },
  'POST /api/kitchen/contracts': { body: { producerKind: 'restaurant', collectorId: f.kwCollectorOrg, contractNo: 'JYCC-模糊测试', validFrom: today, validTo: '2030-12-31', dailyKg: 180 } },
  // Pesticide packaging and farm inputs (issue 16).
  'POST /api/pesticide/sales': { body: { soldOn: today, productName: '1.8%阿维菌素乳油', registrationNo: 'PD20080563', activeIngredient: '阿维菌素', contentPct: 1.8, packageType: 'bottle', packageMaterial: 'plastic', packageSize: '100毫升', packageCount: 10, productKg: 1, packageWeightG: 25 } },
  'POST /api/pesticide/returns': { body: { returnedOn: today, bottleCount: 2, bagCount: 1, drumCount: 0, weightKg: 0.1 } },
  'POST /api/pesticide/receipts': { login: 'agstation.demo', body: { receivedOn: today, sourceKind: 'farmer', farmerName: '模糊测试农户', bottleCount: 3, bagCount: 2, drumCount: 1, weightKg: 0.4 } },
  'POST /api/pesticide/utilisers': { login: 'agri.linqing', body: { organisationId: f.pesticideUtiliser, action: 'designate', decisionNo: '临农发〔2026〕模糊测试' } },
  'POST /api/farm-inputs/fertiliser-sales': { body: { soldOn: today, productName: '尿素', nPct: 46, p2o5Pct: 0, k2oPct: 0, productKg: 500 } },
  // 再生资源预约回收
  'POST /api/recycling/bookings': { body: { placeId: f.rbPlace, address: '运河花园2号楼', slotDate: tomorrow, slot: 'afternoon', payment: 'cash', items: [{ category: 'paper', estimatedKg: 6 }] } },
  'POST /api/recycling/bookings/{id}/cancel': { path: { id: f.rbOwnPending }, body: { reason: '模糊测试' } },
  'POST /api/recycling/bookings/{id}/confirm': { path: { id: f.rbAwaiting }, body: {} },
  'POST /api/recycling/bookings/{id}/rate': { path: { id: f.rbDoneUnrated }, body: { stars: 4, comment: '模糊测试' } },
  'POST /api/complaints/reports': { login: 'anonymous', body: { category: 'burning', regionCode: '371581002', location: { lon: 115.72, lat: 36.83 }, address: '模糊测试路', description: '模糊测试焚烧冒烟' } },
  'POST /api/complaints/follow/rate': { login: 'anonymous', body: { no: f.cpToRate.complaintNo, code: f.cpToRate.followCode, stars: 4, comment: '模糊测试' } },
  'POST /api/complaints/follow/reopen': { login: 'anonymous', body: { no: f.cpToReopen.complaintNo, code: f.cpToReopen.followCode, reason: '模糊测试不满意' } },
  'POST /api/complaints/{id}/actions': { path: { id: f.cpOpen }, body: { action: 'accept' } },
  'PUT /api/complaints/routes': { login: 'office.linqing', body: { items: [{ category: 'other', domain: null }] } },
  'PUT /api/work-calendar': { login: 'office.linqing', body: { year: 2030, days: [{ day: '2030-01-01', kind: 'holiday', note: '元旦' }] } },
  'POST /api/recycling/bookings/{id}/accept': { login: 'recycler.demo', path: { id: f.rbPending }, body: {} },
  'POST /api/recycling/bookings/{id}/dispatch': { login: 'recycler.demo', path: { id: f.rbAccepted }, body: { collectorId: f.rbCollector } },
  'POST /api/recycling/bookings/{id}/progress': { login: 'rrcollector.demo', path: { id: f.rbDispatched }, body: { step: 'on_way' } },
  'POST /api/recycling/bookings/{id}/record': { login: 'rrcollector.demo', path: { id: f.rbVisiting }, body: { stationId: f.rbStation, lines: [{ category: 'paper', weightKg: 7.5 }] } },
  'POST /api/recycling/collectors': { login: 'recycler.demo', body: { name: '模糊测试', phone: '13800000001', idNo: '371581199001011234', filingNo: 'LQSW-FUZZ-0001' } },
  'POST /api/recycling/price-lists': { login: 'recycler.demo', body: { prices: [{ category: 'paper', unit: 'kg', priceYuan: 1.2 }] } },
  // 病死畜禽 (carcass)
  'POST /api/carcass/reports': { body: { species: 'pig', head: 2, weightKg: 150, cause: 'non_disease', diedOn: today, location: '模糊测试暂存间' } },
  'POST /api/carcass/reports/{id}/cancel': { path: { id: f.carcassPiglets }, body: { reason: '模糊测试：误报' } },
  'POST /api/carcass/rounds': { login: 'carcass.demo', body: { roundDate: today, vehicleId: f.carcassVehicle, driverId: f.carcassDriver, reportIds: [f.carcassLate] } },
  'POST /api/carcass/pickups': { login: 'driver.carcass', body: { manifestId: f.carcassWaitingStop, head: 120, weightKg: 205, handedOverBy: '和顺防疫员' } },
  'POST /api/carcass/treatments': { login: 'carcass.demo', body: { manifestId: f.carcassOnRoad, receivedWeightKg: 230, receivedHead: 3, method: 'rendering', treatedOn: today } },
  'POST /api/statistics': { body: { regionCode: '371581', year: 2005, key: 'cattle_stock', value: 31_200, source: '临清市统计年鉴（2006）' } },
  'POST /api/straw/seasons': { body: { regionCode: '371581101', year: year - 1, harvest: 'autumn', crop: 'soybean', sownMu: 100, yieldT: 20, uses: { fieldReturnT: 10, fertiliserT: 0, feedT: 0, fuelT: 0, substrateT: 0, materialT: 0 }, entities: [] } },
  'POST /api/straw/coefficients': { login: 'agri.linqing', body: { regionCode: '371581', crop: 'peanut', grainRatio: 0.8, collectableShare: 0.85, source: '模糊测试：参考值' } },
  'POST /api/film/records': { body: { day: today, filmType: 'greenhouse', thicknessMm: 0.08, tonnes: 1 } },
  // this month's manure (the demo's ledgers end last month) and next year's register entry.
  'POST /api/livestock/manure': { body: { year, month: Number(thisMonth.slice(5, 7)), basis: 'coefficient', fieldT: 120.5, fieldAreaMu: 48, biogasT: 30, soldT: 0 } },
  // 再生资源 (issue 17): a month that is over; the city bureau reminds; mall.demo sends its returned application again.
  'POST /api/recycling/reports': { body: { month: `${year - 1}-12`, lines: [{ taskId: f.recyclingTask, percent: 50, text: '模糊测试进展' }] } },
  'POST /api/recycling/reports/reminders': { login: 'commerce.liaocheng', body: { regionCode: '371525', months: [`${year - 1}-12`] } },
  'POST /api/recycling/reports/notices': { login: 'commerce.liaocheng', body: { regionCode: '371525', months: [`${year - 1}-12`] } },
  'POST /api/cells/applications': { login: 'mall.demo', body: { kind: 'mall', criteria: CELL_KINDS[0].checklist.map((c) => ({ key: c.key, description: '模糊测试整改', evidence: [{ name: '整改照片.jpg' }] })) } },
  // 无废细胞 of every kind (issue 18): the office sets a checklist; 临清's commerce bureau steps 银座 on; ecology answers
  // the demo's objection to 鲁西水泥; a visitor objects to 温泉社区 in notice.
  'POST /api/cells/checklists': { login: 'office.linqing', body: { kind: 'school', passScore: 60, noticeDays: 5, criteria: [{ key: 'sorting', zh: '校园垃圾分类', maxScore: 100, evidenceRequired: true }] } },
  'POST /api/cells/{id}/acceptance': { path: { id: f.yinzuoCell }, body: { note: '模糊测试受理' } },
  'POST /api/cells/{id}/notice': { path: { id: f.yinzuoCell }, body: { startOn: today } },
  'POST /api/cells/{id}/refusal': { path: { id: f.yinzuoCell }, body: { reasons: '模糊测试不予命名' } },
  'POST /api/cells/{id}/revocation': { path: { id: f.yinzuoCell }, body: { reasons: '模糊测试摘牌', endedOn: today } },
  'POST /api/cells/{id}/objections/{objectionId}/answer': { login: 'eco.linqing', path: { id: f.cementCell, objectionId: f.cementObjection }, body: { outcome: 'dismissed', reply: '模糊测试答复' } },
  'POST /api/public/cells/{id}/objections': { login: 'anonymous', path: { id: f.wenquanCell }, body: { reason: '模糊测试异议理由', contact: '13800000000' } },
  'POST /api/cells/{id}/checks': { path: { id: f.yinzuoCell }, body: { checkedOn: today, findings: CELL_KINDS[0].checklist.map((c) => ({ key: c.key, pass: true, note: '' })) } },
  'POST /api/cells/{id}/approval': { path: { id: f.yinzuoCell }, body: { decidedOn: today } },
  'POST /api/cells/{id}/return': { path: { id: f.yinzuoCell } },
  // 信息公开 (issue 18)
  'POST /api/portal/articles': { body: { regionCode: '371581', kind: 'news', title: '模糊测试稿件', issuer: '临清市无废办', body: '模糊测试正文' } },
  'PATCH /api/portal/articles/{id}': { path: { id: f.lqDraft }, body: { kind: 'news', issuer: '临清市无废办', summary: '模糊测试摘要' } },
  'POST /api/portal/articles/{id}/publish': { path: { id: f.lqDraft } },
  'POST /api/portal/articles/{id}/withdraw': { path: { id: f.lqNews }, body: { reason: '模糊测试撤回' } },
  'POST /api/portal/datasets': { body: { regionCode: '371581004', dataset: 'indicators', publisher: '模糊测试发布单位', licence: 'CC-BY-4.0', keywords: ['无废城市'] } },
  'POST /api/portal/datasets/{id}/withdraw': { path: { id: f.lqDataset }, body: { reason: '模糊测试撤回' } },
  // 再生资源
  'POST /api/recycling/intake': { body: { receivedOn: today, category: 'paper', weightKg: 35.5, source: 'walk_in', unitPriceYuan: 1.2 } },
  'POST /api/recycling/ewaste/dismantling': { login: 'dismantler.demo', body: { unitId: f.rrUndismantled, dismantledOn: today, line: '模糊测试拆解线' } },
  'POST /api/recycling/sites': { login: 'recycler.demo', body: { organisationId: f.rrStation1, kind: 'station', servedPlaceIds: [], servedTownCodes: ['371581001'] } },
  'PUT /api/surveys/{id}': { path: { id: f.lqSurveyDraft }, body: { title: '模糊测试草稿', questions: [{ kind: 'single', title: '是否了解', required: true, options: ['了解', '不了解'] }] } },
  'POST /api/surveys': { body: { title: '模糊测试问卷', questions: [{ kind: 'multiple', title: '参与过哪些', required: false, maxChoices: 2, options: ['分类', '回收', '没有'] }] } },
  'POST /api/surveys/{id}/publish': { path: { id: f.surveyToPublish } },
  'POST /api/surveys/{id}/close': { path: { id: f.surveyToClose } },
  'POST /api/surveys/{id}/copy': { path: { id: f.lqSurvey } },
  'POST /api/surveys/{id}/bindings': { path: { id: f.lqSurvey }, body: { questionKey: 'q6', indicatorId: f.lqRow45, rule: { kind: 'scale_at_least', min: 4 } } },
  'POST /api/surveys/{id}/bindings/{bindingId}/end': { path: { id: f.lqSurvey, bindingId: f.lqSurveyBinding } },
  'POST /api/public/surveys/{id}/answers': { path: { id: f.lqSurvey }, body: { answers: ['371581109', 'o2', 'o2', ['o1'], ['o1'], 5, 4, null] } },
  'POST /api/inspections/risk-listings': { body: { organisationId: f.producerOrg, level: 'key', reason: '模糊测试列入', listedOn: today } },
  'POST /api/inspections/pools': { body: { kind: 'enterprise', name: '模糊测试名录库', unitKinds: ['hazardous_producer'], risk: 'any' } },
  'POST /api/inspections/draws': { body: { title: '模糊测试抽取', enterprisePoolId: f.keyPool, inspectorPoolId: f.officerPool, enterpriseCount: 1, inspectorsPerEnterprise: 2 } },
  'POST /api/inspections': { body: { drawId: f.fuzzDrawId, organisationId: f.fuzzDrawUnit, inspectedOn: today, items: CHECKLIST.map((c) => ({ key: c.key, result: 'conform' })) } },
  'POST /api/cases': { body: { caseNo: '模糊测试案件编号', title: '模糊测试案件', facts: '模糊测试事实', source: { kind: 'other' }, partyName: '模糊测试当事人', solidWaste: true, openedOn: today } },
  'POST /api/cases/{id}/steps': { path: { id: f.lqCase }, body: { kind: 'investigation', on: today, note: '模糊测试调查' } },
  // 企业环境信用评价 (issue 18)
  'POST /api/geo/outlines': { login: 'office.linqing', body: { type: 'FeatureCollection', source: '模糊测试来源', licence: '模糊测试许可', approximate: false, features: [{ type: 'Feature', properties: { adcode: '371581113' },
    geometry: { type: 'Polygon', coordinates: [[[115.63, 36.69], [115.65, 36.69], [115.65, 36.71], [115.63, 36.71], [115.63, 36.69]]] } }] } },
  'POST /api/credit/events': { body: { organisationId: f.creditOrg, kind: 'penalty', points: -5, reason: '模糊测试处罚事由', occurredOn: today, decisionNo: '模糊测试〔2026〕1号', legalBasis: '模糊测试法律依据', validUntil: null } },
  'POST /api/credit/events/{id}/correction': { path: { id: f.creditEvent }, body: { reason: '模糊测试更正' } },
  'POST /api/credit/blacklist': { body: { organisationId: f.creditOrg, reason: '模糊测试列入', decisionNo: '模糊测试〔2026〕2号', listedFrom: today, listedUntil: null } },
  'POST /api/credit/blacklist/{id}/lift': { path: { id: f.creditListed }, body: { liftedOn: today, reason: '模糊测试移出' } },
  'POST /api/credit/repairs': { login: 'quanlin.demo', body: { eventId: f.quanlinEvent, rectification: '模糊测试整改', evidence: '模糊测试材料' } },
  'POST /api/credit/repairs/{id}/decision': { path: { id: f.creditRepair }, body: { decision: 'rejected', reason: '模糊测试意见' } },
  'POST /api/credit/ratings': { body: { year: year - 1, regionCode: '371581' } },
  'POST /api/livestock/farm-years': { body: { year: year + 1, species: 'pig', stockHead: 2400, soldHead: 4800, storageM3: 5200, dryYardM2: 800, covered: true, rainSeparated: true, facilityKind: 'biogas' } },
};

/** The valid request of a route: derived from its schemas, with the table's values on top. */
function validRequest(op: Operation): FuzzRequest {
  const known = VALID[op.key];
  const path = Object.fromEntries(op.pathParams.map((p) => [p.name, known?.path?.[p.name] ?? String(exampleOf(p.schema, p.name))]));
  const query = Object.fromEntries(op.queryParams.filter((p) => p.required).map((p) => [p.name, String(exampleOf(p.schema, p.name))]));
  const body = op.body ? { ...(exampleOf(op.body) as object), ...known?.body } : undefined;
  return { path, query, body };
}
const loginFor = (op: Operation) => VALID[op.key]?.login ?? LOGIN_BY_TAG[op.tags[0]] ?? 'admin';

// ---- The run ----

let requests = 0;
const covered: string[] = [];
const routeSeconds = new Map<string, number>();
const baseAnswers: string[] = [];
const fuzzed = operations.filter((op) => !(op.key in SKIP));

afterAll(async () => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const untouched = Object.keys(SKIP).filter((key) => !covered.includes(key));
  console.log(`fuzz: ${requests} requests to ${covered.length} of ${operations.length} write routes in ${seconds} s (${fuzzed.length} from their JSON schemas, ${UPLOADS.length} uploads with bad files; not fuzzed: ${untouched.join(', ')})`);
  console.log(`fuzz: valid requests answered ${baseAnswers.join(', ')}`);
  console.log(`fuzz: slowest routes ${[...routeSeconds].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([key, s]) => `${key} ${s.toFixed(1)} s`).join(', ')}`);
  await t.close();
});

it('reads the write routes from the OpenAPI document, and skips only routes that exist', () => {
  expect(fuzzed.length).toBeGreaterThan(50);
  expect(Object.keys(SKIP).filter((key) => !operations.some((op) => op.key === key))).toEqual([]);
  expect(Object.keys(VALID).filter((key) => !operations.some((op) => op.key === key))).toEqual([]);
});

describe.each(fuzzed.map((op) => [op.key, op] as const))('%s', (_key, op) => {
  it('refuses bad input with a 4xx in the error shape, and writes nothing', async () => {
    const start = Date.now();
    const login = loginFor(op);
    if (login !== 'anonymous' && !login.startsWith('token:')) await client(login); // logged in before the counts: a login writes a session and an audit row
    const base = validRequest(op);
    const problems: string[] = [];
    if (op.body) expect(violates(op.body, base.body), `the valid body breaks its own schema: ${JSON.stringify(base.body)}`).toBe(false);
    const mutations = mutationsOf(op, base, CAPS);
    expect(mutations.length, 'a route with nothing to fuzz belongs on the skip list').toBeGreaterThan(0);
    const run = async (list: Mutation[]) => inPool(list, WIDTH, async (m) => {
      const res = await send(login, op.method, urlOf(op, m.request), op.body ? m.request.body : undefined);
      requests++;
      const problem = answerProblem(res, m.refuse);
      if (problem) problems.push(`${m.where} ← ${m.label}: ${problem}`);
      return res.statusCode;
    });
    const written = (a: Snapshot, b: Snapshot, what: string) => changes(a, b, new Set(IGNORED_TABLES.keys())).map((c) => `${what} wrote: ${c}`);

    // Requests that must be refused, then the rest (text a field may hold); the row counts after each group.
    const before = await snapshot(db);
    await run(mutations.filter((m) => m.refuse));
    const middle = await snapshot(db);
    problems.push(...written(before, middle, 'refused requests'));
    const lenient = await run(mutations.filter((m) => !m.refuse));
    if (lenient.every((status) => status >= 400)) problems.push(...written(middle, await snapshot(db), 'refused requests'));

    // The valid request last: it shows the caller reached the route's service, not just its login check.
    const answer = await send(login, op.method, urlOf(op, base), op.body ? base.body : undefined);
    requests++;
    const code = answer.statusCode >= 400 ? ` ${answer.body.match(/"code":"([^"]*)"/)?.[1] ?? ''}` : '';
    baseAnswers.push(`${op.key} ${answer.statusCode}${code}`);
    if (answer.statusCode >= 500) problems.push(`the valid request: ${answer.statusCode} ${answer.body.slice(0, 160)}`);
    if (answer.statusCode === 401 || answer.statusCode === 403) problems.push(`the valid request was refused to ${login} (${answer.statusCode}${code}): call it as someone who may`);
    covered.push(op.key);
    routeSeconds.set(op.key, (Date.now() - start) / 1000);
    expect(problems).toEqual([]);
  });
});

// ---- File uploads: a few bad files each (the skip list's multipart routes) ----

/** The upload routes, who may use them, and the form fields a good upload would carry besides the file. */
const UPLOADS: { key: string; login: string; url: () => string; fields?: Record<string, string> }[] = [
  { key: 'POST /api/regions/import', login: 'admin', url: () => '/api/regions/import' },
  { key: 'POST /api/catalogues/{catalogue}/import', login: 'admin', url: () => '/api/catalogues/hazardous/import', fields: { label: '模糊测试版' } },
  { key: 'POST /api/indicators/preview', login: 'office.linqing', url: () => '/api/indicators/preview' },
  { key: 'POST /api/indicators/plans/{id}/values/import', login: 'office.linqing', url: () => `/api/indicators/plans/${f.indicatorPlan}/values/import` },
  { key: 'POST /api/tasks/import', login: 'office.linqing', url: () => '/api/tasks/import', fields: { list: '模糊测试清单' } },
  { key: 'POST /api/projects/import', login: 'office.linqing', url: () => '/api/projects/import' },
  { key: 'POST /api/declarations/industrial/preview', login: 'power.demo', url: () => '/api/declarations/industrial/preview', fields: { period: lastMonth } },
  { key: 'POST /api/declarations/industrial/confirm', login: 'power.demo', url: () => '/api/declarations/industrial/confirm', fields: { period: lastMonth } },
  { key: 'POST /api/statistics/preview', login: 'stats.linqing', url: () => '/api/statistics/preview', fields: { year: String(year - 1) } },
  { key: 'POST /api/statistics/confirm', login: 'stats.linqing', url: () => '/api/statistics/confirm', fields: { year: String(year - 1) } },
  { key: 'POST /api/household/places/import', login: 'housing.linqing', url: () => '/api/household/places/import?confirm=true' },
  { key: 'POST /api/household/facilities/{id}/tickets/import', login: 'housing.linqing', url: () => `/api/household/facilities/${f.householdFacility}/tickets/import?confirm=true` },
  { key: 'POST /api/straw/import', login: 'agri.songlin', url: () => `/api/straw/import?year=${year - 1}&harvest=autumn&confirm=true` },
  // 信访投诉举报 (issue 18): a citizen's photo; none of the bad files is an image.
  { key: 'POST /api/complaints/photos', login: 'resident.demo', url: () => '/api/complaints/photos' },
  // 我的运输 (issue 20): a photo for a load of driver.demo's that waits for its pickup.
  { key: 'POST /api/manifests/{id}/photos', login: 'driver.demo', url: () => `/api/manifests/${f.driverLoad}/photos` },
];
const csv = (text: string): UploadFile => ({ filename: 'fuzz.csv', content: text, contentType: 'text/csv' });
/**
 * Bad files: none at all, empty, not a spreadsheet, a spreadsheet in name only, and sheets of control
 * characters, text attacks and impossible values. A preview may answer 200 (it saves nothing); an
 * import must save none of them: the row counts tell.
 */
const BAD_FILES: [string, UploadFile | undefined][] = [
  ['no file', undefined],
  ['an empty .csv', csv('')],
  ['an .exe', { filename: 'fuzz.exe', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00]) }],
  ['random bytes named .xlsx', { filename: 'fuzz.xlsx', content: Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 7919) % 256)) }],
  ['a zip that is no workbook, named .xlsx', { filename: 'fuzz.xlsx', content: Buffer.from('PK\u0003\u0004' + 'x'.repeat(200), 'binary') }],
  ['a .csv of control characters', csv('序号,代码,名称,区划代码,年份,数值\n1,a\u0000b,\u0007\u001b[31m,371581,2025,1\n')],
  ['a .csv of text attacks', csv(`序号,代码,名称,三级指标,区划代码,年份,数值,项目名称,任务名称\n{{7*7}},' OR 1=1 --,<script>alert(1)</script>,=cmd|' /C calc'!A0,../../etc/passwd,%00,\ud800,=HYPERLINK("x"),@SUM(1)\n`)],
  ['a .csv of impossible values', csv('序号,代码,名称,三级指标,区划代码,年份,月份,数值,分子,分母,项目名称,总投资（万元）\n-1,999999,x,x,999999,1900,13,1e308,-0,0,x,-12345678901234567890\n1.5,3715819,y,y,371599,2099,0,NaN,１２３,"12,345.6",y,0.0000001\n')],
  ['a .csv of 20,000 rows', csv(`序号,代码,名称\n${'0,99,x\n'.repeat(20_000)}`)],
];

describe.each(UPLOADS.map((u) => [u.key, u] as const))('%s', (_key, upload) => {
  it('answers bad files without a 5xx, in the error shape, and saves none of them', async () => {
    const problems: string[] = [];
    const caller = await client(upload.login);
    const before = await snapshot(db);
    for (const [what, file] of BAD_FILES) {
      const { payload, headers } = multipart(upload.fields ?? {}, file);
      const res = await caller.request('POST', upload.url(), payload, headers);
      requests++;
      const problem = answerProblem(res, false);
      if (problem) problems.push(`${what}: ${problem}`);
    }
    problems.push(...changes(before, await snapshot(db), new Set(IGNORED_TABLES.keys())).map((c) => `bad files wrote: ${c}`));
    covered.push(upload.key);
    expect(problems).toEqual([]);
  });
});

it('tries bad files on every upload route of the skip list', () => {
  const uploadsSkipped = Object.entries(SKIP).filter(([, why]) => why.startsWith('multipart')).map(([key]) => key);
  expect(UPLOADS.map((u) => u.key).sort()).toEqual(uploadsSkipped.sort());
});
