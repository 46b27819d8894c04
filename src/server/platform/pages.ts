import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { keepsRecordsOf } from '../../domain/streams';
import { hasPermission, isOfficeOf, regulatesStream, verifiesAudit, type Actor, type Permission } from './policy';
import { mayManageCredit } from '../credit/service';
import { mayManage as mayManageInspections } from '../inspections/policy';
import { mayManage as mayManageSurveys } from '../surveys/service';
import { mayImportOutlines } from '../geo/policy';
import { reportsIndicatorValues } from '../indicators/service';

// The console's pages, decided here beside the policy the routes enforce: a person is offered a page
// only if the calls it makes on opening will be answered. The console draws its menu from this list
// and no longer keeps rules of its own (issue 20: menus that offered pages whose every call was a 403).
// The browser walk (e2e/walk.test.ts) opens every page offered to every demo role and fails on any
// refused call, so a page and the routes behind it cannot drift apart unnoticed.

export interface Viewer {
  actor: Actor;
  /** The organisation's capabilities (producer, transporter, …), loaded on the server. */
  capabilities: readonly string[];
  organisationKind: string | null;
  organisationStatus: string | null;
  /** The organisation runs a collection round or is a stop on one (medical waste). */
  onRound: boolean;
  /** The organisation runs a recycling station (再生资源回收网点), whose dispatcher takes bookings. */
  runsStation: boolean;
  /** The person is a recycling company's registered mobile collector (流动回收人员). */
  collector: boolean;
}

export interface PageDef { key: string; zh: string; en: string; may: (v: Viewer) => boolean }

const role = (v: Viewer) => v.actor.role;
const domain = (v: Viewer) => v.actor.domain ?? '';
const can = (v: Viewer, p: Permission) => hasPermission(v.actor, p);
const has = (v: Viewer, ...caps: string[]) => caps.some((c) => v.capabilities.includes(c));
const admin = (v: Viewer) => role(v) === 'platform_admin';
const office = (v: Viewer) => role(v) === 'office';
const government = (v: Viewer) => v.organisationKind === 'government';
const governmentReader = (v: Viewer) => can(v, 'organisations.read') && government(v);
const regulatorOf = (v: Viewer, ...domains: string[]) => role(v) === 'regulator' && domains.includes(domain(v));
/** The office, the administrator, or a department of one of the domains. */
const officials = (v: Viewer, ...domains: string[]) => admin(v) || office(v) || regulatorOf(v, ...domains);
const enterpriseStaff = (v: Viewer) => v.organisationKind === 'enterprise' && ['enterprise_admin', 'enterprise_member'].includes(role(v));
const verifiedStaff = (v: Viewer) => enterpriseStaff(v) && v.organisationStatus === 'verified';
const keepsHouseholdRegister = (v: Viewer) => keepsRecordsOf(v.actor, 'household');

export const PAGES: readonly PageDef[] = [
  { key: '/', zh: '首页', en: 'Home', may: () => true },
  { key: '/indicators', zh: '指标体系', en: 'Indicators', may: governmentReader },
  { key: '/statistics', zh: '统计数据', en: 'Statistics', may: governmentReader },
  { key: '/screen', zh: '一屏掌控', en: 'Dashboard', may: governmentReader },
  { key: '/tasks', zh: '任务清单', en: 'Tasks', may: governmentReader },
  { key: '/registers', zh: '名录', en: 'Registers', may: governmentReader },
  { key: '/projects', zh: '项目清单', en: 'Projects', may: governmentReader },
  { key: '/live', zh: '在途监控', en: 'Live map', may: governmentReader },
  // Alarms: the officials (with their counts), and a verified company its own loads' alarms.
  { key: '/alarms', zh: '预警处置', en: 'Alarms', may: (v) => can(v, 'organisations.read') || (can(v, 'manifests.read') && role(v) !== 'driver') },
  // The supervision view reads hazardous and industrial stores: the departments that regulate them.
  { key: '/supervision', zh: '监管视图', en: 'Supervision', may: (v) => governmentReader(v) && (admin(v) || office(v) || regulatorOf(v, 'ecology', 'general', 'health')) },
  // Collection rounds (medical waste): health, ecology and the office; the collector (its driver signs each
  // stop on his phone there); the institutions on a round.
  { key: '/rounds', zh: '收运路线', en: 'Collection rounds', may: (v) => can(v, 'manifests.read') && (government(v) || admin(v) ? officials(v, 'health', 'ecology', 'general') : has(v, 'collector') || (role(v) !== 'driver' && v.onRound)) },
  { key: '/construction', zh: '建筑垃圾', en: 'Construction waste', may: (v) => can(v, 'manifests.read') && (admin(v) || (government(v) ? office(v) || regulatorOf(v, 'urban', 'housing', 'general', 'ecology', 'transport') : role(v) !== 'driver' && has(v, 'construction_site', 'transporter', 'receiver'))) },
  { key: '/household', zh: '生活垃圾', en: 'Household waste', may: keepsHouseholdRegister },
  { key: '/green', zh: '绿色账户', en: 'Green accounts', may: keepsHouseholdRegister },
  { key: '/green/station', zh: '收集点工作台', en: 'Collection counter', may: (v) => v.organisationKind === 'enterprise' && role(v) !== 'driver' && has(v, 'collection_station') },
  { key: '/green/me', zh: '我的绿色账户', en: 'My green account', may: (v) => role(v) === 'resident' },
  // 信访投诉举报: the office and the departments handle reports; a resident reports and follows on the phone page.
  { key: '/complaints', zh: '投诉举报办理', en: 'Complaints', may: (v) => admin(v) || office(v) || (role(v) === 'regulator' && !!v.actor.domain) },
  { key: '/report', zh: '投诉举报', en: 'Report a problem', may: (v) => role(v) === 'resident' },
  { key: '/recycle', zh: '预约回收', en: 'Book a recycling pickup', may: (v) => role(v) === 'resident' },
  // A recycling company's dispatcher takes the bookings its stations serve; its collectors go to the doors.
  { key: '/recycling/bookings', zh: '预约回收调度', en: 'Recycling pickups', may: (v) => officials(v, 'commerce', 'general') || (role(v) === 'enterprise_admin' && v.organisationStatus === 'verified' && v.actor.via === 'session' && v.runsStation) },
  { key: '/recycling/collector', zh: '今日上门', en: 'My pickups today', may: (v) => v.collector },
  { key: '/kitchen', zh: '餐厨垃圾', en: 'Kitchen waste', may: (v) => can(v, 'manifests.read') && (keepsHouseholdRegister(v) || (role(v) !== 'driver' && has(v, 'catering', 'kitchen_collector', 'grease_recycler', 'transporter'))) },
  { key: '/agri', zh: '农业固体废物', en: 'Agricultural waste', may: (v) => officials(v, 'agriculture', 'general') },
  { key: '/recycling', zh: '再生资源回收', en: 'Renewable resources', may: (v) => officials(v, 'commerce', 'general') },
  { key: '/agri/straw', zh: '秸秆利用', en: 'Straw', may: (v) => officials(v, 'agriculture', 'general') },
  { key: '/agri/film', zh: '农膜回收', en: 'Farm film', may: (v) => officials(v, 'agriculture', 'general') || (enterpriseStaff(v) && has(v, 'agri_dealer', 'farm', 'collection_station', 'recycler')) },
  { key: '/agri/pesticide', zh: '农药包装废弃物', en: 'Pesticide packaging', may: (v) => can(v, 'manifests.read') && (officials(v, 'agriculture', 'general', 'ecology') || (role(v) !== 'driver' && has(v, 'agri_dealer', 'collection_station', 'recycler'))) },
  { key: '/agri/carcass', zh: '病死畜禽', en: 'Dead livestock', may: (v) => can(v, 'manifests.read') && ((['office', 'regulator', 'platform_admin'].includes(role(v)) && ['agriculture', 'general', ''].includes(domain(v))) || (role(v) !== 'driver' && has(v, 'farm', 'carcass_plant'))) },
  { key: '/agri/carcass/driver', zh: '我的收集路线', en: 'My collection round', may: (v) => role(v) === 'driver' && has(v, 'carcass_plant') },
  { key: '/agri/farms', zh: '畜禽养殖与粪污', en: 'Livestock and manure', may: (v) => can(v, 'manifests.read') && (government(v) ? office(v) || ['agriculture', 'general'].includes(domain(v)) : admin(v) || (role(v) !== 'driver' && has(v, 'farm', 'fertiliser_plant'))) },
  { key: '/recycling/reports', zh: '再生资源月度进展', en: 'Recycling progress', may: (v) => officials(v, 'commerce', 'general') },
  { key: '/surveys', zh: '问卷调查', en: 'Surveys', may: (v) => admin(v) || office(v) },
  { key: '/cells', zh: '无废细胞', en: 'Zero-waste cells', may: (v) => officials(v, 'commerce', 'ecology', 'urban', 'agriculture', 'health', 'general') || enterpriseStaff(v) },
  { key: '/portal', zh: '信息公开', en: 'Public portal', may: (v) => admin(v) || office(v) },
  { key: '/credit', zh: '企业环境信用', en: 'Enterprise credit', may: (v) => ['platform_admin', 'office', 'regulator'].includes(role(v)) },
  { key: '/recycling/station', zh: '回收网点台账', en: 'Recycling counter', may: (v) => can(v, 'ledger.write') && has(v, 'recycling_station', 'sorting_centre') },
  { key: '/recycling/network', zh: '回收网络与电器拆解', en: 'Network and e-waste', may: (v) => can(v, 'manifests.read') && (officials(v, 'commerce', 'ecology', 'general') || (role(v) !== 'driver' && has(v, 'recycler', 'ewaste_dismantler'))) },
  { key: '/exchange', zh: '交易信息', en: 'Exchange board', may: (v) => can(v, 'manifests.read') && (v.organisationKind === 'enterprise' ? enterpriseStaff(v) : officials(v, 'general', 'ecology', 'housing', 'urban')) },
  // 双随机、一公开 and cases: ecology, the office, general departments and the admin; a company its own.
  { key: '/inspections', zh: '双随机抽查', en: 'Random inspections', may: (v) => officials(v, 'ecology', 'general') || verifiedStaff(v) },
  { key: '/cases', zh: '行政处罚案件', en: 'Enforcement cases', may: (v) => officials(v, 'ecology', 'general') || verifiedStaff(v) },
  // The driver's phone (issue 20): his loads as cards, signed offline and sent when the network returns.
  { key: '/driver', zh: '我的运输', en: 'My loads', may: (v) => role(v) === 'driver' && v.actor.via === 'session' },
  { key: '/manifests', zh: '转移联单', en: 'Manifests', may: (v) => can(v, 'manifests.read') },
  // A driver signs on the manifest he carries: the store and its ledger are the company's desk work.
  { key: '/store', zh: '台账与贮存', en: 'Ledger & store', may: (v) => can(v, 'manifests.read') && role(v) !== 'driver' },
  { key: '/bulk-storage', zh: '堆存场所', en: 'Storage sites', may: (v) => can(v, 'manifests.read') && (officials(v, 'ecology', 'general') || (v.organisationKind === 'enterprise' && role(v) !== 'driver' && has(v, 'producer', 'receiver'))) },
  // Plans and declarations: a company files its own; a department reads those of the waste it regulates.
  { key: '/plans', zh: '管理计划', en: 'Management plans', may: (v) => can(v, 'ledger.write') || (can(v, 'organisations.read') && can(v, 'manifests.read') && regulatesStream(v.actor, 'hazardous')) },
  { key: '/declarations', zh: '申报', en: 'Declarations', may: (v) => can(v, 'ledger.write') || (can(v, 'organisations.read') && can(v, 'manifests.read') && ['hazardous', 'industrial'].some((s) => regulatesStream(v.actor, s))) },
  { key: '/my-organisation', zh: '我的单位', en: 'My company', may: (v) => can(v, 'organisation.own') },
  { key: '/organisations', zh: '单位管理', en: 'Organisations', may: (v) => can(v, 'organisations.read') },
  { key: '/regions', zh: '行政区划', en: 'Regions', may: (v) => can(v, 'regions.read') && role(v) !== 'driver' && role(v) !== 'resident' },
  { key: '/users', zh: '用户管理', en: 'Users', may: (v) => can(v, 'users.read') },
  { key: '/tokens', zh: '接口令牌', en: 'API tokens', may: (v) => can(v, 'tokens.manage') },
  { key: '/webhooks', zh: '事件推送', en: 'Webhooks', may: (v) => can(v, 'tokens.manage') && v.organisationKind === 'enterprise' },
  { key: '/catalogues', zh: '废物名录', en: 'Catalogues', may: (v) => can(v, 'catalogues.read') && role(v) !== 'driver' && role(v) !== 'resident' },
  { key: '/audit', zh: '审计日志', en: 'Audit log', may: (v) => can(v, 'audit.read') },
];

// The buttons on those pages that are not about one record (a record's own come with it as `actions`):
// each asks the predicate its route enforces, so a button is drawn only when its call will be answered.
export const ABILITIES: Record<string, (v: Viewer) => boolean> = {
  'audit.verify': (v) => verifiesAudit(v.actor),
  'audit.status': admin,
  'indicators.import': (v) => v.actor.via === 'session' && isOfficeOf(v.actor, v.actor.regionCode),
  'indicators.reportValues': (v) => v.actor.via === 'session' && reportsIndicatorValues(v.actor),
  'projects.import': (v) => isOfficeOf(v.actor, v.actor.regionCode),
  'credit.manage': (v) => mayManageCredit(v.actor) && v.actor.via === 'session',
  'inspections.manage': (v) => mayManageInspections(v.actor),
  'surveys.manage': (v) => mayManageSurveys(v.actor),
  'regions.importOutlines': (v) => mayImportOutlines(v.actor),
};

/** The abilities this person has, by name. */
export const abilitiesOf = (v: Viewer) => Object.keys(ABILITIES).filter((k) => ABILITIES[k](v));

/** The pages offered to this person, in menu order, with their names in both languages. */
export function pagesOf(v: Viewer): { key: string; zh: string; en: string }[] {
  return PAGES.filter((p) => p.may(v)).map(({ key, zh, en }) => ({ key, zh, en }));
}

/** What the page rules need beyond the actor, read in one statement. */
export async function viewerOf(db: Db, actor: Actor): Promise<Viewer> {
  const { rows } = await db.execute<{ capabilities: string[] | null; on_round: boolean; runs_station: boolean; collector: boolean }>(sql`
    SELECT o.capabilities,
           EXISTS (SELECT 1 FROM collection_rounds r WHERE r.collector_id = o.id)
             OR EXISTS (SELECT 1 FROM collection_round_stops s WHERE s.producer_id = o.id) AS on_round,
           EXISTS (SELECT 1 FROM recycling_sites s WHERE s.operator_id = o.id AND s.kind = 'station') AS runs_station,
           EXISTS (SELECT 1 FROM recycling_collectors c WHERE c.user_id = ${actor.userId ?? null}::uuid AND c.active) AS collector
      FROM (SELECT 1) one LEFT JOIN organisations o ON o.id = ${actor.organisationId ?? null}::uuid`);
  const r = rows[0];
  return {
    actor, capabilities: r?.capabilities ?? [], organisationKind: actor.organisationKind, organisationStatus: actor.organisationStatus,
    onRound: !!r?.on_round, runsStation: !!r?.runs_station, collector: actor.via === 'session' && !!r?.collector,
  };
}
