import type { Choice } from '../streams/vocabularies';

// 畜禽养殖场 and 畜禽粪污 (seed 000 三(二), 四(二)2): the species a farm keeps, when a farm counts as a
// scale farm (规模养殖场), how its manure is estimated, what facilities make it complete, and the
// pig equivalents (猪当量) that let species add up. Pure rules, shared by the server, the formulas
// and the console.

export type Species = 'pig' | 'dairy_cattle' | 'beef_cattle' | 'sheep' | 'layer' | 'broiler' | 'duck';

/** Which head count a species' scale threshold is read against: head sold in the year (出栏) or in stock (存栏). */
export type Measure = 'stock' | 'sold';

export interface SpeciesRule extends Choice {
  value: Species;
  unit: { zh: string; en: string };
  /** The scale threshold's measure and default figure (a region may set its own: setting `livestock.scale.<species>`). */
  measure: Measure;
  threshold: number;
  /**
   * 猪当量 per head in stock: 《畜禽粪污土地承载力测算技术指南》(农办牧〔2018〕1号) counts 100 pigs as
   * 15 dairy cows, 30 beef cattle, 250 sheep or 2,500 poultry (存栏).
   */
  pigEquivalent: number;
  /**
   * Manure and slurry a head in stock gives a day, tonnes (solid manure collected + sewage), and the
   * sewage alone in m³ (what a liquid store must hold). Common parameters of the county manure plans
   * (畜禽规模养殖场粪污产生量参数: pig 2 kg + 10 L, dairy 20 kg + 48 L, beef 10 kg + 24 L, poultry 0.1 kg + 0.25 L,
   * sheep 2.6 kg, duck 0.13 kg); a farm that measures its own records the measured figure instead.
   */
  dailyManureT: number;
  dailySlurryM3: number;
}

const head = { zh: '头', en: 'head' }, bird = { zh: '只', en: 'birds' }, sheep = { zh: '只', en: 'head' };

export const SPECIES: SpeciesRule[] = [
  { value: 'pig', zh: '生猪', en: 'Pigs', unit: head, measure: 'sold', threshold: 500, pigEquivalent: 1, dailyManureT: 0.012, dailySlurryM3: 0.01 },
  { value: 'dairy_cattle', zh: '奶牛', en: 'Dairy cattle', unit: head, measure: 'stock', threshold: 100, pigEquivalent: 100 / 15, dailyManureT: 0.068, dailySlurryM3: 0.048 },
  { value: 'beef_cattle', zh: '肉牛', en: 'Beef cattle', unit: head, measure: 'sold', threshold: 50, pigEquivalent: 100 / 30, dailyManureT: 0.034, dailySlurryM3: 0.024 },
  { value: 'sheep', zh: '羊', en: 'Sheep and goats', unit: sheep, measure: 'sold', threshold: 100, pigEquivalent: 100 / 250, dailyManureT: 0.0026, dailySlurryM3: 0 },
  { value: 'layer', zh: '蛋鸡', en: 'Laying hens', unit: bird, measure: 'stock', threshold: 10_000, pigEquivalent: 100 / 2500, dailyManureT: 0.00035, dailySlurryM3: 0.00025 },
  { value: 'broiler', zh: '肉鸡', en: 'Broilers', unit: bird, measure: 'sold', threshold: 50_000, pigEquivalent: 100 / 2500, dailyManureT: 0.00035, dailySlurryM3: 0.00025 },
  { value: 'duck', zh: '肉鸭', en: 'Meat ducks', unit: bird, measure: 'sold', threshold: 50_000, pigEquivalent: 100 / 2500, dailyManureT: 0.00013, dailySlurryM3: 0 },
];

export const SPECIES_KEYS = SPECIES.map((s) => s.value) as [Species, ...Species[]];
export const speciesRule = (species: string) => SPECIES.find((s) => s.value === species) ?? null;

/** The region setting that holds a species' scale threshold. */
export const scaleSetting = (species: Species) => `livestock.scale.${species}`;
/** Days of slurry a liquid store must hold (贮存周期), a region setting. */
export const STORAGE_DAYS_SETTING = 'livestock.storage_days';
export const STORAGE_DAYS_DEFAULT = 180;

export const SCALE_BASIS = '山东省畜禽规模养殖场规模标准（生猪年出栏≥500头、奶牛存栏≥100头、肉牛年出栏≥50头、羊年出栏≥100只、蛋鸡存栏≥1万只、肉鸡/肉鸭年出栏≥5万只）：演示地区采用的默认值，待核实';

/** Whether a farm's year meets its species' threshold (the threshold in force for its region). */
export function isScaleFarm(species: Species, counts: { stock: number; sold: number }, threshold: number): boolean {
  const rule = speciesRule(species)!;
  return (rule.measure === 'stock' ? counts.stock : counts.sold) >= threshold;
}

/** Head in stock as 猪当量. */
export const pigEquivalents = (species: Species, stock: number) => stock * (speciesRule(species)?.pigEquivalent ?? 0);

/** Days in a calendar month. */
export const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Manure a month gives by the coefficient: head in stock × daily tonnes × days, to 0.1 kg. */
export const estimatedManureT = (species: Species, stock: number, year: number, month: number) =>
  Math.round(stock * speciesRule(species)!.dailyManureT * daysInMonth(year, month) * 10_000) / 10_000;

/** The liquid store a farm needs: head in stock × daily slurry (m³) × the storage days, rounded up to a cubic metre. */
export const requiredStorageM3 = (species: Species, stock: number, storageDays: number) => Math.ceil(stock * speciesRule(species)!.dailySlurryM3 * storageDays);

export interface Facilities { storageM3: number; dryYardM2: number; covered: boolean; rainSeparated: boolean }

/**
 * 粪污处理设施配套 as the platform counts it (农办牧〔2018〕2号 建设规范, "一控两分三防两配套一基本"):
 * rain and sewage separated, the manure yard covered against rain, a dry-manure yard, and a liquid
 * store holding the storage days of slurry (species with no slurry need no liquid store).
 * Returns what is missing, empty when complete.
 */
export function facilityGaps(species: Species, stock: number, f: Facilities, storageDays: number): ('rain_separated' | 'covered' | 'dry_yard' | 'storage')[] {
  const gaps: ('rain_separated' | 'covered' | 'dry_yard' | 'storage')[] = [];
  if (!f.rainSeparated) gaps.push('rain_separated');
  if (!f.covered) gaps.push('covered');
  if (!(f.dryYardM2 > 0)) gaps.push('dry_yard');
  if (f.storageM3 < requiredStorageM3(species, stock, storageDays)) gaps.push('storage');
  return gaps;
}

export const FACILITY_RULE = {
  zh: '设施配套的判定：雨污分离、堆粪场防雨（有顶棚）、有干粪堆场，且液体粪污贮存设施容积 ≥ 存栏量 × 单位畜禽日污水产生量 × 贮存天数（地区设置，默认180天；羊、肉鸭不产生污水的不要求贮存池）。',
  en: 'Complete facilities: rain and sewage separated, a covered manure yard, a dry-manure yard, and a liquid store of at least head in stock × daily slurry per head × the storage days (a regional setting, 180 by default; sheep and ducks, with no slurry, need no liquid store).',
};

/** The kinds of manure treatment a farm runs (粪污处理设施类型). */
export const FACILITY_KINDS: Choice[] = [
  { value: 'compost', zh: '堆肥发酵', en: 'Composting' },
  { value: 'biogas', zh: '沼气工程', en: 'Biogas digester' },
  { value: 'fermentation_bed', zh: '发酵床（原位发酵）', en: 'Deep-litter fermentation bed' },
  { value: 'slurry_storage', zh: '贮存发酵后还田', en: 'Storage and fermentation for field use' },
  { value: 'separation', zh: '固液分离', en: 'Solid-liquid separation' },
  { value: 'none', zh: '无处理设施', en: 'None' },
];

/** 标准化示范场: the designation a farm holds, by the level that gave it. */
export const DEMONSTRATION_LEVELS: Choice[] = [
  { value: 'national', zh: '农业农村部畜禽养殖标准化示范场', en: 'National demonstration farm' },
  { value: 'provincial', zh: '省级畜禽养殖标准化示范场', en: 'Provincial demonstration farm' },
  { value: 'municipal', zh: '市级畜禽养殖标准化示范场', en: 'Municipal demonstration farm' },
];

/** How a month's manure generation was arrived at. */
export const GENERATION_BASES: Choice[] = [
  { value: 'coefficient', zh: '按存栏量和产污系数测算', en: 'Estimated from head in stock and the coefficient' },
  { value: 'measured', zh: '实测（称重或计量）', en: 'Measured (weighed or metered)' },
];

/** The ways manure is used (畜禽粪污综合利用方式); 有机肥 goes to the plant on hand-over manifests. */
export const MANURE_USES: Choice[] = [
  { value: 'field', zh: '还田利用', en: 'Spread on fields' },
  { value: 'fertiliser', zh: '交有机肥厂', en: 'To an organic-fertiliser plant' },
  { value: 'biogas', zh: '沼气利用', en: 'Biogas' },
  { value: 'sold', zh: '出售', en: 'Sold' },
];

export interface ManureMonth { generatedT: number; fieldT: number; fertiliserT: number; biogasT: number; soldT: number }

/** What a month used, and what it left unused (never below zero: manure stored earlier may be used later). */
export function manureBalance(m: ManureMonth) {
  const usedT = m.fieldT + m.fertiliserT + m.biogasT + m.soldT;
  return { usedT: Math.round(usedT * 10_000) / 10_000, unusedT: Math.max(0, Math.round((m.generatedT - usedT) * 10_000) / 10_000) };
}

/** 畜禽粪污综合利用率: used (at most what was generated) over generated, in %. */
export const utilisationRate = (usedT: number, generatedT: number) => (generatedT > 0 ? Math.round((Math.min(usedT, generatedT) / generatedT) * 100_000) / 1000 : null);
