// 无废细胞 (zero-waste cells): an office, factory, park, school, community, shop, restaurant, hotel,
// scenic area, village, hospital or market that meets a checklist and is named (命名) by its competent
// department after an on-site check and, for most kinds, a public notice (公示) open to objections.
// Seed 000 三(七) and 五(二): 临清 names 30 cells by 2025, 6 industrial, 18 in daily life and 6 agricultural
// or rural; seed 004 三(六): 聊城 names 30 无废商场 by 2025. Plain data and rules, shared with the browser.

import type { Domain, OrgKind } from './enums';
import type { CellKind as RegisterCellKind } from './registers';
import { isWorkingDay, PLAIN_CALENDAR, type WorkCalendar } from './working-days';

/** The plans count cells in three fields (seed 000 三(七)1(2), 3(1), 3(2)). */
export const CELL_FIELDS = {
  industrial: { zh: '工业领域', en: 'Industry' },
  life: { zh: '生活领域', en: 'Daily life' },
  rural: { zh: '农业农村领域', en: 'Agriculture and villages' },
} as const;
export type CellField = keyof typeof CELL_FIELDS;

export interface Criterion {
  key: string; zh: string; en: string;
  hint: { zh: string; en: string };
  /** The most points the on-site check may give this criterion. */
  maxScore: number;
  /** An application without a named document or photo for it is refused (criteria.N.evidence). */
  evidenceRequired: boolean;
}

/** A kind's checklist: the criteria with their points, the score that passes, the days of 公示. */
export interface Checklist {
  /** 1 is the built-in default; the office's own versions count on from 2 (per kind and area). */
  version: number;
  passScore: number;
  /** Working days of public notice (公示) before naming; 0: named right after the check (无废商场, seed 004). */
  noticeDays: number;
  criteria: Criterion[];
}

/**
 * Who reviews and names a kind: a county department of a DOMAINS domain, or the county's zero-waste
 * office (无废办) where no department of the platform fits (机关, 学校, 景区: their 机关事务、教育、文旅
 * bureaus have no accounts here, and the plan names the office as the one that gathers their work).
 */
export type CellReviewer = Domain | 'office';

export interface CellKind {
  value: string; zh: string; en: string;
  reviewer: CellReviewer;
  field: CellField;
  /** The kind the register of zero-waste cells (名录, row 34) records it under. */
  registerKind: RegisterCellKind;
  /** Who applies: organisations of these kinds for themselves (a capability narrows it), and whether an official may apply on behalf of a community or village. */
  applicants: { self: OrgKind[]; capability?: string; onBehalf: boolean };
  /** The built-in default checklist (version 1): its criteria, the score that passes, the working days of 公示. */
  checklist: Criterion[];
  passScore: number;
  /** Working days of public notice (公示) before naming; 0: named right after the check (无废商场, seed 004). */
  noticeDays: number;
}

/** A kind's built-in checklist as version 1. */
export const defaultChecklist = (kind: CellKind): Checklist => ({ version: 1, passScore: kind.passScore, noticeDays: kind.noticeDays, criteria: kind.checklist });

const c = (key: string, zh: string, en: string, hintZh: string, hintEn: string, maxScore: number, evidenceRequired = true): Criterion =>
  ({ key, zh, en, hint: { zh: hintZh, en: hintEn }, maxScore, evidenceRequired });
const FIVE_DAYS = 5;

// The default checklists are our own summary of the plans' descriptions (seed 000 三(七), 五(二); seed
// 004 三(六)); the office replaces them with its own version (POST /api/cells/checklists).
export const CELL_KINDS: CellKind[] = [
  {
    value: 'mall', zh: '无废商场', en: 'Zero-waste mall', reviewer: 'commerce', field: 'life', registerKind: 'mall',
    applicants: { self: ['enterprise'], capability: 'mall', onBehalf: false },
    // Seed 004 三(六): every item must be met; the county commerce bureau names after its check.
    passScore: 100, noticeDays: 0, checklist: [
      c('packaging', '可循环包装材料', 'Recyclable packaging', '引导商户选用可循环、可降解包装，减少过度包装', 'Tenants use reusable or recyclable packaging; no over-packaging', 25),
      c('green_zone', '绿色产品专区（环境标志产品、节能产品）', 'Green products area (eco-labelled, energy-saving)', '设置环境标志产品、节能产品专门销售区域', 'A sales area for eco-labelled and energy-saving products', 25),
      c('sorting', '垃圾分类设施', 'Waste sorting facilities', '合理布置四分类投放设施并有专人管理', 'Four-bin sorting points, placed sensibly and looked after', 25),
      c('publicity', '宣传（光盘行动、节俭消费标识）', 'Publicity (clean-plate and thrift signs)', '餐饮区设置节俭消费标识，开展绿色消费宣传', 'Thrift signs in the food court; green-consumption publicity', 25),
    ],
  },
  {
    value: 'factory', zh: '无废工厂', en: 'Zero-waste factory', reviewer: 'ecology', field: 'industrial', registerKind: 'enterprise',
    applicants: { self: ['enterprise'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('reduce', '源头减量与清洁生产', 'Less waste at source, cleaner production', '开展清洁生产审核，单位产品固体废物产生量逐年下降', 'A cleaner-production audit; less solid waste per unit of product each year', 25),
      c('reuse', '工业固体废物综合利用', 'Industrial solid waste put to use', '一般工业固体废物综合利用率达到行业先进水平', 'A use rate of general industrial solid waste at the sector’s best', 25),
      c('hazardous', '危险废物规范化管理', 'Hazardous waste managed to the standard', '危险废物贮存、转移联单、管理台账规范', 'Storage, transfer manifests and ledgers of hazardous waste in order', 30),
      c('green', '绿色工厂与宣传', 'Green factory and publicity', '绿色工厂创建、厂区垃圾分类和员工培训', 'Green-factory work, sorting on the premises, staff training', 20, false),
    ],
  },
  {
    value: 'park', zh: '无废园区', en: 'Zero-waste park', reviewer: 'ecology', field: 'industrial', registerKind: 'enterprise',
    applicants: { self: ['government', 'enterprise'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('symbiosis', '园区内固体废物协同循环利用', 'Solid waste used again within the park', '企业间副产物、废料互供，形成循环链条', 'Companies pass by-products and scrap to each other in a chain', 30),
      c('facilities', '集中收集贮存设施', 'Shared collection and storage', '建有园区危险废物、一般固体废物集中收集贮存点', 'The park has shared collection points for hazardous and general solid waste', 25),
      c('retrofit', '循环化改造', 'Circular retrofit', '园区循环化改造方案实施并取得成效', 'The park’s circular-retrofit plan carried out with results', 25),
      c('management', '管理制度与信息化', 'Rules and records', '园区固体废物管理制度、台账和信息平台', 'Rules, ledgers and a records system for the park’s solid waste', 20, false),
    ],
  },
  {
    value: 'agency', zh: '无废机关', en: 'Zero-waste office building', reviewer: 'office', field: 'life', registerKind: 'agency',
    applicants: { self: ['government'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('paperless', '无纸化办公与节约', 'Paperless work and thrift', '推行无纸化办公，双面打印，减少一次性办公用品', 'Paperless work, two-sided printing, fewer single-use supplies', 25),
      c('sorting', '垃圾分类', 'Waste sorting', '办公区、食堂分类投放设施齐全，分类准确', 'Sorting bins in offices and the canteen, used correctly', 30),
      c('canteen', '食堂光盘行动', 'Clean-plate canteen', '食堂按需供餐，设置节约标识，厨余垃圾减量', 'Meals to order, thrift signs, less kitchen waste', 25),
      c('procurement', '绿色采购', 'Green procurement', '优先采购环境标志产品、再生产品', 'Eco-labelled and recycled products bought first', 20, false),
    ],
  },
  {
    value: 'school', zh: '无废学校', en: 'Zero-waste school', reviewer: 'office', field: 'life', registerKind: 'school',
    applicants: { self: ['government'], onBehalf: true },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('teaching', '无废理念进课堂', 'Zero-waste in lessons', '开设无废城市、垃圾分类主题课程或实践活动', 'Lessons or activities on zero waste and sorting', 30),
      c('sorting', '校园垃圾分类', 'Sorting on campus', '教室、宿舍、食堂分类设施齐全，学生参与分类', 'Bins in classrooms, dormitories and the canteen; pupils sort', 30),
      c('canteen', '食堂光盘行动', 'Clean-plate canteen', '按需供餐，剩菜剩饭减量', 'Meals to order; less left over', 20),
      c('reuse', '旧书本、校服循环利用', 'Books and uniforms passed on', '设置旧物交换、捐赠渠道', 'A swap or donation corner for old books and uniforms', 20, false),
    ],
  },
  {
    value: 'community', zh: '无废社区', en: 'Zero-waste community', reviewer: 'urban', field: 'life', registerKind: 'community',
    applicants: { self: ['government'], onBehalf: true },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('sorting', '生活垃圾分类全覆盖', 'Sorting in every building', '分类投放点覆盖全部小区，定时定点，有督导员', 'Sorting points for every estate, set hours, a guide on duty', 30),
      c('recycling', '再生资源回收', 'Recyclables collected', '设有再生资源回收点或预约回收服务', 'A recycling point or booked pickups', 25),
      c('bulky', '大件垃圾、装修垃圾规范处理', 'Bulky and renovation waste handled', '设置大件垃圾、装修垃圾临时堆放点并及时清运', 'A place for bulky and renovation waste, cleared on time', 20),
      c('residents', '居民参与和宣传', 'Residents take part', '志愿者队伍、宣传栏、居民知晓率', 'Volunteers, a notice board, residents who know the rules', 25, false),
    ],
  },
  {
    value: 'restaurant', zh: '无废饭店', en: 'Zero-waste restaurant', reviewer: 'commerce', field: 'life', registerKind: 'restaurant',
    applicants: { self: ['enterprise'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('thrift', '节俭消费标识与光盘行动', 'Thrift signs, clean plates', '餐桌设置节俭消费标识，提示适量点餐，提供小份菜', 'Thrift signs on tables, advice to order less, small portions', 30),
      c('kitchen', '餐厨垃圾交有资质单位', 'Kitchen waste to a licensed collector', '签订餐厨垃圾收运协议，台账完整', 'A contract with a kitchen-waste collector and a full ledger', 30),
      c('single_use', '减少一次性用品', 'Fewer single-use items', '不主动提供一次性餐具，打包使用可降解材料', 'No single-use tableware unless asked; degradable take-away boxes', 25),
      c('oil', '废弃油脂规范处置', 'Used cooking oil handled', '安装油水分离器，废弃油脂交有资质单位', 'A grease trap; used oil to a licensed collector', 15, false),
    ],
  },
  {
    value: 'hotel', zh: '无废宾馆', en: 'Zero-waste hotel', reviewer: 'commerce', field: 'life', registerKind: 'other',
    applicants: { self: ['enterprise'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('toiletries', '不主动提供一次性用品', 'No single-use toiletries unless asked', '客房不主动提供一次性牙刷、梳子、拖鞋等', 'Rooms do not offer single-use brushes, combs, slippers unless asked', 30),
      c('linen', '布草减洗', 'Linen changed on request', '引导客人续住不换洗床单毛巾', 'Guests staying on keep their sheets and towels', 20),
      c('sorting', '垃圾分类', 'Waste sorting', '客房、餐厅分类设施齐全，分类收运', 'Sorting in rooms and the restaurant, collected apart', 30),
      c('publicity', '绿色消费宣传', 'Green-consumption publicity', '大堂、客房设置无废宣传', 'Zero-waste notices in the lobby and rooms', 20, false),
    ],
  },
  {
    value: 'market', zh: '无废集贸市场', en: 'Zero-waste market', reviewer: 'commerce', field: 'life', registerKind: 'market',
    applicants: { self: ['enterprise', 'government'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('perishables', '果蔬垃圾就地处理或分类收运', 'Vegetable waste treated or collected apart', '设置果蔬垃圾收集点，日产日清', 'A point for vegetable and fruit waste, cleared daily', 35),
      c('bags', '限制塑料袋', 'Fewer plastic bags', '禁止销售使用超薄塑料袋，推广可循环购物袋', 'No ultra-thin bags; reusable bags on offer', 25),
      c('sorting', '垃圾分类与保洁', 'Sorting and cleaning', '分类投放设施、专职保洁人员', 'Sorting bins and cleaners on staff', 25),
      c('publicity', '商户培训与宣传', 'Stallholders trained', '商户无废承诺、宣传标识', 'Stallholders sign a pledge; signs put up', 15, false),
    ],
  },
  {
    value: 'scenic', zh: '无废景区', en: 'Zero-waste scenic area', reviewer: 'office', field: 'life', registerKind: 'scenic',
    applicants: { self: ['government', 'enterprise'], onBehalf: true },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('bins', '分类设施与清运', 'Sorting bins and clearing', '游览线路分类设施齐全，垃圾及时清运', 'Bins along the routes, emptied on time', 30),
      c('vendors', '经营户减塑', 'Vendors use less plastic', '景区商户不提供一次性塑料制品', 'Shops in the area give no single-use plastics', 25),
      c('guide', '无废理念展示', 'Zero-waste shown to visitors', '在游客中心、导览中植入无废元素（运河文化带）', 'Zero-waste in the visitor centre and the guided tours (the canal)', 25),
      c('toilets', '旅游厕所与污水', 'Toilets and wastewater', '旅游厕所粪污规范处理', 'Toilet waste handled to the rules', 20, false),
    ],
  },
  {
    value: 'hospital', zh: '无废医院', en: 'Zero-waste hospital', reviewer: 'health', field: 'life', registerKind: 'hospital',
    applicants: { self: ['enterprise', 'government'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('medical', '医疗废物规范管理', 'Medical waste managed to the rules', '分类收集、暂存、交接联单和台账规范', 'Sorting, storage, handover manifests and ledgers in order', 35),
      c('infusion', '输液瓶（袋）回收利用', 'Infusion bottles and bags recycled', '未被污染的输液瓶（袋）交有资质单位回收', 'Clean infusion bottles and bags go to a licensed recycler', 25),
      c('sorting', '生活垃圾分类', 'Household waste sorted', '病区、门诊、食堂生活垃圾分类', 'Sorting in wards, clinics and the canteen', 25),
      c('paperless', '电子病历与无纸化', 'Electronic records', '推行电子处方、电子病历，减少纸张', 'Electronic prescriptions and records, less paper', 15, false),
    ],
  },
  {
    value: 'village', zh: '无废村庄', en: 'Zero-waste village', reviewer: 'agriculture', field: 'rural', registerKind: 'village',
    applicants: { self: ['government'], onBehalf: true },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('collection', '城乡环卫一体化收运', 'Collection joined to the county’s', '生活垃圾村收集、镇转运、县处理，有效运行', 'Waste collected in the village, moved by the town, treated by the county', 30),
      c('organic', '易腐垃圾就地资源化', 'Organic waste used in the village', '易腐垃圾堆肥或就近资源化利用', 'Organic waste composted or used nearby', 25),
      c('farm', '农业废弃物回收', 'Farm waste collected', '秸秆、农膜、农药包装废弃物回收利用', 'Straw, film and pesticide packaging collected and used', 30),
      c('villagers', '村规民约与宣传', 'Village rules and publicity', '村规民约写入垃圾分类，保洁员队伍', 'Sorting written into the village rules; cleaners on duty', 15, false),
    ],
  },
  {
    value: 'farm', zh: '无废农场', en: 'Zero-waste farm', reviewer: 'agriculture', field: 'rural', registerKind: 'other',
    applicants: { self: ['enterprise'], onBehalf: false },
    passScore: 80, noticeDays: FIVE_DAYS, checklist: [
      c('manure', '畜禽粪污资源化', 'Manure used', '粪污处理设施配套，还田利用', 'Manure treated and spread on fields', 30),
      c('inputs', '化肥农药减量', 'Less fertiliser and pesticide', '有机肥替代、生物防控', 'Organic fertiliser and biological pest control', 25),
      c('packaging', '农药包装、农膜回收', 'Pesticide packaging and film returned', '包装废弃物和农膜交回收点，台账完整', 'Packaging and film taken to a collection point, ledger complete', 30),
      c('straw', '秸秆综合利用', 'Straw used', '秸秆还田或离田利用，不露天焚烧', 'Straw ploughed in or used, never burnt in the open', 15, false),
    ],
  },
];

export const CELL_KIND_VALUES = CELL_KINDS.map((k) => k.value) as [string, ...string[]];
export const cellKind = (value: string) => CELL_KINDS.find((k) => k.value === value);

/** The steps of a cell's history, each appended; the latest decides its state. */
export const CELL_STEPS = ['submit', 'accept', 'check', 'notice', 'approve', 'return', 'refuse', 'revoke'] as const;
export type CellStep = (typeof CELL_STEPS)[number];

export const CELL_STATES = {
  submitted: { zh: '已提交待审查', en: 'Submitted' },
  accepted: { zh: '已受理待核查', en: 'Accepted, awaiting the check' },
  checked: { zh: '已现场核查', en: 'Checked on site' },
  in_notice: { zh: '公示中', en: 'In public notice' },
  approved: { zh: '已命名', en: 'Named' },
  returned: { zh: '退回修改', en: 'Returned for changes' },
  refused: { zh: '不予命名', en: 'Refused' },
  revoked: { zh: '已摘牌', en: 'Revoked' },
} as const;
export type CellState = keyof typeof CELL_STATES;

export const STATE_AFTER: Record<CellStep, CellState> = {
  submit: 'submitted', accept: 'accepted', check: 'checked', notice: 'in_notice', approve: 'approved', return: 'returned', refuse: 'refused', revoke: 'revoked',
};

/**
 * Which step may follow the current state (null: none yet). Acceptance (受理) is optional before the
 * check; a check may be redone until the notice starts; a refused or revoked cell may apply again
 * as a new round. Whether the check passed, the notice ended and every objection is answered is
 * decided by the service from the records.
 */
export function stepAllowed(state: CellState | null, step: CellStep): boolean {
  switch (step) {
    case 'submit': return state === null || state === 'returned' || state === 'refused' || state === 'revoked';
    case 'accept': return state === 'submitted';
    case 'check': return state === 'submitted' || state === 'accepted' || state === 'checked';
    case 'notice': return state === 'checked';
    case 'approve': return state === 'checked' || state === 'in_notice';
    case 'return': case 'refuse': return state === 'submitted' || state === 'accepted' || state === 'checked' || state === 'in_notice';
    case 'revoke': return state === 'approved';
  }
}

/** A finding of the on-site check: points given (a mall's older checks say pass or fail: full points or none). */
export interface Finding { key: string; score?: number; pass?: boolean; note: string }
export const findingScore = (f: Finding, criterion: Criterion | undefined) => f.score ?? (f.pass ? criterion?.maxScore ?? 0 : 0);

/** The check's total and whether it reaches the checklist's pass score. */
export function checkResult(checklist: Checklist, findings: Finding[]) {
  const total = findings.reduce((t, f) => t + findingScore(f, checklist.criteria.find((x) => x.key === f.key)), 0);
  const max = checklist.criteria.reduce((t, x) => t + x.maxScore, 0);
  return { total, max, passScore: checklist.passScore, passed: total >= checklist.passScore };
}

/**
 * 无废商场 targets of seed 004 四(二): each county (县市区) at least 2 by the end of 2023 and 3 in all by
 * the end of 2024; each development zone (开发区、高新区、度假区) 1 and 2; the city 30 in all by the end of 2025.
 */
export const MALL_TARGETS = {
  county: [{ year: 2023, count: 2 }, { year: 2024, count: 3 }],
  zone: [{ year: 2023, count: 1 }, { year: 2024, count: 2 }],
  city: [{ year: 2025, count: 30 }],
} as const;

/**
 * The plans' cell targets per area (cumulative at the end of the year): 临清 (seed 000 三(七)): 30 by
 * 2025, of them 6 industrial (1(2)), 18 in daily life (3(1)) and 6 agricultural or rural (3(2)).
 */
export const CELL_TARGETS: { regionCode: string; year: number; total: number; fields: Record<CellField, number> }[] = [
  { regionCode: '371581', year: 2025, total: 30, fields: { industrial: 6, life: 18, rural: 6 } },
];

/** The cumulative target an area has for the end of a year (the latest target at or before it), or null before the first. */
export function cumulativeTarget(targets: readonly { year: number; count: number }[], year: number): number | null {
  const due = targets.filter((t) => t.year <= year);
  return due.length ? due[due.length - 1].count : null;
}

/** The field a register row counts under: a flow-named cell by its kind, an older record by the register's kind. */
export function fieldOfRegisterKind(kind: string): CellField {
  if (kind === 'enterprise') return 'industrial';
  if (kind === 'village') return 'rural';
  return 'life';
}

/**
 * The last day of a public notice of n working days starting on startOn (the start counts when it is a
 * working day): objections are taken up to and on that day; naming may follow from the next day.
 */
export function noticeEnd(startOn: string, workingDays: number, calendar: WorkCalendar = PLAIN_CALENDAR): string {
  let t = Date.parse(`${startOn}T12:00:00+08:00`);
  let left = workingDays;
  for (;;) {
    if (isWorkingDay(t, calendar)) left--;
    if (left <= 0) break;
    t += 86_400_000;
  }
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}
