// 绿色账户 (residents' green accounts): the four sorting-quality grades, the points rules a region
// sets, and the arithmetic of the points ledger (what a graded delivery earns; which earn entries a
// redemption draws from, earliest-expiring first). Pure, shared by the server and the console.
import type { HouseholdClass } from './household';

export type Label = { zh: string; en: string };

/** Four grades, as Shanghai's villages grade households' sorting (优/良/中/差). */
export const GRADES = {
  A: { zh: '优', en: 'Excellent' },
  B: { zh: '良', en: 'Good' },
  C: { zh: '中', en: 'Fair' },
  D: { zh: '差', en: 'Poor' },
} as const satisfies Record<string, Label>;
export type Grade = keyof typeof GRADES;
/** The grades that count as correctly sorted in the accuracy rate (准确率): the top two. */
export const ACCURATE_GRADES: readonly Grade[] = ['A', 'B'];

/** The points rules in force for a region (region settings green.*). */
export interface PointsRules {
  /** Points per graded delivery, by class. */
  perDelivery: Record<HouseholdClass, number>;
  /** Points per kg weighed (on top of the delivery's points); nothing when no weight was taken. */
  perKg: number;
  /** The multiplier of each grade, in % (差 earns nothing). */
  gradePct: Record<Grade, number>;
  /** Months an earned entry stays valid. */
  expiryMonths: number;
}

/** The region settings that make up the rules: key, what it sets, default, range. */
export const POINTS_SETTINGS = [
  { key: 'green.points_recyclable', part: 'recyclable', label: { zh: '绿色账户：可回收物每次投放积分', en: 'Green account: points per delivery of recyclables' }, unit: { zh: '分', en: 'points' }, default: 2, min: 0, max: 100 },
  { key: 'green.points_hazardous', part: 'hazardous', label: { zh: '绿色账户：有害垃圾每次投放积分', en: 'Green account: points per delivery of hazardous household waste' }, unit: { zh: '分', en: 'points' }, default: 3, min: 0, max: 100 },
  { key: 'green.points_kitchen', part: 'kitchen', label: { zh: '绿色账户：厨余垃圾每次投放积分', en: 'Green account: points per delivery of kitchen waste' }, unit: { zh: '分', en: 'points' }, default: 1, min: 0, max: 100 },
  { key: 'green.points_other', part: 'other', label: { zh: '绿色账户：其他垃圾每次投放积分', en: 'Green account: points per delivery of residual waste' }, unit: { zh: '分', en: 'points' }, default: 1, min: 0, max: 100 },
  { key: 'green.points_per_kg', part: 'perKg', label: { zh: '绿色账户：每千克积分', en: 'Green account: points per kg weighed' }, unit: { zh: '分/千克', en: 'points/kg' }, default: 1, min: 0, max: 100 },
  { key: 'green.grade_a_pct', part: 'A', label: { zh: '绿色账户：评定“优”积分倍率', en: 'Green account: multiplier of grade 优 (excellent)' }, unit: { zh: '%', en: '%' }, default: 100, min: 0, max: 500 },
  { key: 'green.grade_b_pct', part: 'B', label: { zh: '绿色账户：评定“良”积分倍率', en: 'Green account: multiplier of grade 良 (good)' }, unit: { zh: '%', en: '%' }, default: 80, min: 0, max: 500 },
  { key: 'green.grade_c_pct', part: 'C', label: { zh: '绿色账户：评定“中”积分倍率', en: 'Green account: multiplier of grade 中 (fair)' }, unit: { zh: '%', en: '%' }, default: 50, min: 0, max: 500 },
  { key: 'green.expiry_months', part: 'expiry', label: { zh: '绿色账户：积分有效期', en: 'Green account: months points stay valid' }, unit: { zh: '个月', en: 'months' }, default: 12, min: 1, max: 60 },
] as const;

/** The rules from the settings' values by key (a missing key takes its default). Bulky and renovation waste earn nothing per delivery. */
export function rulesFrom(values: Record<string, number>): PointsRules {
  const v = (key: (typeof POINTS_SETTINGS)[number]['key']) => values[key] ?? POINTS_SETTINGS.find((s) => s.key === key)!.default;
  return {
    perDelivery: { recyclable: v('green.points_recyclable'), hazardous: v('green.points_hazardous'), kitchen: v('green.points_kitchen'), other: v('green.points_other'), bulky: 0, renovation: 0 },
    perKg: v('green.points_per_kg'),
    gradePct: { A: v('green.grade_a_pct'), B: v('green.grade_b_pct'), C: v('green.grade_c_pct'), D: 0 },
    expiryMonths: v('green.expiry_months'),
  };
}

/** Points a graded delivery earns: (per delivery of its class + per kg × weight) × the grade's multiplier, rounded down to whole points. */
export function pointsFor(rules: PointsRules, delivery: { wasteClass: HouseholdClass; weightKg?: number | null; grade: Grade }): number {
  const base = rules.perDelivery[delivery.wasteClass] + rules.perKg * (delivery.weightKg ?? 0);
  return Math.max(0, Math.floor((base * rules.gradePct[delivery.grade]) / 100 + 1e-9));
}

/** When an entry earned at `at` lapses: the same moment `months` later (the month's last day when the day does not exist). */
export function expiryOf(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface OpenEarn { id: string; remaining: number; expiresAt: Date; at: Date }

/**
 * Which earn entries a redemption of `points` draws from: the open ones still valid at `now`,
 * earliest-expiring first (then earliest earned); null when they do not hold enough.
 */
export function drawPlan(open: OpenEarn[], points: number, now: Date): { earnId: string; points: number }[] | null {
  const valid = open.filter((e) => e.remaining > 0 && e.expiresAt.getTime() > now.getTime())
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  const draws: { earnId: string; points: number }[] = [];
  let left = points;
  for (const e of valid) {
    if (left <= 0) break;
    const take = Math.min(left, e.remaining);
    draws.push({ earnId: e.id, points: take });
    left -= take;
  }
  return left > 0 ? null : draws;
}

/** A rate in % with one decimal, or null with nothing to divide by. */
export const ratePct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
