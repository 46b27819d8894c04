// 生活垃圾 (household waste): the words of the register and the weighbridge, and the checks a
// weighbridge ticket passes where it enters. Pure, shared by the server and the console.

export type Label = { zh: string; en: string };

/** GB/T 19095-2019's four classes, with the two the seeds collect apart (大件垃圾, 装修垃圾). */
export const HOUSEHOLD_CLASSES = {
  recyclable: { zh: '可回收物', en: 'Recyclables' },
  hazardous: { zh: '有害垃圾', en: 'Hazardous household waste' },
  kitchen: { zh: '厨余垃圾', en: 'Kitchen waste' },
  other: { zh: '其他垃圾', en: 'Residual waste' },
  bulky: { zh: '大件垃圾', en: 'Bulky waste' },
  renovation: { zh: '装修垃圾', en: 'Renovation waste' },
} as const satisfies Record<string, Label>;
export type HouseholdClass = keyof typeof HOUSEHOLD_CLASSES;

/** What a weighbridge ticket may say the load was: a class, or mixed waste (混装), which a sorted route must not deliver. */
export const TICKET_CLASSES = { ...HOUSEHOLD_CLASSES, mixed: { zh: '混合垃圾（未分类）', en: 'Mixed (unsorted)' } } as const satisfies Record<string, Label>;
export type TicketClass = keyof typeof TICKET_CLASSES;

/** How far a weighed tare may drift from the truck's registered tare before it is questioned: 0.3 t or 5 %, the larger. */
export const tareDriftLimit = (registeredT: number) => Math.max(0.3, registeredT * 0.05);

/** The classes whose weight counts as recovered in 生活垃圾回收利用率 (recyclables and kitchen waste). */
export const RECOVERED_CLASSES: readonly HouseholdClass[] = ['recyclable', 'kitchen'];

/** Where households live: a residential community (城市居民小区) or a village (行政村). */
export const PLACE_KINDS = { community: { zh: '居民小区', en: 'Residential community' }, village: { zh: '行政村', en: 'Village' } } as const satisfies Record<string, Label>;
export type PlaceKind = keyof typeof PLACE_KINDS;

/** The four stages whose sorting makes a place covered: 分类投放、分类收集、分类运输、分类处理. */
export const SORTING_STAGES = {
  deposit: { zh: '分类投放', en: 'Sorted deposit' },
  collection: { zh: '分类收集', en: 'Sorted collection' },
  transport: { zh: '分类运输', en: 'Sorted transport' },
  treatment: { zh: '分类处理', en: 'Sorted treatment' },
} as const satisfies Record<string, Label>;
export type SortingStage = keyof typeof SORTING_STAGES;

/** A place counts as covered by sorting when all four stages are in place, as seed 000 三(三)1(3) asks. */
export const sortingCovered = (stages: Partial<Record<SortingStage, boolean>>) => (Object.keys(SORTING_STAGES) as SortingStage[]).every((s) => stages[s] === true);

/** Facilities of the household chain, with whether their capacity is a treatment capacity (t/d) for 焚烧处理能力占比. */
export const FACILITY_KINDS = {
  collection_point: { zh: '收集点（定时定点收集房）', en: 'Collection point', treats: false },
  transfer_station: { zh: '转运站', en: 'Transfer station', treats: false },
  incineration: { zh: '生活垃圾焚烧厂', en: 'Incineration plant', treats: true },
  sanitary_landfill: { zh: '卫生填埋场', en: 'Sanitary landfill', treats: true },
  fly_ash_landfill: { zh: '飞灰填埋场', en: 'Fly-ash landfill', treats: false },
  kitchen_plant: { zh: '餐厨（厨余）垃圾处理厂', en: 'Kitchen-waste plant', treats: true },
  sorting_centre: { zh: '可回收物分拣中心', en: 'Recyclables sorting centre', treats: false },
  faecal_plant: { zh: '粪便处理厂', en: 'Faecal-sludge plant', treats: true },
} as const satisfies Record<string, Label & { treats: boolean }>;
export type FacilityKind = keyof typeof FACILITY_KINDS;

/**
 * Where household waste counts as cleared (清运量): the facilities it is finally weighed at (the
 * incineration plant, a sanitary landfill, the kitchen-waste plant, the recyclables sorting centre).
 * Transfer stations pass loads on to these (counting both would count twice); faecal sludge and fly
 * ash are not household waste collected.
 */
export const CLEARED_AT: readonly FacilityKind[] = ['incineration', 'sanitary_landfill', 'kitchen_plant', 'sorting_centre'];

/** 焚烧处理能力占比: incineration capacity over all treatment capacity of household waste (t/d), in %. */
export function incinerationShare(facilities: { kind: FacilityKind; capacityTPerDay: number }[]): number | null {
  const treating = facilities.filter((f) => FACILITY_KINDS[f.kind].treats && f.kind !== 'kitchen_plant' && f.kind !== 'faecal_plant');
  const total = treating.reduce((s, f) => s + f.capacityTPerDay, 0);
  if (total <= 0) return null;
  return Math.round((treating.filter((f) => f.kind === 'incineration').reduce((s, f) => s + f.capacityTPerDay, 0) / total) * 100_000) / 1000;
}

/** A weighbridge ticket as it arrives, weights in tonnes. */
export interface TicketWeights { grossT: number; tareT: number; netT: number; inAt: Date; outAt: Date }

/** Heavier than any road vehicle may weigh in China (49 t gross for a six-axle truck, with a margin for scales). */
export const MAX_GROSS_T = 60;
/** What a scale's rounding may leave between net and gross − tare. */
export const NET_TOLERANCE_T = 0.02;

export interface TicketIssue { field: keyof TicketWeights; code: string; zh: string; en: string }

/** What is wrong with a ticket's weights and times, each naming its field; empty when the ticket holds together. */
export function checkTicket(t: TicketWeights): TicketIssue[] {
  const issues: TicketIssue[] = [];
  for (const field of ['grossT', 'tareT', 'netT'] as const) {
    if (!Number.isFinite(t[field]) || t[field] < 0) issues.push({ field, code: 'NEGATIVE_WEIGHT', zh: '重量不能为负数', en: 'A weight cannot be negative' });
  }
  if (t.grossT > MAX_GROSS_T) issues.push({ field: 'grossT', code: 'ABSURD_WEIGHT', zh: `毛重超过 ${MAX_GROSS_T} 吨，不是道路车辆的重量`, en: `A gross weight over ${MAX_GROSS_T} t is no road vehicle's` });
  if (t.tareT > t.grossT) issues.push({ field: 'tareT', code: 'TARE_OVER_GROSS', zh: '皮重大于毛重', en: 'The tare is above the gross weight' });
  if (Math.abs(t.grossT - t.tareT - t.netT) > NET_TOLERANCE_T) {
    issues.push({ field: 'netT', code: 'NET_MISMATCH', zh: `净重应等于毛重减皮重（${round3(t.grossT - t.tareT)} 吨）`, en: `The net weight should be gross minus tare (${round3(t.grossT - t.tareT)} t)` });
  }
  if (!(t.outAt.getTime() >= t.inAt.getTime())) issues.push({ field: 'outAt', code: 'OUT_BEFORE_IN', zh: '出场时间早于进场时间', en: 'The exit time is before the entry time' });
  return issues;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * A period of days (inclusive, YYYY-MM-DD) split into the whole calendar months inside it, read from
 * monthly sums, and the days before and after them, read from daily sums. `months` is the first day of
 * the first and of the last whole month, or null when the period holds no whole month.
 */
export function splitByMonths(from: string, to: string): { months: [string, string] | null; days: [string, string][] } {
  const day = (s: string) => new Date(`${s}T00:00:00Z`);
  const text = (d: Date) => d.toISOString().slice(0, 10);
  const shift = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
  const start = day(from);
  const end = day(to);
  if (end < start) return { months: null, days: [] };
  // The first whole month begins on the period's first day if that is the 1st, else on the next 1st.
  const first = start.getUTCDate() === 1 ? start : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  // The last whole month ends on the period's last day if that ends a month, else the month before.
  const endsMonth = shift(end, 1).getUTCDate() === 1;
  const lastStart = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (endsMonth ? 0 : 1), 1));
  if (lastStart < first) return { months: null, days: [[from, to]] };
  const lastEnd = shift(new Date(Date.UTC(lastStart.getUTCFullYear(), lastStart.getUTCMonth() + 1, 1)), -1);
  const days: [string, string][] = [];
  if (start < first) days.push([from, text(shift(first, -1))]);
  if (lastEnd < end) days.push([text(shift(lastEnd, 1)), to]);
  return { months: [text(first), text(lastStart)], days };
}
