import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { buildWorld, getRoutes, openStream, textOf, LABELS, type Who, type World } from '../support/feeds';
import { regulatedBy } from '../../src/domain/streams';
import { NON_INDUSTRIAL_TRADES } from '../../src/domain/registers';

// Isolation per data feed. For every list, feed, export, live stream and print page of the API,
// the demo logins call it over HTTP on one world (test/support/feeds.ts: a load on the road of each
// kind of waste, what is in store, a plan, alarms, …) and each must see exactly its own: its region's
// records and not another county's or district's (冠县, 天桥区); its department's waste and not
// another department's (health: medical only; housing and urban management: construction only;
// ecology: hazardous and industrial, no construction); a company its own organisation's. Every
// assertion names a real record (a manifest number, an id, a name) that must or must not appear.
// A GET route that is neither in FEEDS nor in EXCLUDED fails the suite: a new feed needs its row.

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  demoOnRoad = (await t.database.db.execute<{ stream: string; waste_code: string }>(sql`
    SELECT stream, waste_code FROM manifests WHERE status = 'in_transit' AND (region_code LIKE '371581%' OR receiver_region_code LIKE '371581%')`)).rows;
  w = await buildWorld(t);
  // 绿色账户: a demo household of 运河花园 and the community station's collection point there.
  w.id.greenHousehold = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM green_households WHERE card_no = 'LQ10002'`)).rows[0].id;
  w.id.greenPoint = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM household_facilities WHERE name = '运河花园垃圾分类收集房'`)).rows[0].id;
  // 农药包装废弃物: a receipt of 松林镇's station of what 丰源农资 (dealer.demo) handed over.
  w.id.songlinReceipt = (await t.database.db.execute<{ id: string }>(sql`SELECT r.id FROM pesticide_receipts r JOIN users u ON u.organisation_id = r.dealer_id WHERE u.username = 'dealer.demo' ORDER BY r.received_on DESC LIMIT 1`)).rows[0].id;
  // 病死畜禽 (carcass): today's round of the demo, on the road through 松林镇.
  w.id.carcassRound = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM carcass_rounds WHERE note = '松林镇线' ORDER BY created_at DESC LIMIT 1`)).rows[0].id;
  // a pig farm of 刘垓子镇 (not 松林镇, where the town station and farm.demo are).
  w.id.lqFarm10 = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市刘垓子镇金牧生猪养殖有限公司'`)).rows[0].id;
  // 再生资源 (issue 17): a monthly report of 临清's commerce bureau and 银座's mall application.
  w.id.lqReport = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM recycling_progress_reports WHERE region_code = '371581' ORDER BY filed_at DESC LIMIT 1`)).rows[0].id;
  w.id.yinzuoCell = (await t.database.db.execute<{ id: string }>(sql`SELECT c.id FROM cell_applications c JOIN organisations o ON o.id = c.organisation_id WHERE o.name = '临清银座购物广场'`)).rows[0].id;
  // 信息公开 (issue 18): a piece of 临清's news in its office's console.
  w.id.lqArticle = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM portal_articles WHERE title = '临清市召开2026年“无废城市”建设推进会'`)).rows[0].id;
  // 问卷调查 (issue 18): 临清's public survey of the year.
  w.id.lqSurvey = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM surveys WHERE region_code = '371581' AND title = '无废城市建设公众满意度调查'`)).rows[0].id;
  // 再生资源: an appliance taken in at 运河花园's station.
  w.id.rrUnit = (await t.database.db.execute<{ id: string }>(sql`SELECT u.id FROM ewaste_units u JOIN organisations o ON o.id = u.site_id WHERE o.name = '临清市再生资源回收利用有限公司运河花园回收网点' LIMIT 1`)).rows[0].id;
  // 再生资源预约回收: the recycling company's dispatcher, its collector and the commerce bureau (logged in here, not in
  // the shared world); resident.demo's booking awaiting his confirmation (rrcollector.demo's visit) and a neighbour's
  // booking dispatched to another collector.
  for (const [key, username] of [['recycler', 'recycler.demo'], ['rrcollector', 'rrcollector.demo'], ['commerce', 'commerce.linqing']] as const) {
    (w.as as Record<string, Client>)[key] = await Client.login(t.app, username);
  }
  const rb = async (q: ReturnType<typeof sql>) => (await t.database.db.execute<{ id: string; no: string }>(q)).rows[0];
  const mine = await rb(sql`SELECT b.id, b.booking_no AS no FROM recycling_bookings b JOIN users u ON u.id = b.resident_user_id WHERE u.username = 'resident.demo' AND b.status = 'awaiting_confirmation' LIMIT 1`);
  const theirs = await rb(sql`SELECT b.id, b.booking_no AS no FROM recycling_bookings b JOIN recycling_collectors c ON c.id = b.collector_id JOIN users u ON u.id = c.user_id WHERE u.username = 'rrcollector2.demo' AND b.status = 'dispatched' LIMIT 1`);
  w.id.rbMine = mine.id;
  w.m.rbMine = { label: 'resident.demo’s booking awaiting his confirmation', text: mine.no };
  w.m.rbTheirs = { label: 'a neighbour’s booking dispatched to another collector', text: theirs.no };
  w.id.rbPlace = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM household_places WHERE name = '运河花园' AND kind = 'community'`)).rows[0].id;
  // 双随机、一公开 and cases (issue 18): 临清's key-supervision pool, its first draw of the year, a check of a unit other than
  // 恒通 (producer.demo), and the demo's case of 金鼎铸造's slag.
  const one18 = async (q: ReturnType<typeof sql>) => (await t.database.db.execute<{ id: string }>(q)).rows[0].id;
  w.id.lqPool = await one18(sql`SELECT id FROM inspection_pools WHERE name = '危险废物重点监管单位名录库'`);
  w.id.lqDraw = await one18(sql`SELECT id FROM inspection_draws WHERE title = ${DRAW_TITLE}`);
  w.id.lqInspection = await one18(sql`SELECT i.id FROM inspections i JOIN organisations o ON o.id = i.organisation_id WHERE o.name <> '临清市恒通轴承制造有限公司' ORDER BY i.inspected_on LIMIT 1`);
  w.m.lqInspectionDraw = { label: 'a check of 临清’s first draw (not 恒通’s)', text: (await t.database.db.execute<{ title: string }>(sql`SELECT d.title FROM inspections i JOIN inspection_draws d ON d.id = i.draw_id WHERE i.id = ${w.id.lqInspection}`)).rows[0].title };
  w.id.lqCase = await one18(sql`SELECT id FROM enforcement_cases WHERE title = '一般工业固体废物非法堆存案'`);
}, 120_000);
afterAll(async () => { await t?.close(); });

/** What one caller must get from one URL: the markers it sees, those it must not see, or a refusal. */
interface Case { who: Who; sees?: string[]; hides?: string[]; status?: number; denied?: boolean; check?: (body: any) => void; name?: string }
interface View { url: (w: World) => string; cases: Case[] }
type Kind = 'list' | 'export' | 'detail' | 'print' | 'sse';
interface Feed { route: string; kind: Kind; views: View[] }

/** A week ago in Asia/Shanghai: the household feeds read the demo's last week of tickets. */
const WEEK_AGO = new Date(Date.now() + 8 * 3_600_000 - 7 * 86_400_000).toISOString().slice(0, 10);
/** Last year in Asia/Shanghai: the demo's straw and film have a whole year there. */
const LAST_YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) - 1;

/** 临清's first draw of the year (demo/inspections.ts). */
const DRAW_TITLE = `${LAST_YEAR + 1}年第1季度危险废物规范化管理双随机抽查（重点监管）`;

const OFFICIALS: Who[] = ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'guanxian', 'tianqiao'];

/**
 * The cases of a list where each marker is seen by the callers named for it and hidden from every
 * other caller of `callers`: the whole matrix, not only the callers one thought of.
 */
function matrix(callers: Who[], seenBy: Record<string, Who[]>): Case[] {
  return callers.map((who) => ({
    who,
    sees: Object.keys(seenBy).filter((k) => seenBy[k].includes(who)),
    hides: Object.keys(seenBy).filter((k) => !seenBy[k].includes(who)),
  }));
}
const refused = (status: number, ...who: Who[]): Case[] => who.map((x) => ({ who: x, status }));
const view = (url: string | ((w: World) => string), cases: Case[]): View => ({ url: typeof url === 'string' ? () => url : url, cases });
const feed = (route: string, kind: Kind, ...views: View[]): Feed => ({ route, kind, views });
/** One view per record, found by a name filter (`q`), for lists longer than a page: each checks only its own record. */
const byName = (route: string, names: Record<string, string>, cases: (seenBy: Record<string, Who[]>) => Case[], seenBy: Record<string, Who[]>): View[] =>
  Object.entries(names).map(([marker, q]) => view(`${route}?q=${encodeURIComponent(q)}&pageSize=100`, cases({ [marker]: seenBy[marker] })));

// Who sees which record, the rule the feeds are checked against.
const LOADS: Record<string, Who[]> = {
  haz: ['admin', 'office', 'eco', 'producer', 'transporter', 'driver', 'receiver'],
  med: ['admin', 'office', 'eco', 'health', 'clinic', 'collector', 'driverMed'],
  ind: ['admin', 'office', 'eco', 'power', 'ashuse'],
  con: ['admin', 'office', 'housing', 'urban', 'site', 'muck', 'driverMuck', 'cwsite'],
  tq: ['admin', 'tianqiao', 'siteTianqiao', 'cwTianqiao'],
};
// The demo's own loads on the road in 临清 as the file starts (src/server/demo: sludge, construction, waste oil …),
// before the world adds its own; each department counts those of the waste it regulates.
let demoOnRoad: { stream: string; waste_code: string }[] = [];
const DOMAIN_OF: Partial<Record<Who, string>> = { office: 'general', eco: 'ecology', urban: 'urban', housing: 'housing', health: 'health' };
const demoLoadsSeenBy = (who: Who) => { const domain = DOMAIN_OF[who]; return domain ? demoOnRoad.filter((m) => regulatedBy(domain, m.stream, m.waste_code)).length : 0; };
const ids = (seenBy: Record<string, Who[]>) => Object.fromEntries(Object.entries(seenBy).map(([k, v]) => [`${k}Id`, v]));
const ALL: Who[] = [...new Set([...Object.values(LOADS).flat(), 'guanxian', 'urban', 'health', 'housing'] as Who[])];
const onlyOfficials = (seenBy: Record<string, Who[]>) => Object.fromEntries(Object.entries(seenBy).map(([k, v]) => [k, v.filter((x) => OFFICIALS.includes(x))]));
// Alarms are the receiver's: a receipt overdue is raised in the receiver's area, about the receiver.
const ALARMS: Record<string, Who[]> = {
  hazAlarm: ['admin', 'office', 'eco', 'receiver'], medAlarm: ['admin', 'office', 'eco', 'health', 'collector'], indAlarm: ['admin', 'office', 'eco', 'ashuse'],
  conAlarm: ['admin', 'office', 'housing', 'urban', 'cwsite'], tqAlarm: ['admin', 'tianqiao', 'cwTianqiao'],
};
const STORE: Record<string, Who[]> = { hazStore: ['admin', 'office', 'eco', 'producer'], medStore: ['admin', 'office', 'eco', 'health', 'clinic'], indStore: ['admin', 'office', 'eco', 'power'] };
const REGISTER: Record<string, Who[]> = {
  hengtong: ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'producer'], guanxianOrg: ['admin', 'guanxian'], tianqiaoOrg: ['admin', 'tianqiao', 'siteTianqiao'],
};
const USERS: Record<string, Who[]> = {
  ecoUser: ['admin', 'office', 'eco', 'urban', 'housing', 'health'], guanxianUser: ['admin', 'guanxian'], tianqiaoUser: ['admin', 'tianqiao'],
  producerUser: ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'producer'], transporterUser: ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'transporter'],
};
const STATISTICS: Record<string, Who[]> = { lqStats: ['admin', 'office', 'eco', 'urban', 'housing', 'health'], tqStats: ['admin', 'tianqiao'] };
const BOARD_COMPANIES: Who[] = ['power', 'ashuse', 'site', 'cwsite', 'producer', 'siteTianqiao', 'cwTianqiao'];
/** A detail: 200 with the marker for those who may see the record; 404 for the rest (403 where the whole view is not theirs). */
const detail = (marker: string, seenBy: Who[], others: Who[]): Case[] => [
  ...seenBy.map((who) => ({ who, sees: [marker] })), ...others.map((who) => ({ who, hides: [marker], denied: true })),
];
const sum = (rows: { rule: string; open: number; closed: number }[], rule: string) => rows.filter((r) => r.rule === rule).reduce((n, r) => n + r.open + r.closed, 0);

// ---- the feeds ------------------------------------------------------------------------------------

/** The recycling logins added to the world in beforeAll (not in the shared LOGINS). */
const RB = { recycler: 'recycler' as Who, rrcollector: 'rrcollector' as Who, commerce: 'commerce' as Who };

const FEEDS: Feed[] = [
  // Manifests and what carries them.
  feed('GET /api/manifests', 'list', view('/api/manifests?pageSize=100', matrix(ALL, LOADS))),
  feed('GET /api/telemetry/live', 'list',
    view('/api/telemetry/live', [...matrix(OFFICIALS, onlyOfficials(LOADS)), ...refused(403, 'producer', 'transporter', 'muck')]),
    // A region parameter narrows within the caller's area; another area is not the caller's to see.
    view('/api/telemetry/live?regionCode=371581', [{ who: 'guanxian', status: 404, name: 'asking for 临清 is told it does not exist (404): a region only narrows within one’s own area' },
      { who: 'eco', sees: ['haz', 'med', 'ind'], hides: ['con', 'tq'] }]),
    view('/api/telemetry/live?regionCode=370000', [{ who: 'eco', status: 404, name: 'asking for the whole province is told it does not exist (404)' },
      { who: 'guanxian', status: 404, name: 'asking for the whole province is told it does not exist (404)' }, { who: 'admin', sees: ['haz', 'con', 'tq'] }]),
    view((x) => `/api/telemetry/live?regionCode=${x.id.lvyuanTown}`, [{ who: 'eco', sees: ['haz'], hides: ['con', 'tq'] }, { who: 'health', hides: ['haz'] }]),
    view('/api/telemetry/live?regionCode=370105', [{ who: 'tianqiao', sees: ['tq'], hides: ['con'] }, { who: 'office', status: 404 }])),
  // Region outlines (geography, not records): a county's officials and companies draw their own county; another county's answers 404.
  feed('GET /api/geo/outlines', 'detail',
    view('/api/geo/outlines?regionCode=371581', [{ who: 'guanxian', status: 404, name: '冠县 asking for 临清’s outlines is told they do not exist (404)' }, { who: 'tianqiao', status: 404 }]),
    view('/api/geo/outlines?regionCode=370105', [{ who: 'office', status: 404 }, { who: 'producer', status: 404 }])),
  feed('GET /api/geo/outlines/:regionCode/versions', 'detail',
    view('/api/geo/outlines/371581101/versions', [{ who: 'guanxian', status: 404 }, { who: 'tianqiao', status: 404 }])),
  feed('GET /api/manifests/:id', 'detail',
    view((x) => `/api/manifests/${x.id.haz}`, detail('haz', LOADS.haz, ['health', 'housing', 'urban', 'guanxian', 'tianqiao', 'clinic', 'site', 'power'])),
    view((x) => `/api/manifests/${x.id.con}`, detail('con', LOADS.con, ['eco', 'health', 'guanxian', 'tianqiao', 'producer']))),
  feed('GET /print/manifests/:id', 'print',
    view((x) => `/print/manifests/${x.id.haz}`, detail('haz', ['producer', 'eco', 'office', 'receiver'], ['health', 'housing', 'guanxian', 'tianqiao', 'clinic'])),
    view((x) => `/print/manifests/${x.id.med}`, detail('med', ['clinic', 'health', 'eco'], ['housing', 'urban', 'producer', 'guanxian']))),
  feed('GET /api/manifests/:id/track', 'detail',
    view((x) => `/api/manifests/${x.id.haz}/track`, detail('haz', ['eco', 'producer', 'transporter', 'office'], ['health', 'housing', 'guanxian', 'tianqiao', 'muck'])),
    view((x) => `/api/manifests/${x.id.con}/track`, detail('con', ['housing', 'urban', 'muck'], ['eco', 'health', 'guanxian', 'transporter']))),
  feed('GET /api/manifests/:id/chain', 'detail',
    view((x) => `/api/manifests/${x.id.med}/chain`, detail('medId', ['health', 'eco', 'collector', 'clinic'], ['housing', 'urban', 'guanxian', 'producer']))),

  // The audit log: a department reads its region's rows about its own waste and the shared registers.
  feed('GET /api/audit', 'list',
    view('/api/audit?entityType=manifest&pageSize=100', [
      ...matrix(OFFICIALS, onlyOfficials(ids(LOADS))),
      { who: 'producer', sees: ['hazId'], hides: ['medId', 'indId', 'conId', 'tqId'] }, { who: 'clinic', sees: ['medId'], hides: ['hazId', 'indId', 'conId'] },
      { who: 'power', sees: ['indId'], hides: ['hazId', 'medId', 'conId'] }, { who: 'site', sees: ['conId'], hides: ['hazId', 'medId', 'indId', 'tqId'] },
      { who: 'siteTianqiao', sees: ['tqId'], hides: ['conId', 'hazId'] }]),
    view('/api/audit?entityType=waste_batch&pageSize=100', matrix(['office', 'eco', 'health', 'housing', 'urban', 'guanxian', 'producer', 'clinic', 'power'], ids(STORE))),
    view('/api/audit?entityType=management_plan&pageSize=100', matrix(['office', 'eco', 'health', 'housing', 'urban', 'guanxian', 'power'], { hazPlan: ['office', 'eco'] })),
    view('/api/audit?entityType=collection_round&pageSize=100', matrix(['office', 'eco', 'health', 'housing', 'guanxian', 'producer'], { round: ['office', 'eco', 'health'] })),
    view('/api/audit?entityType=construction_project&pageSize=100', matrix(['office', 'eco', 'health', 'housing', 'urban', 'tianqiao'], { conProject: ['office', 'housing', 'urban'], tqProject: ['tianqiao'] })),
    view('/api/audit?entityType=bulk_storage_site&pageSize=100', matrix(['office', 'eco', 'health', 'housing', 'guanxian'], { lqBulk: ['office', 'eco'], gxBulk: ['guanxian'] })),
    view('/api/audit?entityType=exchange_listing&pageSize=100', matrix(['office', 'eco', 'housing', 'health', 'guanxian', 'tianqiao'],
      { lqWasteListing: ['office', 'eco'], lqProductListing: ['office', 'housing'], gxListing: ['guanxian'], tqListing: ['tianqiao'] })),
    // The registers are shared by every department of the area.
    view((x) => `/api/audit?entityType=organisation&entityId=${x.id.hengtong}`, matrix(['office', 'eco', 'health', 'housing', 'guanxian', 'tianqiao'], { hengtongId: ['office', 'eco', 'health', 'housing'] }))),
  feed('GET /api/audit/export.xlsx', 'export',
    view('/api/audit/export.xlsx?entityType=manifest', matrix(['office', 'eco', 'health', 'housing', 'urban', 'guanxian', 'tianqiao'], onlyOfficials(ids(LOADS))))),

  // Alarms.
  feed('GET /api/alarms', 'list', view('/api/alarms?pageSize=100', matrix([...OFFICIALS, 'receiver', 'collector', 'ashuse', 'cwsite', 'cwTianqiao', 'producer'], ALARMS))),
  feed('GET /api/alarms/stats', 'list', view('/api/alarms/stats', [
    ...OFFICIALS.map((who): Case => ({ who, check: (body) => expect(sum(body.rows, 'receipt_overdue'), `${who}'s receipt alarms`).toBe(Object.values(ALARMS).filter((v) => v.includes(who)).length) })),
    ...refused(403, 'receiver', 'producer')])),
  feed('GET /api/alarms/:id', 'detail',
    view((x) => `/api/alarms/${x.id.hazAlarm}`, detail('hazAlarm', ALARMS.hazAlarm, ['health', 'housing', 'urban', 'guanxian', 'tianqiao', 'producer'])),
    view((x) => `/api/alarms/${x.id.conAlarm}`, detail('conAlarm', ALARMS.conAlarm, ['eco', 'health', 'guanxian', 'tianqiao', 'receiver']))),
  feed('GET /api/alarms/stream', 'sse'), // below: 'the live alarm stream'

  // The ledger: what is in store, movements, batches and their labels.
  // The platform administrator's store spans every county (more than a page since the recycling stations keep theirs): by stream.
  // The administrator's and the office's stores hold more than a page (the recycling stations' among them): read by stream.
  feed('GET /api/ledger/store', 'list', view('/api/ledger/store?pageSize=100', matrix([...OFFICIALS.filter((x) => x !== 'admin' && x !== 'office'), 'producer', 'clinic', 'power', 'transporter'], STORE)),
    view('/api/ledger/store?stream=hazardous&pageSize=100', (['admin', 'office'] as Who[]).map((who): Case => ({ who, sees: ['hazStore', 'medStore'] }))),
    view('/api/ledger/store?stream=industrial&pageSize=100', (['admin', 'office'] as Who[]).map((who): Case => ({ who, sees: ['indStore'] })))),
  feed('GET /api/ledger/movements', 'list', view('/api/ledger/movements?pageSize=100', matrix([...OFFICIALS, 'producer', 'clinic', 'power', 'site', 'transporter'], {
    ...ids(STORE), hazId: ['admin', 'office', 'eco', 'producer'], medId: ['admin', 'office', 'eco', 'health', 'clinic'], indId: ['admin', 'office', 'eco', 'power'],
    conId: ['admin', 'office', 'housing', 'urban', 'site'], tqId: ['admin', 'tianqiao'],
  }))),
  ...(['/api/ledger/batches/:id', '/print/labels/:id', '/print/labels/:id/labels.pdf', '/api/labels/:token', '/scan/:token'] as const).map((route) => feed(`GET ${route}`, route.startsWith('/api') ? 'detail' : 'print',
    // The printed label, its PDF (in the document's keywords) and the scan page show the batch's number; the API its id.
    view((x) => route.replace(':id', x.id.hazStore).replace(':token', x.id.hazStoreLabel), detail(route.startsWith('/api') ? 'hazStore' : 'hazStoreNo', STORE.hazStore,
      ['health', 'housing', 'urban', 'guanxian', 'tianqiao', 'clinic', 'power', 'transporter'])))),

  // Management plans and declarations of hazardous and general industrial waste: the ecology bureau's.
  feed('GET /api/plans', 'list', view((x) => `/api/plans?year=${x.year}&pageSize=100`, [...matrix(OFFICIALS, { hazPlan: ['admin', 'office', 'eco'] }), ...refused(403, 'producer')])),
  feed('GET /api/plans/:id', 'detail', view((x) => `/api/plans/${x.id.hazPlan}`, detail('hazPlan', ['admin', 'office', 'eco'], ['health', 'housing', 'urban', 'guanxian', 'tianqiao', 'producer']))),
  feed('GET /api/plans/mine/:year', 'detail', view((x) => `/api/plans/mine/${x.year}`, [{ who: 'producer', sees: ['hazPlan'] }, { who: 'power', hides: ['hazPlan'] }, { who: 'clinic', hides: ['hazPlan'] }])),
  feed('GET /api/declarations', 'list',
    view((x) => `/api/declarations?periodType=month&period=${x.month}&stream=hazardous&pageSize=100`, matrix([...OFFICIALS, 'producer'], { hengtong: ['admin', 'office', 'eco'] })),
    view((x) => `/api/declarations?periodType=month&period=${x.month}&stream=industrial&pageSize=100`, matrix(OFFICIALS, { hengtong: ['admin', 'office', 'eco'] }))),
  feed('GET /api/declarations/registration', 'list', view((x) => `/api/declarations/registration?year=${x.year}`, [
    ...(['eco', 'guanxian', 'office'] as Who[]).map((who): Case => ({ who, check: (body) => expect(body.producers, `${who}'s producers`).toBe(producers[who]) })),
    ...refused(403, 'health', 'housing', 'urban', 'producer')])),
  feed('GET /api/declarations/draft', 'detail', view((x) => `/api/declarations/draft?periodType=month&period=${x.month}&stream=hazardous`, [
    { who: 'producer', sees: ['hazStoreCode'], hides: ['medCode'] }, { who: 'clinic', sees: ['medCode'], hides: ['hazStoreCode'] }])),
  feed('GET /api/declarations/industrial/template.xlsx', 'export', view((x) => `/api/declarations/industrial/template.xlsx?period=${x.month}`, [
    { who: 'power', sees: ['powerCredit'], hides: ['hengtongCredit'] }, { who: 'producer', sees: ['hengtongCredit'], hides: ['powerCredit'] }])),
  feed('GET /api/receivers/report', 'detail',
    view((x) => `/api/receivers/report?year=${x.year}&organisationId=${x.id.lvyuan}`, [
      ...detail('lvyuan', ['admin', 'office', 'eco', 'receiver'], ['health', 'housing', 'urban', 'guanxian', 'tianqiao']),
      // A company reads its own report whatever it names: 恒通 is no receiver.
      { who: 'producer', status: 400, hides: ['lvyuan'] }])),

  // The regulators' supervision views (hazardous waste: ecology all of it, health the medical).
  feed('GET /api/supervision/store', 'list', view('/api/supervision/store?pageSize=100', [
    ...matrix(OFFICIALS, { hengtong: ['admin', 'office', 'eco'], kangzhuang: ['admin', 'office', 'eco', 'health'] }), ...refused(403, 'producer')])),
  feed('GET /api/supervision/key-units', 'list', view('/api/supervision/key-units?pageSize=100', [
    ...matrix(OFFICIALS, { lvyuan: ['admin', 'office', 'eco'], medwaste: ['admin', 'office', 'eco', 'health'] }), ...refused(403, 'receiver')])),
  feed('GET /api/supervision/key-units/export.xlsx', 'export', view('/api/supervision/key-units/export.xlsx',
    matrix(['office', 'eco', 'health', 'housing', 'guanxian', 'tianqiao'], { lvyuan: ['office', 'eco'], medwaste: ['office', 'eco', 'health'] }))),
  feed('GET /api/supervision/capacity', 'list', view('/api/supervision/capacity', matrix(OFFICIALS, { lvyuan: ['admin', 'office', 'eco'], medwaste: ['admin', 'office', 'eco', 'health'] }))),
  feed('GET /api/supervision/map', 'list', view('/api/supervision/map', matrix(OFFICIALS, { lvyuan: ['admin', 'office', 'eco'], kangzhuang: ['admin', 'office', 'eco', 'health'] }))),
  feed('GET /api/organisations/:id/history', 'detail',
    // 恒通's file: its hazardous load and plan for ecology, not for health, housing or 冠县.
    view((x) => `/api/organisations/${x.id.hengtong}/history`, [
      { who: 'eco', sees: ['haz', 'hazPlan', 'hazStore'] }, { who: 'office', sees: ['haz', 'hazPlan'] }, { who: 'producer', sees: ['haz', 'hazPlan'] },
      { who: 'health', hides: ['haz', 'hazPlan', 'hazStore'] }, { who: 'housing', hides: ['haz', 'hazPlan', 'hazStore'] }, { who: 'guanxian', hides: ['haz', 'hengtong'] }, { who: 'transporter', hides: ['haz'] }]),
    // 城建工程's file: its construction load for housing, not for ecology.
    view((x) => `/api/organisations/${x.id.chengjian}/history`, [{ who: 'housing', sees: ['con'] }, { who: 'urban', sees: ['con'] }, { who: 'eco', hides: ['con', 'conId'] }, { who: 'tianqiao', hides: ['con'] }])),

  // Construction waste.
  feed('GET /api/construction/projects', 'list', view('/api/construction/projects?pageSize=100', matrix([...OFFICIALS, 'site', 'muck', 'siteTianqiao', 'producer'],
    { conProject: ['admin', 'office', 'housing', 'urban', 'site'], tqProject: ['admin', 'tianqiao', 'siteTianqiao'] }))),
  feed('GET /api/construction/projects/:id', 'detail', view((x) => `/api/construction/projects/${x.id.conProject}`, detail('conProject', ['office', 'housing', 'urban', 'site'], ['eco', 'health', 'guanxian', 'tianqiao', 'siteTianqiao', 'producer']))),
  feed('GET /api/construction/sites', 'list',
    view('/api/construction/sites?pageSize=100', [
      ...matrix([...OFFICIALS, 'site', 'cwsite', 'producer', 'cwTianqiao'], {
        lqSite: ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'site', 'cwsite', 'producer', 'cwTianqiao'], tqSite: ['admin', 'tianqiao', 'site', 'cwsite', 'producer', 'cwTianqiao'] }),
      // Capacity and fill: the operator's and the construction-waste officials' of the area; a directory entry for everyone else.
      ...(['admin', 'office', 'housing', 'urban', 'cwsite'] as Who[]).map((who): Case => ({ who, name: 'reads 临清’s site with capacity and fill (its operator, or a construction-waste official of the area)',
        check: (body) => expect(siteOf(body, w.id.lqSite)).toMatchObject({ figures: true, capacityT: expect.any(Number), fillT: expect.any(Number), roomT: expect.any(Number) }) })),
      ...(['eco', 'health', 'site', 'producer', 'cwTianqiao'] as Who[]).map((who): Case => ({ who, name: 'reads 临清’s site as a directory entry only: name, categories taken, whether it has room; no capacity, fill or tonnes',
        check: (body) => {
          const site = siteOf(body, w.id.lqSite);
          expect(site).toMatchObject({ figures: false, hasRoom: true, accepts: expect.arrayContaining(['CW01']) });
          for (const figure of ['capacityT', 'fillT', 'openingFillT', 'receivedT', 'onTheWayT', 'roomT', 'fillPct']) expect(site, figure).not.toHaveProperty(figure);
        } }))]),
    view('/api/construction/sites?regionCode=370105', [{ who: 'housing', status: 404, name: 'asking for 天桥区’s sites is told it does not exist (404): officials list their own area only' },
      { who: 'site', sees: ['tqSite'], hides: ['lqSite'], name: 'may narrow the directory to 天桥区 (a company picks destinations anywhere)' }, { who: 'tianqiao', sees: ['tqSite'] }])),
  feed('GET /api/construction/risk', 'list', view('/api/construction/risk', [...matrix(['office', 'housing', 'urban', 'tianqiao', 'guanxian'], { muckCompany: ['office', 'housing', 'urban'] }), ...refused(403, 'eco', 'health', 'site')])),

  // The exchange board: companies see the open board; officials their area's listings in their categories.
  feed('GET /api/exchange/listings', 'list', view('/api/exchange/listings?pageSize=100', [
    ...matrix([...OFFICIALS, 'power', 'site'], {
      lqWasteListing: ['admin', 'office', 'eco', 'power', 'site'], lqProductListing: ['admin', 'office', 'housing', 'urban', 'power', 'site'],
      gxListing: ['admin', 'guanxian', 'power', 'site'], tqListing: ['admin', 'tianqiao', 'power', 'site'] })])),
  feed('GET /api/exchange/listings/:id', 'detail', view((x) => `/api/exchange/listings/${x.id.lqWasteListing}`, detail('lqWasteListing', ['eco', 'office', ...BOARD_COMPANIES], ['housing', 'guanxian', 'tianqiao']))),
  feed('GET /api/exchange/listings/:id/matches', 'detail', view((x) => `/api/exchange/listings/${x.id.lqWasteListing}/matches`, [
    ...detail('wantAsh', ['eco', 'power', 'ashuse'], ['housing', 'guanxian', 'tianqiao'])])),
  feed('GET /api/exchange/listings/:id/contacts', 'list', view((x) => `/api/exchange/listings/${x.id.lqContactListing}/contacts`,
    matrix(['power', 'ashuse', 'site', 'eco', 'housing', 'guanxian'], { lqContact: ['power', 'ashuse', 'eco'] }))),
  feed('GET /api/exchange/contacts', 'list',
    view('/api/exchange/contacts?box=received', matrix(['power', 'ashuse', 'site'], { lqContact: ['power'] })),
    view('/api/exchange/contacts?box=sent', [...matrix(['power', 'ashuse', 'site'], { lqContact: ['ashuse'] }), ...refused(403, 'eco')])),
  feed('GET /api/exchange/counterparties', 'list', view('/api/exchange/counterparties', [...matrix(['power', 'ashuse', 'site'], { ashuseName: ['power'], powerName: ['ashuse'] }), ...refused(403, 'eco')])),
  feed('GET /api/exchange/deals', 'list', view('/api/exchange/deals?pageSize=100', matrix([...OFFICIALS, 'power', 'ashuse', 'site', 'cwsite', 'cwTianqiao'], {
    lqWasteDeal: ['admin', 'office', 'eco', 'power', 'ashuse'], lqProductDeal: ['admin', 'office', 'housing', 'urban', 'site', 'cwsite'], tqDeal: ['admin', 'tianqiao', 'cwTianqiao'] }))),
  feed('GET /api/exchange/deals/totals', 'list', view('/api/exchange/deals/totals', [
    ...(['eco', 'housing', 'guanxian', 'tianqiao', 'power'] as Who[]).map((who): Case => ({ who, check: (body) => expect(body.deals, `${who}'s deals`).toBe(({ eco: 1, housing: 1, guanxian: 0, tianqiao: 1, power: 1 } as Record<string, number>)[who]) })),
    ...refused(403, 'health')])),

  // Bulk storage sites of general industrial waste (ecology).
  feed('GET /api/bulk-storage/sites', 'list', view('/api/bulk-storage/sites?pageSize=100', matrix([...OFFICIALS, 'power', 'producer'], { lqBulk: ['admin', 'office', 'eco', 'power'], gxBulk: ['admin', 'guanxian'] }))),
  feed('GET /api/bulk-storage/sites/:id', 'detail', view((x) => `/api/bulk-storage/sites/${x.id.lqBulk}`, detail('lqBulk', ['office', 'eco', 'power'], ['housing', 'health', 'guanxian', 'tianqiao', 'producer']))),
  feed('GET /api/bulk-storage/totals', 'list', view('/api/bulk-storage/totals', [
    ...(['eco', 'guanxian', 'tianqiao'] as Who[]).map((who): Case => ({ who, check: (body) => expect(body.sites, `${who}'s sites`).toBe(({ eco: 2, guanxian: 1, tianqiao: 2 } as Record<string, number>)[who]) })),
    ...refused(403, 'housing', 'health', 'producer')])),

  // The registers (名录): every department of the area reads them; a company its own credentials and checks.
  feed('GET /api/registers/credentials', 'list', view('/api/registers/credentials?pageSize=100', [
    ...matrix([...OFFICIALS, 'producer', 'power'], { lqCredential: ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'producer'], gxCredential: ['admin', 'guanxian'] }),
    ...refused(403, 'driver')])),
  feed('GET /api/registers/checks', 'list', view('/api/registers/checks?pageSize=100', [
    ...matrix([...OFFICIALS, 'producer', 'power'], { lqCheck: ['admin', 'office', 'eco', 'urban', 'housing', 'health', 'producer'], gxCheck: ['admin', 'guanxian'] }),
    ...refused(403, 'driver')])),
  feed('GET /api/registers/parks', 'list', view('/api/registers/parks?pageSize=100', [
    ...matrix(OFFICIALS, { lqPark: ['admin', 'office', 'eco', 'urban', 'housing', 'health'], tqPark: ['admin', 'tianqiao'] }), ...refused(403, 'producer')])),
  feed('GET /api/registers/parks/:id', 'detail', view((x) => `/api/registers/parks/${x.id.lqPark}`, [
    ...detail('lqPark', ['office', 'eco', 'health', 'housing'], ['guanxian', 'tianqiao', 'producer'])])),
  feed('GET /api/registers/cells', 'list', view('/api/registers/cells?pageSize=100', [
    ...matrix(OFFICIALS, { lqCell: ['admin', 'office', 'eco', 'urban', 'housing', 'health'], tqCell: ['admin', 'tianqiao'] }), ...refused(403, 'producer')])),
  feed('GET /api/registers/summary', 'list', view('/api/registers/summary', [
    ...(['eco', 'health', 'guanxian', 'tianqiao', 'producer'] as Who[]).map((who): Case => ({ who, check: (body) => expect([body.parks, body.checks > 0], `${who}'s parks and whether it has checks`)
      .toEqual(({ eco: [2, true], health: [2, true], guanxian: [0, true], tianqiao: [2, true], producer: [0, true] } as Record<string, [number, boolean]>)[who]) })),
    ...refused(403, 'driver')])),

  // Medical-waste rounds.
  feed('GET /api/rounds', 'list', view('/api/rounds?pageSize=100', matrix([...OFFICIALS, 'collector', 'clinic', 'producer'], { round: ['admin', 'office', 'eco', 'health', 'collector', 'clinic'] }))),
  feed('GET /api/rounds/:id', 'detail', view((x) => `/api/rounds/${x.id.round}`, detail('round', ['office', 'eco', 'health', 'collector', 'clinic'], ['housing', 'urban', 'guanxian', 'tianqiao', 'producer']))),

  // The area's plan: indicators, tasks, projects (every department of the area; no other area).
  feed('GET /api/indicators/plans', 'list', view('/api/indicators/plans', matrix([...OFFICIALS, 'producer'], { lqIndicators: ['admin', 'office', 'eco', 'urban', 'housing', 'health'], tqIndicators: ['admin', 'tianqiao'] }))),
  ...(['', '/export.xlsx', '/assessment.xlsx'] as const).map((suffix) => feed(`GET /api/indicators/plans/:id${suffix}`, suffix ? 'export' : 'detail',
    view((x) => `/api/indicators/plans/${x.id.lqIndicators}${suffix}`, [
      ...(['office', 'eco', 'housing'] as Who[]).map((who): Case => ({ who, status: 200 })), ...(['guanxian', 'tianqiao', 'producer'] as Who[]).map((who): Case => ({ who, denied: true }))]))),
  // A computed indicator: its figures for every department of the area, the records it counted for the
  // office and the departments whose data it reads (sewage sludge: urban management and housing).
  feed('GET /api/indicators/:id/computation', 'detail', view((x) => `/api/indicators/${x.id.lqComputed}/computation`, [
    ...(['office', 'eco', 'urban', 'housing', 'health'] as Who[]).map((who): Case => ({ who, status: 200, check: (body) => expect(body.hasRecords, who).toBe(['office', 'urban', 'housing'].includes(who)) })),
    ...(['guanxian', 'tianqiao'] as Who[]).map((who): Case => ({ who, denied: true })), ...refused(403, 'producer')])),
  ...(['', '.xlsx'] as const).map((suffix) => feed(`GET /api/indicators/:id/records${suffix}`, suffix ? 'export' : 'list', view((x) => `/api/indicators/${x.id.lqComputed}/records${suffix}`, [
    ...(['office', 'urban', 'housing'] as Who[]).map((who): Case => ({ who, status: 200 })), ...refused(403, 'eco', 'health', 'producer'),
    ...(['guanxian', 'tianqiao'] as Who[]).map((who): Case => ({ who, denied: true }))]))),
  // 农业固体废物 at a glance: an office reads its own plan's agricultural rows; other departments and companies are refused.
  feed('GET /api/agri/overview', 'detail', view('/api/agri/overview', [
    { who: 'office', check: (body) => expect([body.plan?.regionCode, body.rows.map((r: { no: number }) => r.no)]).toEqual(['371581', expect.arrayContaining([6, 15, 16, 17, 18, 19, 29])]) },
    { who: 'tianqiao', check: (body) => expect([body.plan?.regionCode, body.rows.some((r: { no: number }) => r.no === 30)]).toEqual(['370105', true]) },
    ...refused(403, 'eco', 'urban', 'housing', 'health', 'guanxian', 'producer', 'receiver')]),
    view('/api/agri/overview?regionCode=370105', [...(['office'] as Who[]).map((who): Case => ({ who, denied: true })), { who: 'tianqiao', status: 200 }])),
  // 再生资源 at a glance: the commerce bureau and the office read their own plan's rows; other departments and companies are refused.
  feed('GET /api/recycling/overview', 'detail', view('/api/recycling/overview', [
    ...(['office', 'commerce'] as Who[]).map((who): Case => ({ who, check: (body) => expect([body.plan?.regionCode, body.rows.map((r: { no: number }) => r.no)]).toEqual(['371581', expect.arrayContaining([21, 22, 23])]) })),
    { who: 'tianqiao', check: (body) => expect([body.plan?.regionCode, body.rows.some((r: { no: number }) => r.no === 24)]).toEqual(['370105', true]) },
    ...refused(403, 'eco', 'urban', 'housing', 'health', 'guanxian', 'producer', 'recycler', 'rrStation')]),
    view('/api/recycling/overview?regionCode=370105', [...(['office', 'commerce'] as Who[]).map((who): Case => ({ who, denied: true })), { who: 'tianqiao', status: 200 }])),
  feed('GET /api/tasks', 'list', view('/api/tasks?pageSize=100', matrix([...OFFICIALS.filter((x) => x !== 'admin'), 'producer'], { lqTask: ['admin', 'office', 'eco', 'urban', 'housing', 'health'], tqTask: ['admin', 'tianqiao'] }))),
  feed('GET /api/tasks/units', 'list', view('/api/tasks/units', [
    ...(['office', 'eco'] as Who[]).map((who): Case => ({ who, check: (body) => expect(body.items.map((u: { name: string }) => u.name), `${who} sees 临清's departments`).toContain('聊城市生态环境局临清市分局') })),
    ...(['guanxian', 'tianqiao'] as Who[]).map((who): Case => ({ who, check: (body) => expect(body.items.map((u: { name: string }) => u.name), `${who} sees none of 临清's`).not.toContain('聊城市生态环境局临清市分局') })),
    ...refused(403, 'producer')])),
  feed('GET /api/tasks/export.xlsx', 'export', view('/api/tasks/export.xlsx', matrix(['office', 'eco', 'guanxian', 'tianqiao'], { lqTaskTitle: ['office', 'eco'], tqTaskTitle: ['tianqiao'] }))),
  feed('GET /api/tasks/:id', 'detail', view((x) => `/api/tasks/${x.id.lqTask}`, detail('lqTask', ['office', 'eco', 'health'], ['guanxian', 'tianqiao', 'producer']))),
  feed('GET /api/tasks/summary/:year', 'list', view((x) => `/api/tasks/summary/${x.year}`, matrix(['eco', 'guanxian', 'tianqiao'], { lqTask: ['eco'] }))),
  feed('GET /api/projects', 'list', view('/api/projects?pageSize=100', matrix(['office', 'eco', 'guanxian', 'tianqiao', 'producer'], { tqProjectList: ['tianqiao'] }))),
  feed('GET /api/projects/export.xlsx', 'export', view('/api/projects/export.xlsx', matrix(['office', 'tianqiao', 'guanxian'], { tqProjectName: ['tianqiao'] }))),
  feed('GET /api/projects/:id', 'detail', view((x) => `/api/projects/${x.id.tqProjectList}`, detail('tqProjectList', ['tianqiao'], ['office', 'eco', 'guanxian', 'producer']))),
  feed('GET /api/notifications', 'list', view('/api/notifications', matrix(['eco', 'health', 'guanxian', 'tianqiao', 'producer'], { notice: ['eco'] }))),
  feed('GET /api/settings', 'list', view('/api/settings', [
    ...(['office', 'eco', 'health'] as Who[]).map((who): Case => ({ who, check: (body) => expect(storageHours(body), `${who} reads 临清's limit`).toMatchObject({ value: 36, setBy: '371581' }) })),
    ...(['guanxian', 'tianqiao'] as Who[]).map((who): Case => ({ who, check: (body) => expect(storageHours(body), `${who} keeps its own limit`).toMatchObject({ value: 48, setBy: null }) }))])),
  feed('GET /api/dashboard', 'list',
    view('/api/dashboard', [
      // (The platform administrator's own area is 聊城市, so it is left out here.)
      // Besides the loads above, the demo's own loads on the road (its sludge truck, a construction truck,
      // waste oil …), each counted by the departments that regulate that waste and by the office.
      ...OFFICIALS.filter((who) => who !== 'admin').map((who): Case => ({ who, check: (body) => expect(body.manifestsInTransit.count, `${who}'s loads on the road`)
        .toBe(Object.values(LOADS).filter((v) => v.includes(who)).length + demoLoadsSeenBy(who)) })),
      ...refused(403, 'producer')]),
    view('/api/dashboard?regionCode=371581', [{ who: 'guanxian', status: 403 }, { who: 'tianqiao', status: 403 }])),

  // 统计数据: every official of the area reads its figures; no other area's; companies nothing.
  feed('GET /api/statistics', 'list',
    view('/api/statistics?pageSize=100', [...matrix(OFFICIALS, STATISTICS), ...refused(403, 'producer', 'power')]),
    view('/api/statistics?regionCode=371581', [{ who: 'guanxian', status: 404, name: 'asking for 临清’s figures is told they do not exist (404)' },
      { who: 'tianqiao', status: 404, name: 'asking for 临清’s figures is told they do not exist (404)' }, { who: 'health', sees: ['lqStats'], hides: ['tqStats'] }])),
  feed('GET /api/statistics/history', 'detail', view((x) => `/api/statistics/history?regionCode=371581&year=${x.year}&key=gdp`,
    detail('lqStats', ['office', 'eco', 'health', 'stats'], ['guanxian', 'tianqiao', 'producer']))),
  feed('GET /api/statistics/template.xlsx', 'export', view((x) => `/api/statistics/template.xlsx?year=${x.year}`, [
    { who: 'stats', sees: ['lqStats'], hides: ['tqStats'] }, { who: 'office', sees: ['lqStats'], hides: ['tqStats'] }, { who: 'tianqiao', sees: ['tqStats'], hides: ['lqStats'] },
    ...refused(403, 'eco', 'health', 'producer')])),

  // The registers: organisations and users of the area, shared by its departments; a company itself.
  // The platform administrator's registers run past a page (天桥区 and 济宁经开区 have theirs too): its view is the export, which is not paged.
  // 临清 alone has more organisations and users than a page: each record is looked for by its name, and must be found or not by scope alone.
  feed('GET /api/organisations', 'list', ...byName('/api/organisations', { hengtong: '恒通', guanxianOrg: '冠县清泉', tianqiaoOrg: '天桥城市建设' },
    (seenBy) => matrix([...OFFICIALS.filter((x) => x !== 'admin'), 'producer', 'siteTianqiao'], seenBy), REGISTER)),
  feed('GET /api/organisations/export.xlsx', 'export', view('/api/organisations/export.xlsx', matrix(['admin', 'office', 'health', 'guanxian', 'tianqiao'], REGISTER))),
  feed('GET /api/organisations/:id', 'detail', view((x) => `/api/organisations/${x.id.hengtong}`, detail('hengtong', ['office', 'eco', 'housing', 'health', 'producer'], ['guanxian', 'tianqiao', 'transporter', 'site']))),
  feed('GET /api/users', 'list', ...byName('/api/users', { ecoUser: 'eco.linqing', guanxianUser: 'eco.guanxian', tianqiaoUser: 'office.tianqiao', producerUser: 'producer.demo', transporterUser: 'transporter.demo' },
    (seenBy) => matrix([...OFFICIALS.filter((x) => x !== 'admin'), 'producer', 'transporter'], seenBy), USERS)),
  feed('GET /api/users/export.xlsx', 'export', view('/api/users/export.xlsx', matrix(['admin', 'office', 'eco', 'guanxian', 'tianqiao'], USERS))),
  feed('GET /api/tokens', 'list', view('/api/tokens', [...matrix(['transporter', 'producer', 'office'], { token: ['transporter'] }), ...refused(403, 'eco')])),
  feed('GET /api/webhooks', 'list', view('/api/webhooks', matrix(['transporter', 'producer', 'muck'], { hook: ['transporter'] }))),
  feed('GET /api/webhooks/:id/deliveries', 'list', view((x) => `/api/webhooks/${x.id.hook}/deliveries`, [{ who: 'transporter', status: 200 }, { who: 'producer', denied: true }, { who: 'office', denied: true }])),

  // Household waste (生活垃圾): the register and the weighbridges, for the departments that keep it (urban
  // management, housing) and the office, in their own area; ecology, health and companies are refused.
  feed('GET /api/household/places', 'list',
    view('/api/household/places?regionCode=371581001&pageSize=100', [...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao'], { lqCommunity: ['admin', 'office', 'urban', 'housing'] }), ...refused(403, 'eco', 'health', 'guanxian', 'producer')]),
    view('/api/household/places?regionCode=370105001&pageSize=100', matrix(['admin', 'office', 'urban', 'tianqiao'], { tqCommunity: ['admin', 'tianqiao'] }))),
  feed('GET /api/household/places/template.xlsx', 'export',
    view('/api/household/places/template.xlsx', [...matrix(['office', 'urban', 'housing', 'tianqiao'], { lqCommunity: ['office', 'urban', 'housing'], tqCommunity: ['tianqiao'] }), ...refused(403, 'eco', 'producer')])),
  feed('GET /api/household/facilities', 'list', view('/api/household/facilities?pageSize=100', [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao', 'producer'], { lqPlant: ['admin', 'office', 'urban', 'housing'], tqPlant: ['admin', 'tianqiao'] }), ...refused(403, 'eco', 'health', 'guanxian')])),
  feed('GET /api/household/vehicles', 'list', view('/api/household/vehicles?pageSize=100', [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao'], { lqTruck: ['admin', 'office', 'urban', 'housing'], tqTruck: ['admin', 'tianqiao'] }), ...refused(403, 'eco', 'guanxian', 'producer')])),
  feed('GET /api/household/routes', 'list', view('/api/household/routes?pageSize=100', [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao'], { lqRoute: ['admin', 'office', 'urban', 'housing'], tqPlant: ['admin', 'tianqiao'] }), ...refused(403, 'eco', 'health', 'producer')])),
  feed('GET /api/weighbridge/tickets', 'list',
    view(`/api/weighbridge/tickets?plate=${encodeURIComponent('鲁PH1101')}&from=${WEEK_AGO}&pageSize=100`, [...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao', 'producer'], { lqPlant: ['admin', 'office', 'urban', 'housing'] }), ...refused(403, 'eco', 'guanxian')]),
    view(`/api/weighbridge/tickets?plate=${encodeURIComponent('鲁AH2201')}&from=${WEEK_AGO}&pageSize=100`, matrix(['admin', 'office', 'urban', 'tianqiao', 'producer'], { tqPlant: ['admin', 'tianqiao'] }))),
  feed('GET /api/household/tonnage', 'list', view(`/api/household/tonnage?by=facility&from=${WEEK_AGO}`, [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao'], { lqPlant: ['admin', 'office', 'urban', 'housing'], tqPlant: ['admin', 'tianqiao'] }), ...refused(403, 'eco', 'health', 'guanxian', 'producer')])),

  // 绿色账户: households, deliveries and rates for the keepers of the household register in their area;
  // the station (the collection point's operator) looks up cards of its county and reads its own
  // point's deliveries; a resident reads his own household only; ecology and health nothing.
  feed('GET /api/green/households', 'list', view('/api/green/households?cardNo=LQ10002', [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao', 'station', 'producer'], { lqCard: ['admin', 'office', 'urban', 'housing', 'station'] }), ...refused(403, 'eco', 'health', 'guanxian', 'resident')])),
  feed('GET /api/green/households/:id/card', 'detail', view((x) => `/api/green/households/${x.id.greenHousehold}/card`,
    detail('lqCard', ['admin', 'office', 'urban', 'housing'], ['tianqiao', 'eco', 'station', 'producer', 'resident']))),
  feed('GET /api/green/deliveries', 'list', view((x) => `/api/green/deliveries?facilityId=${x.id.greenPoint}&pageSize=5`, [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao', 'station', 'producer', 'wte'], { lqGreenPoint: ['admin', 'office', 'urban', 'housing', 'station'] }), ...refused(403, 'eco', 'health', 'resident')])),
  feed('GET /api/green/rates', 'list', view('/api/green/rates?pageSize=100', [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao'], { lqGreenCommunity: ['admin', 'office', 'urban', 'housing'] }), ...refused(403, 'eco', 'health', 'station', 'producer', 'resident')])),
  feed('GET /api/green/rules', 'detail', view('/api/green/rules?regionCode=371581', [
    { who: 'urban', check: (b) => expect(b.regionCode).toBe('371581') },
    { who: 'tianqiao', name: 'asking for 临清’s rules gets its own region’s', check: (b) => expect(b.regionCode).toBe('370105') },
    { who: 'resident', name: 'gets the rules of his own town', check: (b) => expect(b.regionCode).toBe('371581001') }])),
  feed('GET /api/green/me', 'detail', view('/api/green/me', [{ who: 'resident', sees: ['residentCard'], hides: ['lqCard'] }, ...refused(403, 'urban', 'station', 'producer')])),
  feed('GET /api/green/me/history', 'list', view('/api/green/me/history?pageSize=100', [
    { who: 'resident', name: 'reads his own entries only', check: (b) => { expect(b.total).toBeGreaterThan(0); expect(b.items.length).toBe(Math.min(b.total, 100)); } }, ...refused(403, 'urban', 'station')])),
  feed('GET /api/green/me/collection-points', 'list', view('/api/green/me/collection-points', [{ who: 'resident', sees: ['lqGreenPoint'] }, ...refused(403, 'urban', 'station')])),
  feed('GET /api/green/me/community', 'detail', view('/api/green/me/community', [{ who: 'resident', sees: ['lqGreenCommunity'] }, ...refused(403, 'urban', 'station', 'eco')])),
  // Kitchen waste (餐厨垃圾): the producers under contract for the departments that regulate the stream
  // (urban management, housing) and the office of the area; a collector its own producers, a producer
  // itself. The ledger is the receiving side of the manifests each caller may see. The choosers list
  // the verified collectors and receivers of the caller's city (聊城: 冠县 and 临清 alike).
  feed('GET /api/kitchen/producers', 'list', view('/api/kitchen/producers?pageSize=100', [
    ...matrix(['admin', 'office', 'urban', 'housing', 'tianqiao', 'restaurant', 'kwCollector', 'kwPlant', 'producer'],
      { lqRestaurant: ['admin', 'office', 'urban', 'housing', 'restaurant', 'kwCollector'], lqHotel: ['admin', 'office', 'urban', 'housing', 'kwCollector'] }),
    ...refused(403, 'eco', 'health', 'guanxian')])),
  feed('GET /api/kitchen/ledger', 'list', view('/api/kitchen/ledger?pageSize=100', matrix(['admin', 'office', 'urban', 'housing', 'eco', 'health', 'guanxian', 'tianqiao', 'restaurant', 'kwCollector', 'kwPlant', 'producer'],
    { lqRestaurant: ['admin', 'office', 'urban', 'housing', 'restaurant', 'kwCollector', 'kwPlant'], lqHotel: ['admin', 'office', 'urban', 'housing', 'kwCollector', 'kwPlant'] }))),
  feed('GET /api/kitchen/ledger.xlsx', 'export', view('/api/kitchen/ledger.xlsx?wasteCode=KW01', matrix(['office', 'urban', 'eco', 'guanxian', 'restaurant', 'kwPlant', 'producer'],
    { lqRestaurant: ['office', 'urban', 'restaurant', 'kwPlant'], lqHotel: ['office', 'urban', 'kwPlant'] }))),
  feed('GET /api/kitchen/collectors', 'list', view('/api/kitchen/collectors?pageSize=100', matrix(['urban', 'guanxian', 'tianqiao', 'restaurant', 'siteTianqiao'],
    { kwCollectorName: ['urban', 'guanxian', 'restaurant'] }))),
  feed('GET /api/kitchen/receivers', 'list',
    view('/api/kitchen/receivers?wasteCode=KW01', matrix(['urban', 'tianqiao', 'restaurant', 'siteTianqiao'], { lqKitchenPlantOperator: ['urban', 'restaurant'] })),
    view('/api/kitchen/receivers?wasteCode=KW02', matrix(['restaurant', 'siteTianqiao'], { oilRecycler: ['restaurant'] }))),
  // Straw filings and film ledgers for the departments that regulate them
  // (agriculture; the office and a general department) in their area; ecology and health are refused;
  // 天桥区 sees none of 临清's; a company sees its own film rows only (the producer has none).
  feed('GET /api/straw/seasons', 'list', view(`/api/straw/seasons?year=${LAST_YEAR}&pageSize=100`, [
    ...['admin', 'office'].map((who) => ({ who: who as Who, name: 'sees 临清’s sixteen towns', check: (b: { items: { regionCode: string }[] }) => expect(new Set(b.items.filter((i) => i.regionCode.startsWith('371581')).map((i) => i.regionCode)).size).toBe(16) })),
    { who: 'tianqiao', name: 'sees none of 临清’s filings', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    ...refused(403, 'eco', 'health', 'urban', 'guanxian', 'producer')])),
  feed('GET /api/straw/summary', 'list', view(`/api/straw/summary?year=${LAST_YEAR}&by=town&pageSize=100`, [
    { who: 'office', name: 'reads 临清’s towns', check: (b) => expect(b.total).toBe(16) },
    { who: 'tianqiao', name: 'reads nothing of 临清', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    ...refused(403, 'eco', 'health', 'guanxian', 'producer')])),
  feed('GET /api/straw/coefficients', 'detail', view('/api/straw/coefficients', [
    { who: 'office', name: 'reads 临清’s measured maize figures', check: (b) => expect(b.items.find((c: { crop: string }) => c.crop === 'maize').regionCode).toBe('371581') },
    { who: 'tianqiao', name: 'reads its own region’s (the defaults), not 临清’s', check: (b) => expect(b.items.find((c: { crop: string }) => c.crop === 'maize').isDefault).toBe(true) },
    ...refused(403, 'eco', 'producer')])),
  feed('GET /api/straw/template.xlsx', 'export', view(`/api/straw/template.xlsx?year=${LAST_YEAR}&harvest=summer`, refused(403, 'office', 'eco', 'tianqiao', 'producer'))),
  feed('GET /api/film/records', 'list', view(`/api/film/records?year=${LAST_YEAR}&pageSize=100`, [
    { who: 'office', name: 'sees 临清’s film ledgers', check: (b) => expect(b.items.some((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toBe(true) },
    ...(['tianqiao', 'producer'] as Who[]).map((who) => ({ who, name: 'sees none of 临清’s dealers, users and stations', check: (b: { items: { regionCode: string }[] }) => expect(b.items.filter((i) => i.regionCode.startsWith('371581'))).toEqual([]) })),
    ...refused(403, 'eco', 'health', 'guanxian')])),
  feed('GET /api/film/summary', 'list', view(`/api/film/summary?year=${LAST_YEAR}&pageSize=100`, [
    { who: 'office', name: 'reads 临清’s towns', check: (b) => expect(b.total).toBeGreaterThan(0) },
    { who: 'tianqiao', name: 'reads nothing of 临清', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    ...refused(403, 'eco', 'guanxian', 'producer')])),
  feed('GET /api/film/refusals', 'list', view('/api/film/refusals?pageSize=100', [
    { who: 'office', name: 'sees the demo’s refused thin-mulch sale', check: (b) => expect(b.items.some((i: { thicknessMm: number }) => i.thicknessMm === 0.008)).toBe(true) },
    ...(['tianqiao', 'producer'] as Who[]).map((who) => ({ who, name: 'sees no refusal of 临清’s dealers', check: (b: { items: { regionCode: string }[] }) => expect(b.items.filter((i) => i.regionCode.startsWith('371581'))).toEqual([]) })),
    ...refused(403, 'eco', 'guanxian')])),
  // 农药包装废弃物 and farm inputs (issue 16): the agriculture bureau, the office and the admin see the county's books; 松林镇's
  // agricultural station only its town's; a dealer its own; a station its receipts and a dealer its hand-overs; ecology
  // and urban management are refused the books; the loads follow the manifests (ecology only those managed as hazardous waste).
  ...(['GET /api/pesticide/sales', 'GET /api/pesticide/returns', 'GET /api/pesticide/dealers', 'GET /api/farm-inputs/fertiliser-sales'].map((route) =>
    feed(route, 'list', view(`${route.slice(4)}?pageSize=100`, [
      ...matrix(['admin', 'office', 'agri', 'songlin', 'tianqiao', 'dealer', 'agstation'], { songlinDealer: ['admin', 'office', 'agri', 'songlin', 'dealer'], yandianDealer: ['admin', 'office', 'agri'] }),
      ...refused(403, 'eco', 'urban')])))),
  feed('GET /api/pesticide/dealer-choices', 'list', view('/api/pesticide/dealer-choices?pageSize=100',
    matrix(['agstation', 'dealer', 'agri', 'tianqiao', 'siteTianqiao'], { songlinDealer: ['agstation', 'dealer', 'agri'], yandianDealer: ['agstation', 'dealer', 'agri'] }))),
  // 再生资源预约回收 (issue 17): a resident his own; the company those offered to it; a collector his; the commerce bureau its area.
  feed('GET /api/recycling/bookings', 'list', view('/api/recycling/bookings?pageSize=100', [
    ...matrix(['admin', 'office', 'resident', 'tianqiao', 'producer', RB.recycler, RB.rrcollector, RB.commerce],
      { rbMine: ['admin', 'office', 'resident', RB.recycler, RB.rrcollector, RB.commerce], rbTheirs: ['admin', 'office', RB.recycler, RB.commerce] }),
    ...refused(403, 'eco', 'urban')])),
  feed('GET /api/recycling/bookings/:id', 'detail', view((x) => `/api/recycling/bookings/${x.id.rbMine}`,
    detail('rbMine', ['resident', RB.recycler, RB.rrcollector, RB.commerce, 'office'], ['tianqiao', 'producer', 'urban', 'station']))),
  feed('GET /api/recycling/bookings/service-level', 'list', view('/api/recycling/bookings/service-level?regionCode=371581', [
    { who: RB.commerce, check: (b) => expect(b.total.bookings).toBeGreaterThan(30) }, { who: 'office', check: (b) => expect(b.total.bookings).toBeGreaterThan(30) },
    ...refused(403, 'resident', 'urban', 'producer', RB.recycler, 'tianqiao')])),
  feed('GET /api/recycling/collector/visits', 'list', view('/api/recycling/collector/visits', [
    { who: RB.rrcollector, check: (b) => expect(b.collector.name).toBe('孟凡军') }, ...refused(403, 'resident', RB.recycler, 'producer', RB.commerce)])),
  feed('GET /api/recycling/booking-places', 'list', view('/api/recycling/booking-places?pageSize=100', [
    { who: 'resident', sees: ['lqCommunity'], hides: ['tqCommunity'] }, ...refused(403, 'office', RB.recycler, 'urban')])),
  feed('GET /api/recycling/booking-prices', 'list', view((x) => `/api/recycling/booking-prices?placeId=${x.id.rbPlace}`, [
    { who: 'resident', check: (b) => expect(b.companies[0].prices.length).toBeGreaterThan(10) }, ...refused(403, 'office', RB.recycler, 'producer')])),
  feed('GET /api/recycling/collectors', 'list', view('/api/recycling/collectors?pageSize=100', [
    ...matrix([RB.recycler, RB.commerce, 'office', 'tianqiao'], { rbCollector: [RB.recycler, RB.commerce, 'office'] }), ...refused(403, 'resident', 'producer', 'urban', RB.rrcollector)])),
  feed('GET /api/recycling/price-lists', 'list', view('/api/recycling/price-lists?pageSize=100', [
    ...matrix([RB.recycler, RB.commerce, 'office', 'tianqiao'], { rbCompany: [RB.recycler, RB.commerce, 'office'] }), ...refused(403, 'resident', 'producer', 'urban')])),
  feed('GET /api/pesticide/receipts', 'list', view('/api/pesticide/receipts?pageSize=100', [
    ...matrix(['admin', 'office', 'agri', 'songlin', 'tianqiao', 'dealer', 'agstation', 'filmRecycler'],
      { songlinStation: ['admin', 'office', 'agri', 'songlin', 'dealer', 'agstation'], yandianStation: ['admin', 'office', 'agri'] }),
    ...refused(403, 'eco', 'urban')])),
  feed('GET /print/pesticide-receipts/:id', 'print', view((x) => `/print/pesticide-receipts/${x.id.songlinReceipt}`,
    detail('songlinStation', ['agri', 'songlin', 'dealer', 'agstation'], ['eco', 'tianqiao', 'producer', 'filmRecycler']))),
  feed('GET /api/pesticide/utilisers', 'list', view('/api/pesticide/utilisers?pageSize=100',
    matrix(['agri', 'agstation', 'dealer', 'tianqiao', 'siteTianqiao'], { pesticideRecycler: ['agri', 'agstation', 'dealer'] }))),
  feed('GET /api/pesticide/loads', 'list', view('/api/pesticide/loads?pageSize=100', [
    ...matrix(['admin', 'office', 'agri', 'songlin', 'eco', 'tianqiao', 'receiver', 'transporter', 'filmRecycler', 'agstation'],
      { pesticideRecycler: ['admin', 'office', 'agri', 'filmRecycler'], pesticideHazReceiver: ['admin', 'office', 'agri', 'eco', 'receiver', 'transporter'] }),
    ...refused(403, 'urban', 'health')])),
  feed('GET /api/pesticide/recovery', 'list', view('/api/pesticide/recovery', [
    { who: 'agri', name: 'gets the 16 towns of 临清', check: (b) => expect(b.items).toHaveLength(16) },
    { who: 'songlin', name: 'gets its own town only', check: (b) => expect(b.items.map((r: { town: string }) => r.town)).toEqual(['371581101']) },
    { who: 'tianqiao', name: 'gets no town of 临清', check: (b) => expect(b.items).toHaveLength(0) },
    ...refused(403, 'eco', 'urban', 'dealer', 'agstation')])),
  feed('GET /api/farm-inputs/use', 'detail', view('/api/farm-inputs/use', [
    { who: 'agri', name: 'gets 临清 from the dealers’ books', check: (b) => { expect(b.regionCode).toBe('371581'); expect(b.items[0].current.registered).toBe(20); } },
    { who: 'tianqiao', name: 'gets 天桥区 from its statistics', check: (b) => { expect(b.regionCode).toBe('370105'); expect(b.items[0].current.source).toBe('statistics'); } },
    ...refused(403, 'eco', 'urban', 'dealer', 'agstation')])),
  feed('GET /api/pesticide/destinations', 'list', view('/api/pesticide/destinations', matrix(['agstation', 'siteTianqiao'], { pesticideRecycler: ['agstation'] }))),
  // 病死畜禽 (carcass): the agriculture bureau sees 临清's reports, 松林镇's station its town's, a farm its own, the plant its
  // county's (it collects them); other departments are refused; a company that is neither farm nor plant sees none.
  feed('GET /api/carcass/reports', 'list', view('/api/carcass/reports?pageSize=100', [
    { who: 'agri', name: 'sees towns beyond 松林镇', check: (b) => { expect(b.total).toBeGreaterThan(100); expect(b.items.some((r: { regionCode: string }) => !r.regionCode.startsWith('371581101'))).toBe(true); } },
    { who: 'office', name: 'sees 临清’s reports', check: (b) => expect(b.total).toBeGreaterThan(100) },
    { who: 'songlin', name: 'sees 松林镇’s reports only', check: (b) => { expect(b.total).toBeGreaterThan(0); expect(b.items.every((r: { regionCode: string }) => r.regionCode.startsWith('371581101'))).toBe(true); } },
    { who: 'farm', name: 'sees its own reports only', check: (b) => { expect(b.total).toBeGreaterThan(0); expect(b.items.every((r: { farmName: string | null }) => r.farmName === '临清市松林镇鑫旺生猪养殖场')).toBe(true); } },
    { who: 'carcassPlant', name: 'sees its county’s reports', check: (b) => { expect(b.total).toBeGreaterThan(100); expect(b.items.every((r: { regionCode: string }) => r.regionCode.startsWith('371581'))).toBe(true); } },
    { who: 'producer', name: 'sees none', check: (b) => expect(b.total).toBe(0) },
    { who: 'tianqiao', name: 'sees none of 临清’s', check: (b) => expect(b.total).toBe(0) },
    ...refused(403, 'eco', 'health', 'urban', 'guanxian')])),
  feed('GET /api/carcass/summary', 'detail', view(() => `/api/carcass/summary?year=${new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()}`, [
    { who: 'agri', name: 'gets 临清’s rate', check: (b) => { expect(b.reported).toBeGreaterThan(0); expect(b.rate).toBeGreaterThan(90); } },
    { who: 'songlin', name: 'gets 松林镇’s figures', check: (b) => expect(b.reported).toBeGreaterThan(0) },
    { who: 'farm', name: 'gets its own figures', check: (b) => expect(b.reported).toBeGreaterThan(0) },
    { who: 'producer', name: 'gets nothing', check: (b) => expect(b.reported).toBe(0) },
    ...refused(403, 'eco', 'urban', 'guanxian')])),
  feed('GET /api/carcass/rounds', 'list', view('/api/carcass/rounds?pageSize=100', [
    { who: 'carcassPlant', name: 'sees its rounds', check: (b) => expect(b.total).toBeGreaterThan(5) },
    { who: 'carcassDriver', name: 'sees his company’s rounds', check: (b) => expect(b.total).toBeGreaterThan(5) },
    { who: 'agri', name: 'sees the rounds of 临清', check: (b) => expect(b.total).toBeGreaterThan(5) },
    { who: 'songlin', name: 'sees the rounds with a stop in 松林镇', check: (b) => expect(b.total).toBeGreaterThan(0) },
    { who: 'farm', name: 'sees the rounds with its stop', check: (b) => { expect(b.total).toBeGreaterThan(0); expect(b.total).toBeLessThan(20); } },
    { who: 'producer', name: 'sees none', check: (b) => expect(b.total).toBe(0) },
    { who: 'tianqiao', name: 'sees none', check: (b) => expect(b.total).toBe(0) },
    ...refused(403, 'eco', 'guanxian')])),
  feed('GET /api/carcass/rounds/:id', 'detail', view((w) => `/api/carcass/rounds/${w.id.carcassRound}`, [
    { who: 'carcassPlant', name: 'sees its round with the track', check: (b) => { expect(b.stops).toHaveLength(3); expect(b.track.length).toBeGreaterThan(10); } },
    { who: 'carcassDriver', name: 'sees the round he drives', check: (b) => expect(b.isDriver).toBe(true) },
    { who: 'agri', name: 'sees the round', check: (b) => expect(b.stops).toHaveLength(3) },
    { who: 'songlin', name: 'sees the round through its town', check: (b) => expect(b.stops).toHaveLength(3) },
    { who: 'farm', name: 'sees its own stop in full, the others by progress only', check: (b) => { expect(b.stops.filter((s: { mine: boolean }) => s.mine)).toHaveLength(1); expect(b.stops.filter((s: { number: string | null }) => s.number === null)).toHaveLength(2); expect(b.track).toEqual([]); } },
    ...refused(404, 'producer', 'tianqiao'), ...refused(403, 'eco', 'guanxian')])),
  // farms and their manure for agriculture (the bureau its city, 松林镇's station its town),
  // the office and the admin; a farm itself; the fertiliser plant sees hand-overs (manifests), not the farms' books.
  feed('GET /api/livestock/farms', 'list', view('/api/livestock/farms?pageSize=100', [
    ...matrix(['admin', 'office', 'agri', 'songlin', 'farm', 'fertPlant', 'tianqiao', 'producer'],
      { lqFarm01: ['admin', 'office', 'agri', 'songlin', 'farm'], lqFarm10: ['admin', 'office', 'agri'] }),
    ...refused(403, 'eco', 'health', 'guanxian', 'urban')])),
  feed('GET /api/livestock/farms/:id/years', 'detail', view((x) => `/api/livestock/farms/${x.id.lqFarm10}/years`, [
    ...['admin', 'office', 'agri'].map((who) => ({ who: who as Who, sees: ['lqFarm10'] })),
    ...refused(404, 'songlin', 'farm', 'fertPlant', 'tianqiao'), ...refused(403, 'eco', 'urban')])),
  feed('GET /api/livestock/manure', 'list', view(`/api/livestock/manure?year=${new Date().getFullYear() - 1}&pageSize=100`, [
    ...matrix(['admin', 'office', 'agri', 'songlin', 'farm', 'fertPlant', 'tianqiao'],
      { lqFarm01: ['admin', 'office', 'agri', 'songlin', 'farm'], lqFarm10: ['admin', 'office', 'agri'] }),
    ...refused(403, 'eco', 'health')])),
  feed('GET /api/livestock/summary', 'detail', view(`/api/livestock/summary?year=${new Date().getFullYear() - 1}`, [
    { who: 'agri', name: 'counts the city’s thirty farms', check: (b) => expect(b.farms).toBe(30) },
    { who: 'songlin', name: 'counts its town’s three farms', check: (b) => expect(b.farms).toBe(3) },
    { who: 'farm', name: 'counts itself', check: (b) => expect(b.farms).toBe(1) },
    { who: 'fertPlant', name: 'counts no farm', check: (b) => expect(b.farms).toBe(0) },
    { who: 'tianqiao', name: 'counts no farm of 临清', check: (b) => expect(b.farms).toBe(0) },
    ...refused(403, 'eco', 'urban')])),
  feed('GET /api/livestock/plants', 'list', view('/api/livestock/plants', matrix(['farm', 'agri', 'tianqiao'], { fertPlantName: ['farm', 'agri'] }))),
  // 再生资源 (issue 17): the monthly reports of a county's commerce bureau are its own and its city bureau's (and 临清's office's for
  // 临清); reminders and notices those of the county named and the city; a mall application the mall's, its county's and city's bureaus'.
  feed('GET /api/recycling/reports', 'list', view('/api/recycling/reports?pageSize=100', [
    ...matrix(['admin', 'office', 'commerce', 'commerceGuanxian', 'commerceCity', 'tianqiao'], { lqCommerceName: ['admin', 'office', 'commerce', 'commerceCity'], gxCommerceName: ['admin', 'commerceGuanxian', 'commerceCity'] }),
    ...refused(403, 'eco', 'producer', 'mall')])),
  feed('GET /api/recycling/reports/:id', 'detail', view((x) => `/api/recycling/reports/${x.id.lqReport}`,
    detail('lqCommerceName', ['admin', 'office', 'commerce', 'commerceCity'], ['commerceGuanxian', 'tianqiao', 'eco', 'producer', 'mall']))),
  feed('GET /api/recycling/reports/grid', 'list', view((x) => `/api/recycling/reports/grid?year=${x.year}`, [
    { who: 'commerceCity', name: 'gets 聊城’s eight counties', check: (b) => expect(b.rows).toHaveLength(8) },
    { who: 'commerceGuanxian', name: 'gets 冠县 only', check: (b) => expect(b.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371525']) },
    { who: 'office', name: 'gets 临清 only', check: (b) => expect(b.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371581']) },
    { who: 'tianqiao', name: 'gets no county of 聊城', check: (b) => expect(b.rows).toEqual([]) },
    ...refused(403, 'eco', 'producer', 'mall')])),
  feed('GET /api/recycling/reports/actions', 'list', view('/api/recycling/reports/actions?pageSize=100', [
    ...matrix(['admin', 'office', 'commerce', 'commerceGuanxian', 'commerceCity'], { shenxianNotice: ['admin', 'commerceCity'], guanxianReminder: ['admin', 'commerceGuanxian', 'commerceCity'] }),
    ...refused(403, 'eco', 'mall')])),
  feed('GET /api/recycling/reports/tasks', 'list', view('/api/recycling/reports/tasks', [
    { who: 'commerceGuanxian', name: 'gets 聊城’s ten tasks of seed 004', check: (b) => expect(b.items).toHaveLength(10) },
    { who: 'tianqiao', name: 'gets no task of 聊城', check: (b) => expect(b.items).toEqual([]) },
    ...refused(403, 'eco', 'producer', 'mall')])),
  feed('GET /api/cells', 'list', view('/api/cells?pageSize=100', [
    // a company that is no mall gets its own applications: none.
    // a department reads the kinds it names in its area: ecology the factories, urban management the communities.
    ...matrix(['admin', 'office', 'commerce', 'commerceGuanxian', 'commerceCity', 'tianqiao', 'mall', 'producer', 'eco', 'urban'],
      { yinzuoName: ['admin', 'office', 'commerce', 'commerceCity'], jialejiaName: ['admin', 'office', 'commerce', 'commerceCity', 'mall'], gxMallName: ['admin', 'commerceGuanxian', 'commerceCity'],
        cementCell: ['admin', 'office', 'eco'], wenquanCell: ['admin', 'office', 'urban'] }),
    ...refused(403, 'resident')])),
  feed('GET /api/cells/:id', 'detail', view((x) => `/api/cells/${x.id.yinzuoCell}`,
    detail('yinzuoName', ['admin', 'office', 'commerce', 'commerceCity'], ['commerceGuanxian', 'tianqiao', 'eco', 'producer', 'mall']))),
  feed('GET /api/cells/counts', 'list', view('/api/cells/counts', [
    { who: 'office', name: 'counts 临清’s cells against 30 by 2025', check: (b) => expect(b.total.find((y: { year: number }) => y.year === 2025).target).toBe(30) },
    { who: 'tianqiao', name: 'counts 天桥区’s cells only, with no 临清 target', check: (b) => expect([b.regionCode, b.total[0].target]).toEqual(['370105', null]) },
    ...refused(403, 'producer', 'mall', 'resident')])),
  feed('GET /api/cells/checklists', 'list', view('/api/cells/checklists', [
    { who: 'office', name: 'gets every kind’s checklist', check: (b) => expect(b.items.length).toBe(13) },
    { who: 'eco', name: 'gets the factory and park checklists', check: (b) => expect(b.items.map((k: { kind: string }) => k.kind)).toEqual(['factory', 'park']) },
    ...refused(403, 'resident', 'driver')])),
  feed('GET /api/cells/targets', 'list', view('/api/cells/targets', [
    { who: 'commerceCity', name: 'counts 聊城’s 28 malls named by 2025', check: (b) => expect(b.city.years.find((y: { year: number }) => y.year === 2025).cumulative).toBe(28) },
    { who: 'commerceGuanxian', name: 'gets 冠县’s row only', check: (b) => expect(b.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371525']) },
    ...refused(403, 'eco', 'producer', 'mall')])),
  // 信访投诉举报 (issue 18): the office sees its area's reports, a department those routed to it; other areas none; companies and residents nothing.
  feed('GET /api/complaints', 'list', view('/api/complaints?pageSize=100', [
    { who: 'office', name: 'sees 临清’s reports only', check: (b) => { expect(b.total).toBeGreaterThan(100); expect(b.items.every((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toBe(true); } },
    { who: 'urban', name: 'sees only the reports routed to urban management', check: (b) => { expect(b.total).toBeGreaterThan(0); expect(b.items.every((i: { domain: string }) => i.domain === 'urban')).toBe(true); } },
    ...(['guanxian', 'tianqiao'] as Who[]).map((who) => ({ who, name: 'sees none of 临清’s reports', check: (b: { items: { regionCode: string }[] }) => expect(b.items.filter((i) => i.regionCode.startsWith('371581'))).toEqual([]) })),
    ...refused(403, 'producer', 'resident')])),
  // 我的运输 (issue 20): a driver gets the loads naming his own driver record; another company's driver none of them; the desk is refused.
  feed('GET /api/driver/loads', 'list', view('/api/driver/loads?pageSize=100', [
    { who: 'driver', sees: ['haz'], hides: ['med', 'ind', 'con', 'tq'] },
    { who: 'driverMed', hides: ['haz', 'ind', 'con', 'tq'] },
    { who: 'driverMuck', hides: ['haz', 'med', 'ind', 'tq'] },
    ...refused(403, 'transporter', 'producer', 'office')])),
  feed('GET /api/complaints/mine', 'list', view('/api/complaints/mine', [
    { who: 'resident', name: 'gets his own reports', check: (b) => expect(b.total).toBeGreaterThan(0) },
    ...refused(403, 'office', 'producer')])),
  feed('GET /api/complaints/routes', 'list', view('/api/complaints/routes', [
    { who: 'office', name: 'gets 临清’s routing table', check: (b) => expect(b.regionCode).toBe('371581') },
    { who: 'tianqiao', name: 'gets its own region’s table, not 临清’s', check: (b) => expect(b.regionCode).not.toBe('371581') },
    ...refused(403, 'producer', 'resident')])),
  feed('GET /api/work-calendar', 'list', view('/api/work-calendar', [
    { who: 'office', name: 'gets 临清’s calendar', check: (b) => expect(b.regionCode).toBe('371581') },
    { who: 'tianqiao', name: 'gets its own region’s calendar', check: (b) => expect(b.regionCode).not.toBe('371581') },
    { who: 'producer', name: 'gets its own region’s calendar, not editable', check: (b) => { expect(b.regionCode.startsWith('371581')).toBe(true); expect(b.editable).toBe(false); } }])),
  // 再生资源 (issue 17): the commerce bureau and the office see the county's stations; a station its own; the recycling
  // company its network; ecology the e-waste only; urban management nothing; a factory none of it.
  ...(['GET /api/recycling/intake', 'GET /api/recycling/sites'].map((route) => feed(route, 'list', view(`${route.slice(4)}?pageSize=100`, [
    ...matrix(['admin', 'office', 'commerce', 'rrStation', 'recycler', 'tianqiao', 'producer'], { rrStation1: ['admin', 'office', 'commerce', 'rrStation', 'recycler'], rrStation5: ['admin', 'office', 'commerce', 'recycler'] }),
    ...refused(403, 'eco', 'urban')])))),
  feed('GET /api/recycling/intake.xlsx', 'export', view(`/api/recycling/intake.xlsx?source=walk_in`, matrix(['office', 'commerce', 'rrStation', 'tianqiao', 'producer'],
    { rrStation1: ['office', 'commerce', 'rrStation'], rrStation5: ['office', 'commerce'] }))),
  feed('GET /api/recycling/intake/month', 'detail', view((x) => `/api/recycling/intake/month?month=${x.month}`, [
    { who: 'rrStation', name: 'totals its own month', check: (b) => expect(b.totalT).toBeGreaterThan(0) },
    { who: 'commerce', name: 'totals the county’s month', check: (b) => expect(b.totalT).toBeGreaterThan(0) },
    { who: 'tianqiao', name: 'totals nothing of 临清', check: (b) => expect(b.totalT).toBe(0) },
    ...refused(403, 'eco', 'urban')])),
  feed('GET /api/recycling/sellers', 'list', view('/api/recycling/sellers?kind=institution&pageSize=100', [
    { who: 'rrStation', name: 'lists the county’s medical institutions', check: (b) => expect(b.items.map((i: { name: string }) => i.name)).toContain('临清市人民医院') },
    ...refused(403, 'commerce', 'producer', 'eco')])),
  feed('GET /api/recycling/ewaste/units', 'list', view('/api/recycling/ewaste/units?pageSize=100', [
    ...matrix(['admin', 'office', 'commerce', 'eco', 'rrStation', 'recycler', 'tianqiao', 'producer'], { rrStation1: ['admin', 'office', 'commerce', 'eco', 'rrStation', 'recycler'] }),
    ...refused(403, 'urban')])),
  feed('GET /api/recycling/ewaste/units/:id', 'detail', view((x) => `/api/recycling/ewaste/units/${x.id.rrUnit}`,
    detail('rrStation1', ['admin', 'office', 'commerce', 'eco', 'rrStation', 'recycler'], ['tianqiao', 'producer', 'urban']))),
  feed('GET /api/recycling/ewaste/summary', 'list', view('/api/recycling/ewaste/summary', [
    ...matrix(['office', 'commerce', 'eco', 'rrStation', 'tianqiao', 'producer'], { rrStation1: ['office', 'commerce', 'eco', 'rrStation'], rrStation5: ['office', 'commerce', 'eco'] }),
    ...refused(403, 'urban')])),
  feed('GET /api/recycling/coverage', 'detail', view('/api/recycling/coverage', [
    { who: 'commerce', name: 'sees 临清’s communities and its sorting centre', check: (b) => { expect(b.communities).toBeGreaterThan(0); expect(b.counties[0].countyCode).toBe('371581'); } },
    { who: 'tianqiao', name: 'sees no station of 临清', check: (b) => expect(b.counties.filter((c: { countyCode: string }) => c.countyCode === '371581')).toEqual([]) },
    ...refused(403, 'eco', 'urban', 'rrStation', 'producer')])),
  // 信息公开 (issue 18): an office's console holds its own area's articles and datasets; nobody else's console has them.
  feed('GET /api/portal/articles', 'list', view('/api/portal/articles?pageSize=100', [
    ...matrix(['admin', 'office', 'tianqiao'], { lqArticle: ['admin', 'office'], tqArticle: ['admin', 'tianqiao'] }), ...refused(403, 'eco', 'producer', 'resident')])),
  feed('GET /api/portal/articles/:id', 'detail', view((x) => `/api/portal/articles/${x.id.lqArticle}`, [...detail('lqArticle', ['admin', 'office'], ['tianqiao']), ...refused(403, 'eco', 'producer')])),
  feed('GET /api/portal/datasets', 'list', view('/api/portal/datasets?pageSize=100', [
    ...matrix(['admin', 'office', 'tianqiao'], { lqDataset: ['admin', 'office'], tqDataset: ['admin', 'tianqiao'] }), ...refused(403, 'eco', 'producer', 'resident')])),
  // 问卷调查 (issue 18): a county's surveys are its zero-waste office's (and the administrator's); departments and companies are refused.
  feed('GET /api/surveys', 'list', view('/api/surveys?pageSize=100', [
    ...matrix(['admin', 'office', 'tianqiao'], { lqSurveyTitle: ['admin', 'office'] }),
    ...refused(403, 'eco', 'producer', 'resident')])),
  ...(['', '/results'].map((tail) => feed(`GET /api/surveys/:id${tail}`, 'detail', view((x) => `/api/surveys/${x.id.lqSurvey}${tail}`,
    detail('lqSurveyTitle', ['admin', 'office'], ['tianqiao', 'eco', 'producer', 'resident']))))),
  feed('GET /api/surveys/:id/responses', 'list', view((x) => `/api/surveys/${x.id.lqSurvey}/responses?pageSize=100`, [
    { who: 'office', name: 'pages the survey’s answers', check: (b) => expect(b.total).toBeGreaterThan(600) },
    { who: 'tianqiao', status: 404 }, ...refused(403, 'eco', 'producer', 'resident')])),
  feed('GET /api/surveys/:id/responses.xlsx', 'export', view((x) => `/api/surveys/${x.id.lqSurvey}/responses.xlsx`, [
    { who: 'office', sees: ['lqSurveyTown'] }, { who: 'tianqiao', status: 404 }, ...refused(403, 'eco', 'producer')])),
  feed('GET /api/surveys/indicators', 'list', view('/api/surveys/indicators', [
    { who: 'office', name: 'offers 临清’s rows 43–45', check: (b) => expect(b.items.map((i: { no: number }) => i.no)).toEqual([43, 44, 45]) },
    { who: 'tianqiao', name: 'offers 天桥区’s rows 45–47 only', check: (b) => expect(b.items.map((i: { regionCode: string; no: number }) => `${i.regionCode} ${i.no}`)).toEqual(['370105 45', '370105 46', '370105 47']) },
    ...refused(403, 'eco', 'producer')])),
  // 双随机、一公开 and cases (issue 18): the ecology bureau, the office and the administrator see 临清's lists, draws,
  // checks and cases; 冠县 and 天桥 nothing of 临清; a company its own checks and cases; other departments are refused.
  feed('GET /api/inspections/risk-listings', 'list', view('/api/inspections/risk-listings?pageSize=100', [
    ...matrix(['admin', 'office', 'eco', 'guanxian', 'tianqiao'], { jintaiKey: ['admin', 'office', 'eco'] }), ...refused(403, 'producer', 'health', 'urban')])),
  feed('GET /api/inspections/pools', 'list', view('/api/inspections/pools?pageSize=100', [
    ...matrix(['admin', 'office', 'eco', 'guanxian', 'tianqiao'], { lqPoolName: ['admin', 'office', 'eco'] }), ...refused(403, 'producer', 'health')])),
  feed('GET /api/inspections/pools/:id', 'detail', view((x) => `/api/inspections/pools/${x.id.lqPool}`, detail('lqPoolName', ['admin', 'office', 'eco'], ['guanxian', 'tianqiao', 'producer', 'health']))),
  feed('GET /api/inspections/draws', 'list', view('/api/inspections/draws?pageSize=100', [
    ...matrix(['admin', 'office', 'eco', 'guanxian', 'tianqiao'], { lqDrawTitle: ['admin', 'office', 'eco'] }), ...refused(403, 'producer', 'health')])),
  feed('GET /api/inspections/draws/:id', 'detail', view((x) => `/api/inspections/draws/${x.id.lqDraw}`, detail('lqDrawTitle', ['admin', 'office', 'eco'], ['guanxian', 'tianqiao', 'producer', 'health']))),
  feed('GET /api/inspections', 'list', view('/api/inspections?pageSize=100', [
    { who: 'eco', name: 'gets 临清’s checks', check: (b) => expect(b.items.length).toBeGreaterThan(5) },
    { who: 'producer', name: 'gets 恒通’s checks only', check: (b) => expect(b.items.every((i: { organisationName: string }) => i.organisationName === '临清市恒通轴承制造有限公司')).toBe(true) },
    { who: 'power', name: 'gets 华能’s checks only', check: (b) => expect(b.items.every((i: { organisationName: string }) => i.organisationName === '华能临清热电有限公司')).toBe(true) },
    { who: 'guanxian', name: 'gets none of 临清’s', check: (b) => expect(b.total).toBe(0) },
    { who: 'tianqiao', name: 'gets none of 临清’s', check: (b) => expect(b.total).toBe(0) },
    ...refused(403, 'health', 'urban', 'driver')])),
  feed('GET /api/inspections/:id', 'detail', view((x) => `/api/inspections/${x.id.lqInspection}`, detail('lqInspectionDraw', ['admin', 'office', 'eco'], ['guanxian', 'tianqiao', 'producer', 'health']))),
  feed('GET /api/cases', 'list', view('/api/cases?pageSize=100', [
    ...matrix(['admin', 'office', 'eco', 'guanxian', 'tianqiao', 'producer', 'power'], { jindingCase: ['admin', 'office', 'eco'] }), ...refused(403, 'health', 'urban')])),
  feed('GET /api/cases/:id', 'detail', view((x) => `/api/cases/${x.id.lqCase}`, detail('jindingCase', ['admin', 'office', 'eco'], ['guanxian', 'tianqiao', 'producer', 'power', 'health']))),
  // 企业环境信用评价 (issue 18): officials read the enterprises of their area; an enterprise only its own record.
  feed('GET /api/credit/enterprises', 'list',
    view(`/api/credit/enterprises?q=${encodeURIComponent('恒通轴承')}&pageSize=100`, [...matrix(['admin', 'office', 'eco', 'urban', 'guanxian', 'tianqiao'], { hengtong: ['admin', 'office', 'eco', 'urban'] }), ...refused(403, 'producer', 'receiver', 'resident')]),
    // 冠县's verified producer (清泉汽车修理厂 is pending, so not yet a rated enterprise).
    view(`/api/credit/enterprises?q=${encodeURIComponent('冠华板材')}&pageSize=100`, matrix(['admin', 'office', 'eco', 'guanxian'], { guanxianBoard: ['admin', 'guanxian'] }))),
  feed('GET /api/credit/enterprises/:id', 'detail', view((x) => `/api/credit/enterprises/${x.id.hengtong}`,
    detail('hengtong', ['admin', 'office', 'eco', 'urban', 'producer'], ['guanxian', 'tianqiao', 'receiver', 'power']))),
  feed('GET /api/credit/mine', 'detail', view('/api/credit/mine', [
    { who: 'producer', sees: ['hengtong'], hides: ['lvyuan'] }, { who: 'receiver', sees: ['lvyuan'], hides: ['hengtong'] }, ...refused(404, 'eco', 'resident')])),
  feed('GET /api/credit/events', 'list', view('/api/credit/events?pageSize=100', [
    { who: 'eco', name: 'lists 临清’s events only', check: (b) => { expect(b.total).toBeGreaterThan(0); expect(b.items.every((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toBe(true); } },
    { who: 'guanxian', name: 'lists none of 临清’s', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    { who: 'tianqiao', name: 'lists none of 临清’s', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    ...refused(403, 'producer', 'receiver')])),
  feed('GET /api/credit/blacklist', 'list', view('/api/credit/blacklist?pageSize=100', [
    { who: 'office', name: 'lists 顺达汽修', check: (b) => expect(b.items.map((i: { organisationName: string }) => i.organisationName)).toContain('临清市顺达汽车维修服务有限公司') },
    { who: 'guanxian', name: 'lists nothing of 临清', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    ...refused(403, 'producer')])),
  feed('GET /api/credit/repairs', 'list', view('/api/credit/repairs?pageSize=100', [
    { who: 'eco', name: 'lists 临清’s requests', check: (b) => expect(b.total).toBeGreaterThan(0) },
    { who: 'guanxian', name: 'lists none of 临清’s', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    { who: 'producer', name: 'lists only its own', check: (b) => expect(b.items.filter((i: { organisationName: string }) => i.organisationName !== '临清市恒通轴承制造有限公司')).toEqual([]) },
    ...refused(403, 'resident')])),
  feed('GET /api/credit/ratings', 'list', view((x) => `/api/credit/ratings?year=${x.year}&pageSize=100`, [
    { who: 'eco', name: 'reads 临清’s rating of the year', check: (b) => { expect(b.runs.length).toBeGreaterThan(0); expect(b.total).toBeGreaterThan(0); } },
    { who: 'guanxian', name: 'reads nothing of 临清', check: (b) => expect(b.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]) },
    { who: 'tianqiao', name: 'reads nothing of 临清', check: (b) => expect(b.runs).toEqual([]) },
    ...refused(403, 'producer')])),
];

/**
 * GET routes without a row, and why: none of them returns records of a region, a department or a
 * company. Platform plumbing, the caller itself, national reference data, the public pages, and the
 * choosers that show the verified companies one may hand waste to (a public register by design).
 */
const EXCLUDED_PATTERNS: [RegExp, string][] = [
  [/^GET \/assets\//, 'the console’s built scripts and styles (no data)'],
  [/^GET \/(index\.html)?$/, 'the console’s page shell (no data)'],
  [/^GET \/(sw\.js|manifest\.webmanifest|app-icon\.svg)$/, 'the installable app’s service worker, manifest and icon (no data)'],
];
const EXCLUDED: Record<string, string> = {
  'GET /api/health': 'liveness: no records',
  'GET /api/meta/enums': 'vocabularies: no records',
  'GET /api/openapi.json': 'the API description',
  'GET /api/docs': 'the API description (Swagger UI)',
  'GET /api/docs/*': 'the API description (Swagger UI assets)',
  'GET /api/docs/json': 'the API description',
  'GET /api/docs/yaml': 'the API description',
  'GET /api/docs/static/index.html': 'the API description (Swagger UI)',
  'GET /api/docs/static/swagger-initializer.js': 'the API description (Swagger UI)',
  'GET /api/auth/me': 'the caller itself',
  'GET /api/tokens/whoami': 'the calling token itself',
  'GET /api/audit/verify': 'the hash chain’s verdict (counts and broken row ids, no row content); admin and office only',
  'GET /api/audit/status': 'the chain’s public key, last signed export (head hash and count) and last verdict, no row content; platform administrator only',
  'GET /api/audit/signing-key': 'the public key that verifies exported chain heads: public by design',
  'GET /api/regions': 'GB/T 2260 administrative divisions: public reference data',
  'GET /api/regions/:code': 'GB/T 2260 administrative divisions: public reference data',
  'GET /api/catalogues': 'national waste catalogues: public reference data',
  'GET /api/catalogues/:catalogue/entries': 'national waste catalogues: public reference data',
  'GET /api/catalogues/:catalogue/entries/export.xlsx': 'national waste catalogues: public reference data',
  'GET /api/manifests/rules/:stream': 'the streams’ rule tables: configuration',
  'GET /api/streams': 'the stream registry: configuration, the same for everyone',
  'GET /api/indicators/formulas': 'the formula registry: configuration, the same for everyone',
  'GET /api/manifests/receivers': 'chooser: licensed receivers with capacity left, the public licence register a producer picks from',
  'GET /api/manifests/transporters': 'chooser: verified transporters with their vehicles, the register a producer picks from',
  'GET /api/ledger/industrial-receivers': 'chooser: verified utilisers a producer may hand industrial waste to',
  'GET /api/rounds/producers': 'chooser: the verified producers of a collector’s city, for its round’s stops',
  'GET /api/public/recycled-products': 'public by design (再生产品供求信息, no login, no contact details)',
  'GET /api/public/recycled-products/kinds': 'public by design (product kinds on the public page)',
  'GET /api/portal/dataset-kinds': 'the open-data registry: configuration, the same for everyone',
  'GET /api/public/areas': 'public by design (信息公开: the areas with a published plan)',
  'GET /api/public/indicators': 'public by design (信息公开: an area’s indicator values and progress, no records behind them)',
  'GET /api/public/home': 'public by design (信息公开: an area’s counts and published articles)',
  'GET /api/public/articles': 'public by design (published articles only)',
  'GET /api/public/articles/:id': 'public by design (a published article only)',
  'GET /api/public/collection-points': 'public by design (verified stations with name and address, no contact)',
  'GET /api/public/recycling-prices': 'public by design (the prices companies publish)',
  'GET /api/public/open-data': 'public by design (the open-data catalogue)',
  'GET /api/public/open-data/:slug': 'public by design (a published dataset’s description)',
  'GET /api/public/open-data/:slug/rows': 'public by design (a published dataset, no personal data)',
  'GET /api/public/open-data/:slug/data.csv': 'public by design (a published dataset, no personal data)',
  'GET /api/public/open-data/:slug/data.xlsx': 'public by design (a published dataset, no personal data)',
  'GET /api/public/surveys': 'public by design (问卷调查: the published surveys open in a region, for the portal)',
  'GET /api/public/surveys/:id': 'public by design (a published survey to answer, without its quotas)',
  'GET /api/public/surveys/:id/qr.svg': 'public by design (the QR code of a published survey’s link)',
  'GET /api/public/inspections/draws': 'public by design (双随机、一公开: every draw with its seed)',
  'GET /api/public/inspections/draws/:id': 'public by design (a draw with its lists; officers’ names masked, no badge numbers)',
  'GET /api/public/inspections/draws/:id/verify': 'public by design (anyone re-runs a published draw)',
  'GET /api/public/inspections/results': 'public by design (each check’s unit, day, verdict and findings; no personal data)',
  'GET /api/public/cells': 'public by design (named zero-waste cells for the portal map, no personal data)',
  'GET /api/public/cells/notices': 'public by design (公示 of zero-waste cells, no personal data)',
  'GET /api/public/cells/:id': 'public by design (one cell’s 公示 page, no personal data)',
  'GET /api/straw/users': 'chooser: the verified straw users of the city a filing names as its entities',
  'GET /api/film/parties': 'chooser: the verified collection points or film users of the city a company’s ledger names',
  // 信访投诉举报 (issue 18): the citizen's side answers without a login and carries no contact details.
  'GET /api/complaints/regions': 'public reference data: the counties that take reports here and their towns',
  'GET /api/complaints/nearby': 'public by design: open reports of a kind within 50 m, without contact (complaints.test.ts)',
  'GET /api/complaints/follow': 'a citizen’s own report by its number and private follow code (complaints.test.ts, permissions-complaints.test.ts)',
  'GET /api/complaints/photos/:name': 'a stored photo by its random name, location metadata removed',
  'GET /api/manifests/:id/photos/:name': 'a signature’s photo, answered only after the manifest’s own visibility (the same check as GET /api/manifests/:id, whose rows are above); test/api/driver-loads.test.ts checks who sees one and who is told it does not exist',
  'GET /api/complaints/:id': 'one report: 404 outside the handling department and area (permissions-complaints.test.ts)',
  'GET /open311/v2/discovery.json': 'Open311 GeoReport v2: public by the specification, public fields only (open311.test.ts)',
  'GET /open311/v2/services.json': 'Open311 GeoReport v2: the service list (configuration)',
  'GET /open311/v2/services/:code.json': 'Open311 GeoReport v2: a service definition (configuration)',
  'GET /open311/v2/requests.json': 'Open311 GeoReport v2: public by the specification, never the contact (open311.test.ts)',
  'GET /open311/v2/requests/:id.json': 'Open311 GeoReport v2: public by the specification, never the contact (open311.test.ts)',
  'GET /open311/v2/tokens/:token.json': 'Open311 GeoReport v2: a token to its request id',
};

// Markers that are not records of the world but fixed strings of the demo.
const EXTRA: Record<string, { label: string; text: string }> = {
  hazStoreCode: { label: '恒通’s waste code 900-041-49', text: '900-041-49' },
  medCode: { label: 'the medical waste code 841-001-01', text: '841-001-01' },
  powerName: { label: '华能临清热电', text: '华能临清热电有限公司' },
  ashuseName: { label: '临清 brick works', text: '临清市建材新型墙材有限公司' },
  wantAsh: { label: 'the brick works’ demand for fly ash', text: '求购粉煤灰（蒸压粉煤灰砖原料）' },
  tqProjectName: { label: 'a 天桥 project', text: '济南市天桥区泺口垃圾中转站项目' },
  lqStats: { label: '临清’s figures (entered by its statistics bureau)', text: '临清市统计局' },
  tqStats: { label: '天桥区’s figures', text: '天桥区统计局' },
  lqCommunity: { label: 'a community of 临清 (运河花园)', text: '运河花园' },
  tqCommunity: { label: 'a community of 天桥区 (无影山小区)', text: '无影山小区' },
  lqPlant: { label: '临清’s incineration plant', text: '临清市生活垃圾焚烧发电厂' },
  tqPlant: { label: '天桥区’s incineration plant', text: '天桥区生活垃圾焚烧发电厂' },
  lqTruck: { label: 'a collection truck of 临清', text: '鲁PH1101' },
  tqTruck: { label: 'a collection truck of 天桥区', text: '鲁AH2201' },
  lqRoute: { label: 'a collection route of 临清', text: '城区其他垃圾一线（运河片区）' },
  lqCard: { label: 'a green-account card of 运河花园 (LQ10002)', text: 'LQ10002' },
  residentCard: { label: 'resident.demo’s own card (LQ10401)', text: 'LQ10401' },
  lqGreenPoint: { label: '运河花园’s collection point (绿邻)', text: '运河花园垃圾分类收集房' },
  lqGreenCommunity: { label: 'a community of 临清 with green accounts (鳌头矶小区)', text: '鳌头矶小区' },
  lqRestaurant: { label: 'a restaurant of 临清 under contract (restaurant.demo)', text: '临清市运河人家酒楼' },
  lqHotel: { label: 'a hotel of 临清 under contract', text: '临清运河大酒店' },
  kwCollectorName: { label: '临清’s kitchen-waste collector', text: '临清市洁源餐厨废弃物收运有限公司' },
  lqKitchenPlantOperator: { label: 'the operator of 临清’s kitchen-waste plant', text: '临清市城乡环卫一体化服务有限公司' },
  oilRecycler: { label: '临清’s used-oil recycler', text: '临清市润泽生物能源科技有限公司' },
  // 企业环境信用 (issue 18): 冠县's verified producer.
  guanxianBoard: { label: '冠县冠华板材 (冠县)', text: '冠县冠华板材有限公司' },
  // 信息公开 (issue 18).
  lqArticle: { label: 'a piece of 临清’s news', text: '临清市召开2026年“无废城市”建设推进会' },
  tqArticle: { label: '天桥区’s plan on its portal', text: '天桥区“无废城市”建设实施方案（2023－2025年）' },
  lqDataset: { label: '临清’s published collection points', text: '371581-collection-points' },
  tqDataset: { label: '天桥区’s published indicators', text: '370105-indicators' },
  // 问卷调查 (issue 18).
  lqSurveyTitle: { label: '临清’s public survey', text: '无废城市建设公众满意度调查' },
  lqSurveyTown: { label: 'a town of 临清 in the survey’s answers', text: '烟店镇' },
  // 再生资源预约回收 (issue 17).
  rbCollector: { label: 'a filed collector of 临清’s recycling company (rrcollector.demo)', text: 'LQSW-HS-2024-0012' },
  rbCompany: { label: '临清’s recycling company', text: '临清市再生资源回收利用有限公司' },
  // 农药包装废弃物 (issue 16).
  songlinDealer: { label: '松林镇’s dealer (dealer.demo)', text: '临清市松林镇丰源农资经营部' },
  yandianDealer: { label: 'a dealer of 烟店镇', text: '临清市烟店镇棉农之家农资店' },
  songlinStation: { label: '松林镇’s collection station (agstation.demo)', text: '临清市松林镇农药包装废弃物及废旧农膜收储站' },
  yandianStation: { label: '烟店镇’s collection station', text: '临清市烟店镇农药包装废弃物及废旧农膜收储站' },
  pesticideRecycler: { label: 'the designated utiliser of plastic pesticide packaging', text: '临清市新禾废旧农膜再生塑料有限公司' },
  pesticideHazReceiver: { label: 'the licensed receiver of the load managed as hazardous waste', text: '临清市绿源环保科技有限公司' },
  lqFarm01: { label: 'a pig farm of 松林镇 (farm.demo)', text: '临清市松林镇鑫旺生猪养殖场' },
  lqFarm10: { label: 'a pig farm of 刘垓子镇', text: '临清市刘垓子镇金牧生猪养殖有限公司' },
  fertPlantName: { label: '临清’s organic-fertiliser plant', text: '临清市沃土生物有机肥有限公司' },
  // 再生资源 (issue 17).
  lqCommerceName: { label: '临清’s commerce bureau (its reports)', text: '临清市商务投资促进局' },
  gxCommerceName: { label: '冠县’s commerce bureau (its reports)', text: '冠县商务局' },
  shenxianNotice: { label: 'the notice on 莘县', text: '关于莘县再生资源回收体系建设工作严重滞后的通报' },
  guanxianReminder: { label: 'the reminder to 冠县', text: '再生资源回收体系建设工作进展提醒' },
  yinzuoName: { label: '临清’s mall awaiting its check (银座)', text: '临清银座购物广场' },
  jialejiaName: { label: 'mall.demo’s returned application (佳乐家)', text: '临清佳乐家超市运河店' },
  gxMallName: { label: 'a named mall of 冠县', text: '冠县华联商厦' },
  cementCell: { label: '临清’s factory in public notice (鲁西水泥)', text: '临清市鲁西水泥有限公司' },
  wenquanCell: { label: '临清’s community in public notice (温泉社区)', text: '大辛庄街道温泉社区' },
  rrStation1: { label: '运河花园’s recycling station (rrstation.demo)', text: '临清市再生资源回收利用有限公司运河花园回收网点' },
  rrStation5: { label: '凤凰城’s recycling station', text: '临清市再生资源回收利用有限公司凤凰城回收网点' },
  // 双随机、一公开 and cases (issue 18).
  jintaiKey: { label: '金泰化工 listed 重点监管', text: '临清市金泰化工有限公司' },
  lqPoolName: { label: '临清’s key-supervision pool', text: '危险废物重点监管单位名录库' },
  lqDrawTitle: { label: '临清’s first draw of the year', text: DRAW_TITLE },
  jindingCase: { label: '临清’s case of 金鼎’s slag', text: '一般工业固体废物非法堆存案' },
};
const marker = (key: string) => w.m[key] ?? EXTRA[key] ?? (() => { throw new Error(`no marker ${key}`); })();
const siteOf = (body: { items: { id: string }[] }, id: string) => body.items.find((s) => s.id === id) as Record<string, unknown>;
const storageHours = (body: { items: { key: string }[] }) => body.items.find((s) => s.key === 'medical.storage_hours');
const producers: Partial<Record<Who, number>> = {};

const caseName = (c: Case) => {
  if (c.name) return `${c.who} ${c.name}`;
  if (c.check) return `${c.who}: its own figures`;
  if (c.status && c.status !== 200) return `${c.who} is refused (${c.status})`;
  if (c.denied) return `${c.who} is refused (403 or 404)`;
  const labels = (keys?: string[]) => [...new Set((keys ?? []).map((k) => EXTRA[k]?.label ?? LABELS[k as keyof typeof LABELS] ?? k))].join(', ');
  const parts = [c.sees?.length ? `sees ${labels(c.sees)}` : '', c.hides?.length ? `not ${labels(c.hides)}` : ''].filter(Boolean);
  return `${c.who} ${parts.join('; ') || 'gets 200'}`;
};

describe('every GET route that returns records has an isolation row', () => {
  it('covers each route the app serves, or names why it is left out', () => {
    const served = getRoutes(t.app);
    const covered = new Set([...FEEDS.map((f) => f.route), ...Object.keys(EXCLUDED)]);
    expect(served.filter((r) => !covered.has(r) && !EXCLUDED_PATTERNS.some(([p]) => p.test(r))), 'GET routes with neither an isolation row nor a reason to leave them out').toEqual([]);
    expect([...covered].filter((r) => !served.includes(r)), 'rows for routes the app no longer serves').toEqual([]);
  });
});

describe.each(FEEDS.filter((f) => f.kind !== 'sse').map((f) => [f.route, f] as const))('%s', (_route, f) => {
  const cases = f.views.flatMap((v, i) => v.cases.map((c) => ({ v, c, name: `${caseName(c)}${f.views.length > 1 ? ` (${i + 1})` : ''}` })));
  it.each(cases.map((x) => [x.name, x] as const))('%s', async (_name, { v, c }) => {
    if (f.route === 'GET /api/declarations/registration' && !Object.keys(producers).length) await countProducers();
    const url = v.url(w);
    const res = await w.as[c.who].get(url);
    const shown = `${c.who} GET ${url} → ${res.statusCode}`;
    if (c.status) expect(res.statusCode, shown).toBe(c.status);
    if (c.denied) expect([403, 404], shown).toContain(res.statusCode);
    if (c.sees?.length || c.check) expect(res.statusCode, `${shown} ${res.body.slice(0, 300)}`).toBe(200);
    if (res.statusCode !== 200) return;
    const body = await textOf(res);
    for (const key of c.sees ?? []) expect(body, `${shown}: ${marker(key).label} (${marker(key).text}) is missing`).toContain(marker(key).text);
    for (const key of c.hides ?? []) expect(body, `${shown}: ${marker(key).label} (${marker(key).text}) leaks`).not.toContain(marker(key).text);
    c.check?.(res.json());
  }, 90_000); // the audit export walks the chain's rows in words: past 30 s on a loaded two-core machine
});

async function countProducers() {
  const count = async (prefix: string) => Number((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM organisations
    WHERE region_code LIKE ${`${prefix}%`} AND kind = 'enterprise' AND status = 'verified' AND capabilities @> ARRAY['producer']
      AND coalesce(industry, '') !~ ${NON_INDUSTRIAL_TRADES}`)).rows[0].n);
  Object.assign(producers, { eco: await count('371581'), office: await count('371581'), guanxian: await count('371525') });
  // The counts are real: 临清 and 冠县 each have producers of an industrial trade (who owe a declaration of industrial waste), and not the same number.
  expect(producers.eco).toBeGreaterThan(0);
  expect(producers.guanxian).toBeGreaterThan(0);
}

describe('the live alarm stream (GET /api/alarms/stream)', () => {
  it('sends each listener the alarms it may see, as the list does, and nothing else', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const listeners: Who[] = ['office', 'eco', 'health', 'housing', 'urban', 'guanxian', 'tianqiao', 'receiver', 'cwsite', 'producer'];
    const streams = await Promise.all(listeners.map(async (who) => [who, await openStream(address, w.as[who], '/api/alarms/stream')] as const));
    for (const [, s] of streams) expect(s.contentType).toContain('text/event-stream');
    // The platform administrator dismisses every alarm: each change goes out to whoever may see it.
    for (const key of Object.keys(ALARMS)) {
      const res = await w.as.admin.post(`/api/alarms/${w.id[key]}/dismiss`, { note: '隔离测试' });
      expect(res.statusCode, res.body).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(streams.map(([, s]) => s.stop()));
    for (const [who, s] of streams) {
      for (const [key, seenBy] of Object.entries(ALARMS)) {
        if (seenBy.includes(who)) expect(s.text, `${who} should be told of ${w.m[key].label}`).toContain(w.id[key]);
        else expect(s.text, `${who} must not be told of ${w.m[key].label}`).not.toContain(w.id[key]);
      }
    }
  });
});
