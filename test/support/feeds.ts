import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client, type TestApp } from './app';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';
import { shanghaiDate, shanghaiYear } from '../../src/domain/labels';

// The isolation suite's world: the demo city plus one load on the road of each kind of waste (a
// hazardous load, a medical one on a collection round, a general industrial one and a construction
// load in 临清, a construction load in 天桥区), with what is still in store, a management plan, GPS
// positions, receipt alarms, a notice, a setting, a token and a webhook, all made through the API
// as the companies and officials would. Each record is a marker: a string (a manifest number, an
// id, a name) that appears in an answer that shows the record, and in no other (batch numbers
// repeat across companies, so batches are known by their ids).

/** The demo logins the suite calls as, by a short name. */
export const LOGINS = {
  admin: 'admin',
  office: 'office.linqing',
  eco: 'eco.linqing',
  urban: 'urban.linqing',
  housing: 'housing.linqing',
  health: 'health.linqing',
  guanxian: 'eco.guanxian',
  tianqiao: 'office.tianqiao',
  producer: 'producer.demo',
  transporter: 'transporter.demo',
  driver: 'driver.demo',
  receiver: 'receiver.demo',
  clinic: 'clinic.kangzhuang',
  collector: 'collector.demo',
  driverMed: 'driver.med',
  site: 'site.demo',
  muck: 'muck.demo',
  driverMuck: 'driver.muck',
  cwsite: 'cwsite.demo',
  power: 'power.demo',
  ashuse: 'ashuse.demo',
  siteTianqiao: 'site.tianqiao',
  cwTianqiao: 'cw.tianqiao',
  stats: 'stats.linqing',
  wte: 'wte.demo',
  // 绿色账户: the community station's collector, and a resident with a household.
  station: 'station.demo',
  resident: 'resident.demo',
  // 餐厨垃圾: a restaurant under contract, its collector, the kitchen-waste plant's weighing office.
  restaurant: 'restaurant.demo',
  kwCollector: 'kwcollector.demo',
  kwPlant: 'kwplant.demo',
  // 农业固体废物 (issue 16): the agriculture bureau and 松林镇's station; 松林镇's dealer, collection station and pig
  // farm; the film recycler (the designated utiliser of pesticide packaging), the organic-fertiliser plant, the
  // dead-livestock plant and its driver.
  agri: 'agri.linqing',
  songlin: 'agri.songlin',
  dealer: 'dealer.demo',
  agstation: 'agstation.demo',
  farm: 'farm.demo',
  filmRecycler: 'filmrecycler.demo',
  fertPlant: 'fertplant.demo',
  carcassPlant: 'carcass.demo',
  carcassDriver: 'driver.carcass',
  // 再生资源 (issue 17): the commerce bureau, 运河花园's station clerk, the recycling company and the e-waste dismantler.
  commerce: 'commerce.linqing',
  rrStation: 'rrstation.demo',
  recycler: 'recycler.demo',
  dismantler: 'dismantler.demo',
} as const;
export type Who = keyof typeof LOGINS;

export interface Marker { label: string; text: string }

/** What each marker is, for the test names (known before the world is built). */
export const LABELS = {
  haz: '临清 hazardous load',
  med: '临清 medical load',
  ind: '临清 industrial load',
  con: '临清 construction load',
  tq: '天桥 construction load',
  hazId: '临清 hazardous load',
  medId: '临清 medical load',
  indId: '临清 industrial load',
  conId: '临清 construction load',
  tqId: '天桥 construction load',
  hazStore: '恒通’s batch in store',
  medStore: 'the clinic’s bag in store',
  indStore: '华能’s gypsum in store',
  hazStoreId: '恒通’s batch in store',
  medStoreId: 'the clinic’s bag in store',
  indStoreId: '华能’s gypsum in store',
  hazPlan: '恒通’s management plan',
  round: 'the medical round',
  hazAlarm: 'the hazardous receipt alarm',
  medAlarm: 'the medical receipt alarm',
  indAlarm: 'the industrial receipt alarm',
  conAlarm: 'the 临清 construction receipt alarm',
  tqAlarm: 'the 天桥 construction receipt alarm',
  conProject: '临清’s construction project',
  tqProject: '天桥’s construction project',
  lqSite: '临清’s consumption site',
  tqSite: '天桥’s consumption site',
  lqWasteListing: '临清’s fly-ash offer',
  lqProductListing: '临清’s recycled-aggregate offer',
  gxListing: '冠县’s slag offer',
  tqListing: '天桥’s recycled-aggregate offer',
  lqContact: 'a message on a 临清 listing',
  lqWasteDeal: 'a 临清 fly-ash deal',
  lqProductDeal: 'a 临清 recycled-aggregate deal',
  tqDeal: '天桥’s deal',
  lqBulk: '临清’s storage site',
  gxBulk: '冠县’s storage site',
  lqIndicators: '临清’s indicator plan',
  tqIndicators: '天桥’s indicator plan',
  lqComputed: '临清’s 城镇污水污泥无害化处置率 (computed)',
  lqTask: 'a 临清 task',
  tqTask: 'a 天桥 task',
  lqTaskTitle: 'a task of 临清’s plan',
  tqTaskTitle: 'a task of 天桥’s plan',
  tqProjectList: 'a 天桥 project',
  notice: 'the office’s notice',
  hook: '安运’s webhook',
  token: '安运’s GPS token',
  hengtong: '恒通 (临清)',
  hengtongId: '恒通’s register entry',
  lvyuan: '绿源 (临清, licensed)',
  medwaste: 'the medical-waste centre (临清, licensed)',
  kangzhuang: '康庄镇卫生院 (临清)',
  guanxianOrg: '冠县清泉汽车修理厂',
  tianqiaoOrg: '天桥城市建设 (天桥)',
  muckCompany: '临清’s muck hauler',
  ecoUser: 'the user eco.linqing',
  guanxianUser: 'the user eco.guanxian',
  tianqiaoUser: 'the user office.tianqiao',
  producerUser: 'the user producer.demo',
  transporterUser: 'the user transporter.demo',
  powerCredit: '华能’s credit code',
  hengtongCredit: '恒通’s credit code',
  hazStoreNo: '恒通’s batch in store (its number)',
  lqCredential: '恒通’s 清洁生产审核 (临清)',
  gxCredential: '冠华板材’s 清洁生产审核 (冠县)',
  lqCheck: 'a check of 恒通 (临清)',
  gxCheck: 'a check of 冠华板材 (冠县)',
  lqPark: '临清经济开发区',
  tqPark: '天桥区桑梓店工业园',
  lqCell: 'a zero-waste cell of 临清',
  tqCell: 'a zero-waste cell of 天桥区',
} as const;


export interface World {
  as: Record<Who, Client>;
  m: Record<string, Marker>;
  /** Ids the table builds URLs from. */
  id: Record<string, string>;
  year: number;
  month: string;
}

const today = () => shanghaiDate(new Date());

async function one<T>(t: TestApp, query: ReturnType<typeof sql>): Promise<T> {
  const rows = (await t.database.db.execute(query)).rows as T[];
  if (!rows.length) throw new Error('fixture lookup found nothing');
  return rows[0];
}

function ok(res: LightMyRequestResponse, what: string, status = [200, 201]) {
  if (!status.includes(res.statusCode)) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const batchBody = (wasteCode: string, quantityT: number, extra: Record<string, unknown> = {}) =>
  ({ wasteCode, physicalForm: '固态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT, ...extra });

/** Builds the world on a fresh copy of the demo city. */
export async function buildWorld(t: TestApp): Promise<World> {
  const entries = await Promise.all(Object.entries(LOGINS).map(async ([who, username]) => [who, await Client.login(t.app, username)] as const));
  const as = Object.fromEntries(entries) as Record<Who, Client>;
  const creditOf = async (name: string) => (await one<{ credit_code: string }>(t, sql`SELECT credit_code FROM organisations WHERE name = ${name}`)).credit_code;
  const orgId = async (name: string) => (await one<{ id: string }>(t, sql`SELECT id FROM organisations WHERE name = ${name}`)).id;
  const id: Record<string, string> = {};
  const m: Record<string, Marker> = {};
  const year = shanghaiYear();

  // 临清, hazardous (not medical): 恒通 → 绿源 by 安运, on the road; and a batch still in 恒通's store.
  id.lvyuan = await orgId('临清市绿源环保科技有限公司');
  const hazBatch = ok(await as.producer.post('/api/ledger/batches', batchBody('900-249-08', 1.2)), 'hazardous batch');
  const anyun = ok(await as.producer.get('/api/manifests/transporters?q=安运'), 'transporters').items[0];
  const haz = ok(await as.producer.post('/api/manifests', {
    batchIds: [hazBatch.id], receiverId: id.lvyuan, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id,
    driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today(), dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉、围堰',
  }), 'hazardous manifest');
  ok(await as.producer.post(`/api/manifests/${haz.id}/sign`, { action: 'sign_emission' }), 'hazardous emission');
  const hazOnRoad = ok(await as.driver.post(`/api/manifests/${haz.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 1.2, origin: '松林镇', destination: '唐园镇' } }), 'hazardous pickup');
  const hazStore = ok(await as.producer.post('/api/ledger/batches', batchBody('900-041-49', 0.4)), 'hazardous store batch');
  const plan = ok(await as.producer.put(`/api/plans/mine/${year}`, {
    ownFacility: false,
    tables: { A2: [{ name: '1号危废暂存间', area: 60 }], A3: [{ wasteCode: '900-249-08', expectedT: 30, physicalForm: '液态' }], A4: [{ facility: '1号危废暂存间', capacityT: 50 }],
      A5: [{ note: '无自行利用处置' }], A6: { measures: '切削液循环使用' }, A7: [{ wasteCode: '900-249-08', expectedT: 30, receiver: '临清市绿源环保科技有限公司' }] },
  }), 'management plan');
  ok(await as.producer.post(`/api/plans/mine/${year}/submit`), 'plan submission');

  // 临清, medical: a round of the licensed collector stopping at 康庄镇卫生院, whose load is on the road; and a bag still at the clinic.
  const medFleet = ok(await as.collector.get('/api/manifests/transporters?q=医疗废物收集'), 'collector fleet').items[0];
  const kangzhuang = await orgId('临清市康庄镇卫生院');
  const round = ok(await as.collector.post('/api/rounds', { roundDate: today(), wasteCode: '841-001-01', vehicleId: medFleet.vehicles[0].id, driverId: medFleet.drivers[0].id, producerIds: [kangzhuang] }), 'round');
  ok(await as.clinic.post('/api/ledger/batches', { ...batchBody('841-001-01', 0.03), containerType: '医疗废物专用包装袋', containerVolumeL: 60 }), 'medical batch');
  const med = ok(await as.clinic.post(`/api/rounds/${round.id}/join`, {}), 'round stop');
  ok(await as.clinic.post(`/api/manifests/${med.id}/sign`, { action: 'sign_emission' }), 'medical emission');
  const medOnRoad = ok(await as.driverMed.post(`/api/manifests/${med.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.03, origin: '康庄镇卫生院', destination: '集中贮存库' } }), 'medical pickup');
  const medStore = ok(await as.clinic.post('/api/ledger/batches', { ...batchBody('841-001-01', 0.02), containerType: '医疗废物专用包装袋', containerVolumeL: 60 }), 'medical store batch');

  // 临清, general industrial: fly ash from 华能热电 to the brick works, on the road; and ash still in the ash yard's store.
  id.ashuse = await orgId('临清市建材新型墙材有限公司');
  const ash = ok(await as.power.post('/api/ledger/batches', { ...batchBody('SW02', 80), stream: 'industrial', containerType: '灰库', containerVolumeL: 1000 }), 'ash batch');
  const ind = ok(await as.power.post('/api/manifests/industrial', { batchIds: [ash.id], receiverId: id.ashuse, plannedDate: today(), purpose: '利用', vehiclePlate: '鲁P8K123' }), 'industrial manifest');
  const indOnRoad = ok(await as.power.post(`/api/manifests/${ind.id}/sign`, { action: 'sign_emission' }), 'industrial emission');
  const indStore = ok(await as.power.post('/api/ledger/batches', { ...batchBody('SW06', 40), stream: 'industrial', containerType: '石膏库', containerVolumeL: 1000 }), 'gypsum batch');

  // 临清 and 天桥区, construction: one truckload each from the demo projects (approved plans), on the road.
  const construction = async (builder: Client, driver: Client, fleetQuery: string, siteName: string, label: string) => {
    // The demo project whose disposal plan is approved (the builder's other projects have none yet).
    const project = ok(await builder.get('/api/construction/projects?pageSize=100'), `${label} projects`).items.find((p: { planStatus: string | null }) => p.planStatus === 'approved');
    const fleet = ok(await builder.get(`/api/manifests/transporters?q=${encodeURIComponent(fleetQuery)}`), `${label} fleet`).items[0];
    const site = (ok(await builder.get('/api/construction/sites?pageSize=100'), `${label} sites`).items as { id: string; name: string }[]).find((s) => s.name.includes(siteName))!;
    const load = ok(await builder.post('/api/manifests/construction', { projectId: project.id, wasteCode: 'CW01', declaredWeightT: 12, siteId: site.id, transporterId: fleet.id,
      vehicleId: fleet.vehicles[0].id, driverId: fleet.drivers[0].id, plannedDate: today() }), `${label} load`);
    ok(await builder.post(`/api/manifests/${load.id}/sign`, { action: 'sign_emission' }), `${label} emission`);
    const onRoad = ok(await driver.post(`/api/manifests/${load.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 12.2 } }), `${label} pickup`);
    return { load, onRoad, project, site };
  };
  const con = await construction(as.site, as.driverMuck, '渣土运输', '临清市城区建筑垃圾临时消纳场', '临清 construction');
  const tq = await construction(as.siteTianqiao, as.cwTianqiao, '天桥建筑垃圾', '天桥区桑梓店建筑垃圾消纳场', '天桥 construction');

  // GPS positions of the hazardous and the 临清 construction truck, from the fleets' own terminals.
  const gps = async (fleet: Client, plate: string) => {
    const token = ok(await fleet.post('/api/tokens', { name: `GPS ${plate}`, scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }), 'token').secret;
    const res = await t.app.inject({ method: 'POST', url: '/api/telemetry/positions', headers: { authorization: `Bearer ${token}` },
      payload: { points: [{ plate, at: new Date(Date.now() - 60_000).toISOString(), longitude: 115.71, latitude: 36.84, speedKmh: 42 }] } });
    ok(res, `positions of ${plate}`);
  };
  await gps(as.transporter, hazOnRoad.data.vehiclePlate);
  await gps(as.muck, con.onRoad.data.vehiclePlate);

  // Each receiver lets its load run past the receipt deadline: a high alarm per load, in the receiver's area.
  const onRoad = [haz.id, med.id, ind.id, con.load.id, tq.load.id];
  await t.database.db.execute(sql`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = ANY(${sql.param(onRoad)}::uuid[])`);
  await runRule(t.database.db, ruleByKey('receipt_overdue')!);
  const alarmOf = async (manifestId: string) => (await one<{ id: string }>(t, sql`SELECT id FROM alarms WHERE subject_id = ${manifestId}`)).id;

  // The office names a late task of 临清's plan; the departments it names are notified.
  const task = await one<{ id: string; title: string }>(t, sql`SELECT id, title FROM tasks WHERE region_code LIKE '371581%' AND array_to_string(lead, ',') LIKE '%生态环境%' ORDER BY list, no LIMIT 1`);
  const notice = ok(await as.office.post('/api/tasks/notices', { title: '临清隔离测试通报：任务滞后', body: '请生态环境分局加快推进。', taskIds: [task.id] }), 'notice');
  // 临清's office shortens the medical-waste storage limit for its area.
  ok(await as.office.put('/api/settings/medical.storage_hours', { value: 36 }), 'setting');
  // 安运 subscribes to refusals (none happen here, so nothing is sent).
  const hook = ok(await as.transporter.post('/api/webhooks', { url: 'https://8.8.8.8/wufei-isolation-hook', events: ['manifest.refused'] }), 'webhook');

  const listing = async (title: string) => (await one<{ id: string }>(t, sql`SELECT id FROM exchange_listings WHERE title = ${title}`)).id;
  const dealIn = async (prefix: string, waste: boolean) => (await one<{ id: string }>(t, sql`SELECT id FROM exchange_deals WHERE region_code LIKE ${`${prefix}%`} AND (waste_class ~ '^SW[0-9]{2}$') = ${waste} ORDER BY id LIMIT 1`)).id;
  // A task title that only one area's plan has, for the exports that show titles rather than ids.
  const titleOnlyIn = async (prefix: string) => (await one<{ title: string }>(t, sql`SELECT title FROM tasks GROUP BY title HAVING bool_and(region_code LIKE ${`${prefix}%`}) ORDER BY title LIMIT 1`)).title;
  const bulkSite = async (prefix: string, name: string) => (await one<{ id: string; name: string }>(t, sql`SELECT id, name FROM bulk_storage_sites WHERE region_code LIKE ${`${prefix}%`} AND name LIKE ${name} ORDER BY name LIMIT 1`));
  const indicatorPlan = async (prefix: string) => (await one<{ id: string }>(t, sql`SELECT id FROM indicator_plans WHERE region_code LIKE ${`${prefix}%`} LIMIT 1`)).id;
  // The lists page by (list, no): the first task of an area is on the first page.
  const taskIn = async (prefix: string) => (await one<{ id: string }>(t, sql`SELECT id FROM tasks WHERE region_code LIKE ${`${prefix}%`} ORDER BY list, no LIMIT 1`)).id;
  const contact = await one<{ id: string; listing_id: string }>(t, sql`SELECT c.id, c.listing_id FROM exchange_contacts c JOIN exchange_listings l ON l.id = c.listing_id WHERE l.title = '粉煤灰（Ⅱ级，干排）' ORDER BY c.created_at LIMIT 1`);
  const tqProjectList = await one<{ id: string }>(t, sql`SELECT id FROM projects WHERE region_code LIKE '370105%' ORDER BY no LIMIT 1`);
  const lqBulk = await bulkSite('371581', '华能%'), gxBulk = await bulkSite('371525', '%');
  // The registers: 临清's are the demo's; 冠县's bureau records an audit and a check of its own company.
  const guanhua = await orgId('冠县冠华板材有限公司');
  const gxCredential = ok(await as.guanxian.post('/api/registers/credentials', { organisationId: guanhua, kind: 'clean_production_audit', reference: '聊环清审（冠县）隔离测试', issuedOn: today() }), '冠县 credential');
  const gxCheck = ok(await as.guanxian.post('/api/registers/checks', { organisationId: guanhua, checkedOn: today(), passed: true, score: 88 }), '冠县 check');
  const hengtongId = await orgId('临清市恒通轴承制造有限公司');
  const lqCredential = await one<{ id: string }>(t, sql`SELECT id FROM organisation_credentials WHERE organisation_id = ${hengtongId} AND kind = 'clean_production_audit'`);
  const lqCheck = await one<{ id: string }>(t, sql`SELECT id FROM compliance_checks WHERE organisation_id = ${hengtongId} ORDER BY checked_on LIMIT 1`);
  const parkNamed = async (name: string) => (await one<{ id: string }>(t, sql`SELECT id FROM industrial_parks WHERE name = ${name}`)).id;
  const cellIn = async (prefix: string) => (await one<{ id: string }>(t, sql`SELECT id FROM zero_waste_cells WHERE region_code LIKE ${`${prefix}%`} AND ended_on IS NULL ORDER BY name LIMIT 1`)).id;
  const tokenRow = await one<{ id: string }>(t, sql`SELECT id FROM api_tokens WHERE name = ${`GPS ${hazOnRoad.data.vehiclePlate}`}`);

  Object.assign(id, {
    haz: haz.id, med: med.id, ind: ind.id, con: con.load.id, tq: tq.load.id,
    hazStore: hazStore.id, hazStoreLabel: hazStore.labelToken, medStore: medStore.id, indStore: indStore.id, hazPlan: plan.id, round: round.id,
    hazAlarm: await alarmOf(haz.id), medAlarm: await alarmOf(med.id), indAlarm: await alarmOf(ind.id), conAlarm: await alarmOf(con.load.id), tqAlarm: await alarmOf(tq.load.id),
    conProject: con.project.id, tqProject: tq.project.id, lqSite: con.site.id, tqSite: tq.site.id,
    lqWasteListing: await listing('粉煤灰（Ⅱ级，干排）'), lqProductListing: await listing('再生骨料（道路基层用）'), gxListing: await listing('锅炉炉渣'), tqListing: await listing('再生骨料（0-5、5-10、10-31.5mm）'),
    lqContact: contact.id, lqContactListing: contact.listing_id, lqWasteDeal: await dealIn('371581', true), lqProductDeal: await dealIn('371581', false), tqDeal: await dealIn('370105', false),
    lqBulk: lqBulk.id, gxBulk: gxBulk.id, lqIndicators: await indicatorPlan('371581'), tqIndicators: await indicatorPlan('370105'),
    lqComputed: (await one<{ id: string }>(t, sql`SELECT id FROM indicators WHERE region_code = '371581' AND formula = 'sludge_harmless_rate' LIMIT 1`)).id,
    lqTask: task.id, tqTask: await taskIn('370105'), tqProjectList: tqProjectList.id, notice: notice.id, hook: hook.id, token: tokenRow.id,
    hengtong: await orgId('临清市恒通轴承制造有限公司'), chengjian: await orgId('临清市城建工程建设有限公司'), guanxianOrg: await orgId('冠县清泉汽车修理厂'), tianqiaoOrg: await orgId('济南天桥城市建设发展有限公司'),
    lqCredential: lqCredential.id, gxCredential: gxCredential.id, lqCheck: lqCheck.id, gxCheck: gxCheck.id,
    lqPark: await parkNamed('临清经济开发区'), tqPark: await parkNamed('天桥区桑梓店工业园'), lqCell: await cellIn('371581'), tqCell: await cellIn('370105'),
    lvyuanTown: (await one<{ region_code: string }>(t, sql`SELECT region_code FROM organisations WHERE name = '临清市绿源环保科技有限公司'`)).region_code,
  });

  const texts: Record<keyof typeof LABELS, string> = {
    haz: haz.number, med: med.number, ind: ind.number, con: con.load.number, tq: tq.load.number, hazId: haz.id, medId: med.id, indId: ind.id, conId: con.load.id,
    tqId: tq.load.id, hazStore: hazStore.id, medStore: medStore.id, indStore: indStore.id, hazStoreId: hazStore.id, medStoreId: medStore.id,
    indStoreId: indStore.id, hazPlan: plan.id, round: round.id, hazAlarm: id.hazAlarm, medAlarm: id.medAlarm, indAlarm: id.indAlarm, conAlarm: id.conAlarm,
    tqAlarm: id.tqAlarm, conProject: id.conProject, tqProject: id.tqProject, lqSite: id.lqSite, tqSite: id.tqSite, lqWasteListing: id.lqWasteListing,
    lqProductListing: id.lqProductListing, gxListing: id.gxListing, tqListing: id.tqListing, lqContact: id.lqContact, lqWasteDeal: id.lqWasteDeal,
    lqProductDeal: id.lqProductDeal, tqDeal: id.tqDeal, lqBulk: id.lqBulk, gxBulk: id.gxBulk, lqIndicators: id.lqIndicators, tqIndicators: id.tqIndicators, lqComputed: id.lqComputed,
    lqTask: id.lqTask, tqTask: id.tqTask, lqTaskTitle: await titleOnlyIn('371581'), tqTaskTitle: await titleOnlyIn('370105'), tqProjectList: id.tqProjectList,
    notice: notice.title, hook: hook.id, token: id.token, hengtong: '临清市恒通轴承制造有限公司', hengtongId: id.hengtong, lvyuan: '临清市绿源环保科技有限公司', medwaste: '聊城市医疗废物集中处置中心（临清）有限公司',
    kangzhuang: '临清市康庄镇卫生院', guanxianOrg: '冠县清泉汽车修理厂', tianqiaoOrg: '济南天桥城市建设发展有限公司', muckCompany: '临清市渣土运输有限公司', ecoUser: 'eco.linqing', guanxianUser: 'eco.guanxian',
    tianqiaoUser: 'office.tianqiao', producerUser: 'producer.demo', transporterUser: 'transporter.demo',
    powerCredit: await creditOf('华能临清热电有限公司'), hengtongCredit: await creditOf('临清市恒通轴承制造有限公司'), hazStoreNo: hazStore.batchNo,
    lqCredential: id.lqCredential, gxCredential: id.gxCredential, lqCheck: id.lqCheck, gxCheck: id.gxCheck, lqPark: id.lqPark, tqPark: id.tqPark, lqCell: id.lqCell, tqCell: id.tqCell,
  };
  for (const [key, text] of Object.entries(texts)) m[key] = { label: LABELS[key as keyof typeof LABELS], text };
  return { as, m, id, year, month: today().slice(0, 7) };
}

// ---- reading answers ------------------------------------------------------------------------------

/** What an answer shows, as text: the JSON or HTML body, or every cell of an Excel workbook. */
export async function textOf(res: LightMyRequestResponse): Promise<string> {
  if (!String(res.headers['content-type'] ?? '').includes('spreadsheetml')) return res.body;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => { cells.push(String(cell.text)); })));
  return cells.join('\n');
}

/** Every GET route the app serves, as "GET /path/:param", read from Fastify's route tree. */
export function getRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 4))!;
    stack.length = depth;
    const path = `${stack.join('')}${match[1]}`;
    stack.push(match[1]);
    if (match[2]?.split(', ').includes('GET')) routes.push(`GET ${path.replace(/\/$/, '') || '/'}`);
  }
  return [...new Set(routes)].sort();
}

/** A server-sent-event stream read over a real connection, for as long as the test needs. */
export async function openStream(address: string, client: Client, path: string) {
  const controller = new AbortController();
  const res = await fetch(`${address}${path}`, { headers: { cookie: client.cookie }, signal: controller.signal });
  let text = '';
  const reader = res.body!.getReader();
  const read = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch { /* aborted */ }
  })();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', get text() { return text; }, stop: async () => { controller.abort(); await read; } };
}
