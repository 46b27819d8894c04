import type { Labelled } from '../enums';

// 统计数据 the formulas read: what each figure is, its unit, and whether it is a whole number. The
// statistics bureau (or the zero-waste office) enters them per region and year with their source.
export interface StatisticKey extends Labelled { unit: string; integer: boolean; group: 'economy' | 'population' | 'places' | 'agriculture' | 'baseline' }

export const STATISTIC_KEYS: readonly StatisticKey[] = [
  { value: 'gdp', zh: '地区生产总值', en: 'Gross regional product', unit: '万元', integer: false, group: 'economy' },
  { value: 'industrial_value_added', zh: '工业增加值', en: 'Industrial value added', unit: '万元', integer: false, group: 'economy' },
  { value: 'resident_population', zh: '常住人口', en: 'Resident population', unit: '人', integer: true, group: 'population' },
  { value: 'households', zh: '户数', en: 'Households', unit: '户', integer: true, group: 'population' },
  { value: 'residential_communities', zh: '城市居民小区数量', en: 'Urban residential communities', unit: '个', integer: true, group: 'places' },
  { value: 'administrative_villages', zh: '行政村数量', en: 'Administrative villages', unit: '个', integer: true, group: 'places' },
  { value: 'medical_institutions', zh: '医疗卫生机构数量', en: 'Medical institutions', unit: '个', integer: true, group: 'places' },
  { value: 'sown_area_grain', zh: '粮食作物播种面积', en: 'Sown area, grain crops', unit: '亩', integer: false, group: 'agriculture' },
  { value: 'sown_area_cotton', zh: '棉花播种面积', en: 'Sown area, cotton', unit: '亩', integer: false, group: 'agriculture' },
  { value: 'sown_area_vegetables', zh: '蔬菜播种面积', en: 'Sown area, vegetables', unit: '亩', integer: false, group: 'agriculture' },
  { value: 'pigs_slaughtered', zh: '生猪出栏量', en: 'Pigs slaughtered', unit: '头', integer: true, group: 'agriculture' },
  { value: 'cattle_stock', zh: '牛存栏量', en: 'Cattle in stock', unit: '头', integer: true, group: 'agriculture' },
  { value: 'poultry_stock', zh: '家禽存栏量', en: 'Poultry in stock', unit: '只', integer: true, group: 'agriculture' },
  // the whole area's livestock in pig equivalents (畜牧业统计, backyard keepers included), the denominator of 畜禽规模养殖比重.
  { value: 'livestock_pig_equivalents', zh: '畜禽存栏总量（折猪当量，含散养户）', en: 'Livestock in stock, pig equivalents (backyard keepers included)', unit: '猪当量', integer: false, group: 'agriculture' },
  { value: 'hw_landfilled_t', zh: '工业危险废物填埋处置量（基准年）', en: 'Industrial hazardous waste landfilled (base year)', unit: '吨', integer: false, group: 'baseline' },
  { value: 'sw_stored_disposed_t', zh: '一般工业固体废物贮存处置量（基准年）', en: 'General industrial solid waste stored or disposed of (base year)', unit: '吨', integer: false, group: 'baseline' },
  // 再生资源回收量 (seed 004: growth against 2020): the base year's, and a year's where the stations do not yet keep their ledgers on the platform.
  { value: 'recyclables_recovered_t', zh: '再生资源回收量', en: 'Recyclables recovered', unit: '吨', integer: false, group: 'baseline' },
  // Pesticide packaging, pesticide and fertiliser use (issue 16): where the dealers' books are incomplete.
  { value: 'pesticide_use_t', zh: '化学农药施用量（实物量）', en: 'Chemical pesticides used (product)', unit: '吨', integer: false, group: 'agriculture' },
  { value: 'fertiliser_use_pure_t', zh: '化学肥料施用量（折纯量）', en: 'Chemical fertilisers used (pure nutrient)', unit: '吨', integer: false, group: 'agriculture' },
  { value: 'pesticide_packages_sold', zh: '农药包装物销售量', en: 'Pesticide packages sold', unit: '个', integer: true, group: 'agriculture' },
  { value: 'pesticide_packages_recovered', zh: '农药包装废弃物回收量', en: 'Pesticide packages recovered', unit: '个', integer: true, group: 'agriculture' },
];

export const statisticKey = (key: string) => STATISTIC_KEYS.find((k) => k.value === key) ?? null;
