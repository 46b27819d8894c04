// 病死畜禽 (dead livestock): the rules of a death report, its pickup and its treatment that the server
// and the console share. Pure: no IO.
//
// The frame: 《动物防疫法》第五十七条 makes the keeper of the animals answer for their harmless
// treatment; 《病死畜禽和病害畜禽产品无害化处理管理办法》(农业农村部令2022年第3号) asks for collection by
// dedicated sealed vehicles with GPS, a 交接单 at each pickup, and treatment by 化制、高温、焚烧、发酵 …
// at a treatment plant; 深埋 only where collection cannot reach (emergencies, remote places), and it is
// not counted as centralised treatment.

export interface Choice { value: string; zh: string; en: string }

/** A species as the farm reports it, with what one dead animal weighs at most (to refuse absurd estimates). */
export interface Species extends Choice { maxKgPerHead: number; poultry: boolean }

export const CARCASS_SPECIES: Species[] = [
  { value: 'pig', zh: '生猪', en: 'Pig', maxKgPerHead: 350, poultry: false },
  { value: 'piglet', zh: '仔猪', en: 'Piglet', maxKgPerHead: 40, poultry: false },
  { value: 'dairy_cattle', zh: '奶牛', en: 'Dairy cow', maxKgPerHead: 900, poultry: false },
  { value: 'beef_cattle', zh: '肉牛', en: 'Beef cattle', maxKgPerHead: 1000, poultry: false },
  { value: 'sheep', zh: '羊', en: 'Sheep or goat', maxKgPerHead: 120, poultry: false },
  { value: 'layer', zh: '蛋鸡', en: 'Layer hen', maxKgPerHead: 4, poultry: true },
  { value: 'broiler', zh: '肉鸡', en: 'Broiler', maxKgPerHead: 5, poultry: true },
  { value: 'duck', zh: '肉鸭', en: 'Duck', maxKgPerHead: 6, poultry: true },
  { value: 'other', zh: '其他畜禽', en: 'Other livestock', maxKgPerHead: 1000, poultry: false },
];

/** Why the animals died, as far as the keeper knows. */
export const CARCASS_CAUSES: Choice[] = [
  { value: 'disease', zh: '疫病', en: 'Disease' },
  { value: 'non_disease', zh: '非疫病（意外、应激、难产等）', en: 'Not a disease (accident, stress, birth …)' },
  { value: 'unknown', zh: '原因不明', en: 'Unknown' },
];

/**
 * How the plant treats a load (《病死及病害动物无害化处理技术规范》): every method but 深埋 is
 * centralised treatment at the plant; 深埋 is the emergency fallback and is not counted as such.
 */
export const CARCASS_METHODS: (Choice & { central: boolean })[] = [
  { value: 'rendering', zh: '化制', en: 'Rendering', central: true },
  { value: 'high_temperature', zh: '高温法', en: 'High-temperature treatment', central: true },
  { value: 'incineration', zh: '焚烧', en: 'Incineration', central: true },
  { value: 'fermentation', zh: '发酵', en: 'Fermentation', central: true },
  { value: 'deep_burial', zh: '深埋（应急，非集中处理）', en: 'Deep burial (emergency, not centralised)', central: false },
];

export const CENTRAL_METHODS = CARCASS_METHODS.filter((m) => m.central).map((m) => m.value);

/** The ledger code of dead livestock in the agricultural catalogue. */
export const CARCASS_CODE = 'AG05';

/** Hours a report may wait for its pickup, and a load on the road for its reception, before an alarm; a region may set others. */
export const COLLECT_HOURS_SETTING = 'carcass.collect_hours';
export const RECEIPT_HOURS_SETTING = 'carcass.receipt_hours';

/** Where a report stands, from what has been recorded about it (a report is never edited). */
export type ReportState = 'cancelled' | 'superseded' | 'waiting' | 'scheduled' | 'collected' | 'treated' | 'refused';

export const REPORT_STATES: Record<ReportState, { zh: string; en: string }> = {
  waiting: { zh: '待收集', en: 'Waiting for pickup' },
  scheduled: { zh: '已排收集路线', en: 'On a round' },
  collected: { zh: '已收集在途', en: 'Collected, on the road' },
  treated: { zh: '已无害化处理', en: 'Treated' },
  refused: { zh: '处理厂拒收', en: 'Refused by the plant' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
  superseded: { zh: '已更正（被新报告取代）', en: 'Corrected (superseded)' },
};

/** The state of a report from its cancellation, its correction, its round and its manifest's status. */
export function reportState(r: { cancelled: boolean; superseded: boolean; onRound: boolean; manifestStatus: string | null }): ReportState {
  if (r.superseded) return 'superseded';
  if (r.cancelled) return 'cancelled';
  switch (r.manifestStatus) {
    case 'in_transit': return 'collected';
    case 'received': case 'partially_refused': return 'treated';
    case 'refused': return 'refused';
    default: return r.onRound ? 'scheduled' : 'waiting';
  }
}

export interface ReportProblem { field: string; zh: string; en: string }

/**
 * What a report may not say: a head count that is not a positive whole number, a weight that is not
 * positive, or an estimate more than a dead animal of the species can weigh (a typo of a zero or two).
 */
export function reportProblems(r: { species: string; head: number; weightKg: number }): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const species = CARCASS_SPECIES.find((s) => s.value === r.species);
  if (!species) problems.push({ field: 'species', zh: '畜禽种类不在名录中', en: 'The species is not on the list' });
  if (!Number.isInteger(r.head) || r.head < 1) problems.push({ field: 'head', zh: '死亡数量应为正整数（头/只）', en: 'The head count is a whole number above zero' });
  if (!(r.weightKg > 0)) problems.push({ field: 'weightKg', zh: '估计重量应大于 0 千克', en: 'The estimated weight is above 0 kg' });
  else if (species && Number.isInteger(r.head) && r.head >= 1 && r.weightKg > species.maxKgPerHead * r.head) {
    problems.push({ field: 'weightKg', zh: `估计重量超过 ${r.head} 头（只）${species.zh}的可能重量（每头至多 ${species.maxKgPerHead} 千克）`, en: `The weight is more than ${r.head} ${species.en.toLowerCase()} can weigh (at most ${species.maxKgPerHead} kg each)` });
  }
  return problems;
}

/**
 * 病死畜禽集中无害化处理率: head treated centrally over head reported, in % (three decimals kept), or
 * null when nothing was reported. Head, not weight: the national statistics (畜牧兽医统计) count head.
 */
export const centralRate = (treatedHead: number, reportedHead: number) => (reportedHead > 0 ? Math.round((treatedHead / reportedHead) * 100_000) / 1000 : null);

/** Whether a round's vehicle is off its route: its distance to the route's nearest segment, in km, above the tolerance. */
export const OFF_ROUTE_KM = 3;

/** Distance in km from a point to the segment a–b on a small area (equirectangular), as the alarm rule computes it in SQL. */
export function kmToSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const k = Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
  const [px, py, ax, ay, bx, by] = [p[0] * k, p[1], a[0] * k, a[1], b[0] * k, b[1]];
  const len = (bx - ax) ** 2 + (by - ay) ** 2;
  const t = len > 0 ? Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len)) : 0;
  return 111.32 * Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

/** Distance in km from a point to a route (its stops in order), the nearest of its segments. */
export function kmToRoute(p: [number, number], route: [number, number][]): number {
  if (route.length === 1) return kmToSegment(p, route[0], route[0]);
  let best = Infinity;
  for (let i = 1; i < route.length; i++) best = Math.min(best, kmToSegment(p, route[i - 1], route[i]));
  return best;
}
