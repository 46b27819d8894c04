import type { Domain } from './enums';

// 信访投诉举报 (issue 18; seed 000 row 41 涉固体废物信访、投诉、举报案件办结率): what a citizen reports,
// the states a report passes through, the steps a department takes, working-day deadlines and the
// 50 m rule for suggesting an earlier report of the same thing. Plain functions, shared with the browser.

export interface Labelled<T extends string = string> { value: T; zh: string; en: string }

/** What a citizen reports, with the department that usually answers for it (the routing table's default). */
export const COMPLAINT_CATEGORIES = [
  { value: 'illegal_dumping', zh: '非法倾倒固体废物', en: 'Illegal dumping', domain: 'ecology' },
  { value: 'burning', zh: '焚烧冒烟', en: 'Burning or smoking heap', domain: 'ecology' },
  { value: 'missed_collection', zh: '生活垃圾未清运', en: 'Missed collection', domain: 'urban' },
  { value: 'polluting_site', zh: '污染场所（堆场、渗滤液、扬尘）', en: 'Polluting site', domain: 'ecology' },
  { value: 'construction_waste', zh: '建筑垃圾乱倒', en: 'Construction waste dumped', domain: 'housing' },
  { value: 'farm_waste', zh: '农业废弃物（秸秆、农膜、病死畜禽）', en: 'Farm waste (straw, film, carcasses)', domain: 'agriculture' },
  { value: 'other', zh: '其他固体废物问题', en: 'Other solid-waste problem', domain: null },
] as const satisfies readonly (Labelled & { domain: Domain | null })[];
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]['value'];
export const COMPLAINT_CATEGORY_VALUES = COMPLAINT_CATEGORIES.map((c) => c.value) as [ComplaintCategory, ...ComplaintCategory[]];
export const complaintCategory = (value: string) => COMPLAINT_CATEGORIES.find((c) => c.value === value) ?? null;

export const COMPLAINT_STATUSES = [
  { value: 'submitted', zh: '待受理', en: 'Submitted' },
  { value: 'accepted', zh: '已受理', en: 'Accepted' },
  { value: 'assigned', zh: '已转办', en: 'Assigned' },
  { value: 'in_progress', zh: '办理中', en: 'In progress' },
  { value: 'resolved', zh: '已办结', en: 'Resolved' },
  { value: 'closed', zh: '已关闭', en: 'Closed' },
  { value: 'rejected', zh: '不予受理', en: 'Rejected' },
  { value: 'duplicate', zh: '重复', en: 'Duplicate' },
  { value: 'not_ours', zh: '非本部门职责', en: 'Not our responsibility' },
] as const satisfies readonly Labelled[];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]['value'];
export const COMPLAINT_STATUS_VALUES = COMPLAINT_STATUSES.map((s) => s.value) as [ComplaintStatus, ...ComplaintStatus[]];
export const statusLabel = (value: string, lang: 'zh' | 'en' = 'zh') => COMPLAINT_STATUSES.find((s) => s.value === value)?.[lang] ?? value;
export const categoryLabel = (value: string, lang: 'zh' | 'en' = 'zh') => complaintCategory(value)?.[lang] ?? value;

/** Still to be answered: the states a duplicate suggestion and the overdue marks look at. */
export const OPEN_STATUSES: ComplaintStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress'];
/** Answered (办结): what row 41 counts in its numerator. */
export const DONE_STATUSES: ComplaintStatus[] = ['resolved', 'closed'];
/** Never accepted as a case of ours: out of row 41 altogether. */
export const EXCLUDED_STATUSES: ComplaintStatus[] = ['rejected', 'duplicate', 'not_ours'];

/** The department's steps: from which states each may be taken, the state it leads to and what it needs. */
export const COMPLAINT_ACTIONS = {
  accept: { zh: '受理', en: 'Accept', from: ['submitted'], to: 'accepted', needs: null },
  assign: { zh: '转办', en: 'Assign', from: ['submitted', 'accepted', 'assigned', 'in_progress'], to: 'assigned', needs: 'target' },
  start: { zh: '开始办理', en: 'Start work', from: ['accepted', 'assigned'], to: 'in_progress', needs: null },
  resolve: { zh: '办结答复', en: 'Resolve with an answer', from: ['accepted', 'assigned', 'in_progress'], to: 'resolved', needs: 'answer' },
  reject: { zh: '不予受理', en: 'Reject', from: ['submitted'], to: 'rejected', needs: 'reason' },
  duplicate: { zh: '标为重复', en: 'Mark as duplicate', from: ['submitted', 'accepted'], to: 'duplicate', needs: 'original' },
  not_ours: { zh: '非本部门职责', en: 'Not our responsibility', from: ['submitted', 'accepted', 'assigned'], to: 'not_ours', needs: 'referTo' },
} as const satisfies Record<string, { zh: string; en: string; from: readonly ComplaintStatus[]; to: ComplaintStatus; needs: string | null }>;
export type ComplaintAction = keyof typeof COMPLAINT_ACTIONS;
export const COMPLAINT_ACTION_VALUES = Object.keys(COMPLAINT_ACTIONS) as [ComplaintAction, ...ComplaintAction[]];

/** The actions a department may take on a report in this state. */
export const actionsFrom = (status: ComplaintStatus): ComplaintAction[] =>
  COMPLAINT_ACTION_VALUES.filter((a) => (COMPLAINT_ACTIONS[a].from as readonly string[]).includes(status));

/** Two reports are the same place within this distance (issue 18: 50 m). */
export const DUPLICATE_RADIUS_M = 50;

/** Great-circle distance in metres (haversine, mean earth radius). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;
const dayOf = (at: Date) => new Date(at.getTime() + SHANGHAI).toISOString().slice(0, 10);

/** The end of the day `days` calendar days after the day of `from` (Asia/Shanghai). */
export const calendarDaysAfter = (from: Date, days: number): Date => new Date(Date.parse(`${dayOf(from)}T00:00:00Z`) + (days + 1) * DAY - SHANGHAI);

/** A report's number: TS, the day (Asia/Shanghai) and a five-digit serial of the day. */
export const complaintNumber = (at: Date, serial: number) => `TS${dayOf(at).replace(/-/g, '')}${String(serial).padStart(5, '0')}`;
export const COMPLAINT_NUMBER = /^TS\d{13}$/;

/** What Open311 calls a request's state: open while someone still has to act. */
export const open311Status = (status: ComplaintStatus): 'open' | 'closed' => (OPEN_STATUSES.includes(status) ? 'open' : 'closed');

/** Where a reported place may lie: mainland China and its islands, by longitude and latitude (WGS-84). */
export const CHINA_EXTENT = { lon: [73, 136], lat: [3, 54] } as const;
export const withinChina = (lon: number, lat: number) => lon >= CHINA_EXTENT.lon[0] && lon <= CHINA_EXTENT.lon[1] && lat >= CHINA_EXTENT.lat[0] && lat <= CHINA_EXTENT.lat[1];
