// 秸秆 (crop straw): the vocabularies of a town's season filing and the arithmetic of the straw
// resource ledger (秸秆资源台账). Theoretical straw = grain yield × grass-to-grain ratio (草谷比);
// collectable = theoretical × collectable share (可收集系数); 秸秆综合利用率 = used by the five uses
// (五化) ÷ collectable. Pure functions, shared by the server, the Excel import and the page.

export interface Term<T extends string = string> { value: T; zh: string; en: string }

export const HARVESTS = [
  { value: 'summer', zh: '三夏', en: 'Summer harvest (三夏)' },
  { value: 'autumn', zh: '三秋', en: 'Autumn harvest (三秋)' },
] as const satisfies readonly Term[];
export type Harvest = (typeof HARVESTS)[number]['value'];

export const STRAW_CROPS = [
  { value: 'wheat', zh: '小麦', en: 'Wheat' },
  { value: 'maize', zh: '玉米', en: 'Maize' },
  { value: 'cotton', zh: '棉花', en: 'Cotton' },
  { value: 'soybean', zh: '大豆', en: 'Soybean' },
  { value: 'peanut', zh: '花生', en: 'Peanut' },
  { value: 'other', zh: '其他作物', en: 'Other crops' },
] as const satisfies readonly Term[];
export type StrawCrop = (typeof STRAW_CROPS)[number]['value'];

/**
 * The five uses (五化). 肥料化 is kept as two figures: direct return to the field (直接还田, the bulk
 * in 临清) and other fertiliser uses (堆沤、腐熟、商品有机肥), because the bureau reports both.
 */
export const STRAW_USES = [
  { value: 'fieldReturnT', zh: '肥料化：直接还田', en: 'Fertiliser: returned to the field' },
  { value: 'fertiliserT', zh: '肥料化：其他（堆沤、有机肥）', en: 'Fertiliser: other (compost, organic fertiliser)' },
  { value: 'feedT', zh: '饲料化', en: 'Feed' },
  { value: 'fuelT', zh: '燃料化', en: 'Fuel' },
  { value: 'substrateT', zh: '基料化', en: 'Substrate (mushrooms, seedlings)' },
  { value: 'materialT', zh: '原料化', en: 'Industrial raw material' },
] as const satisfies readonly Term[];
export type StrawUse = (typeof STRAW_USES)[number]['value'];
export const STRAW_USE_KEYS = STRAW_USES.map((u) => u.value) as StrawUse[];

export interface Coefficients { grainRatio: number; collectableShare: number; source: string }

/**
 * Default coefficients where the region has set none: typical values for the 黄淮海 region as used
 * in county straw resource ledgers (草谷比 and 可收集系数 per crop). A county replaces them with its
 * own measured figures; every filing keeps the figures it was computed with.
 */
export const DEFAULT_SOURCE = '参考值：《农作物秸秆资源调查与评价技术规范》（NY/T 1701）及农业农村部秸秆资源台账技术指导的黄淮海区典型值';
export const DEFAULT_COEFFICIENTS: Record<StrawCrop, Coefficients> = {
  wheat: { grainRatio: 1.1, collectableShare: 0.85, source: DEFAULT_SOURCE },
  maize: { grainRatio: 1.2, collectableShare: 0.9, source: DEFAULT_SOURCE },
  cotton: { grainRatio: 3.0, collectableShare: 0.85, source: DEFAULT_SOURCE },
  soybean: { grainRatio: 1.5, collectableShare: 0.8, source: DEFAULT_SOURCE },
  peanut: { grainRatio: 0.8, collectableShare: 0.85, source: DEFAULT_SOURCE },
  other: { grainRatio: 1.0, collectableShare: 0.8, source: DEFAULT_SOURCE },
};

export type StrawUses = Record<StrawUse, number>;

export interface StrawFigures { theoreticalT: number; collectableT: number; usedT: number; rate: number | null }

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The season's straw figures from its yield, coefficients and uses (t to 3 decimals, rate in % to 2). */
export function strawFigures(yieldT: number, c: Pick<Coefficients, 'grainRatio' | 'collectableShare'>, uses: StrawUses): StrawFigures {
  const theoreticalT = round3(yieldT * c.grainRatio);
  const collectableT = round3(theoreticalT * c.collectableShare);
  const usedT = round3(STRAW_USE_KEYS.reduce((s, k) => s + uses[k], 0));
  return { theoreticalT, collectableT, usedT, rate: collectableT > 0 ? Math.round((usedT / collectableT) * 10_000) / 100 : null };
}

/** 秸秆综合利用率 of sums, in % to 2 decimals; null without collectable straw. */
export const utilisationRate = (usedT: number, collectableT: number) => (collectableT > 0 ? Math.round((usedT / collectableT) * 10_000) / 100 : null);

/** Yield from a per-mu figure: 公斤/亩 × 亩 ÷ 1000 = 吨. */
export const yieldFromPerMu = (kgPerMu: number, sownMu: number) => round3((kgPerMu * sownMu) / 1000);

export const cropLabel = (value: string) => STRAW_CROPS.find((c) => c.value === value) ?? { value, zh: value, en: value };
export const harvestLabel = (value: string) => HARVESTS.find((h) => h.value === value) ?? { value, zh: value, en: value };
