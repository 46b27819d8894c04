import type { Choice } from '../streams/vocabularies';

// 农药包装废弃物 (seed 000 三(二), 临清 task 20): dealers take back what they sold ("谁销售谁回收"), one
// collection station per town stores it, and loads leave on a light manifest for utilisation or
// disposal. 《农药包装废弃物回收处理管理办法》(农业农村部、生态环境部令2020年第6号) sets the duties;
// 《国家危险废物名录（2021年版）》附录《危险废物豁免管理清单》第28项 (900-003-04) frees the chain from
// hazardous-waste management only while the conditions below hold. Pure rules: shared with the browser.

/** The hazardous-waste code pesticide packaging falls under when the exemption does not apply. */
export const PESTICIDE_HW_CODE = '900-003-04';

/** How a package is made (瓶/袋/桶): the recovery rate and the dealer's history check count by type. */
export const PACKAGE_TYPES = [
  { value: 'bottle', zh: '瓶', en: 'Bottle' },
  { value: 'bag', zh: '袋', en: 'Bag' },
  { value: 'drum', zh: '桶', en: 'Drum' },
] as const satisfies readonly Choice[];
export type PackageType = (typeof PACKAGE_TYPES)[number]['value'];
export const PACKAGE_TYPE_VALUES = PACKAGE_TYPES.map((t) => t.value) as [PackageType, ...PackageType[]];

/** What a package is made of; plastic goes to a plastics utiliser, the rest to disposal. */
export const PACKAGE_MATERIALS = [
  { value: 'plastic', zh: '塑料', en: 'Plastic' },
  { value: 'glass', zh: '玻璃', en: 'Glass' },
  { value: 'foil', zh: '铝箔复合', en: 'Aluminium-foil laminate' },
  { value: 'paper', zh: '纸质', en: 'Paper' },
  { value: 'metal', zh: '金属', en: 'Metal' },
] as const satisfies readonly Choice[];
export type PackageMaterial = (typeof PACKAGE_MATERIALS)[number]['value'];
export const PACKAGE_MATERIAL_VALUES = PACKAGE_MATERIALS.map((t) => t.value) as [PackageMaterial, ...PackageMaterial[]];

/**
 * 农药登记证号 as the registration certificate prints it: PD (正式登记), WP (卫生用农药), LS (临时登记)
 * or WL (卫生用临时登记), then the year and a serial: eight digits since 2000 (PD20130987), five
 * digits with an optional suffix on older ones (PD85105-5).
 */
export const REGISTRATION_NO = /^(PD|WP|LS|WL)(\d{8}|\d{5}(-\d{1,3})?)$/;
export const isRegistrationNo = (value: string) => REGISTRATION_NO.test(value);

/** A package code printed as a QR on a deposit-refund package (押金回收): letters, digits and dashes. */
export const PACKAGE_CODE = /^[A-Z0-9][A-Z0-9-]{5,39}$/;

/** Where a station's load goes: the first two keep the exemption; the last is hazardous-waste management. */
export const DESTINATION_KINDS = [
  { value: 'designated_utiliser', zh: '农业农村部门确定的资源化利用单位', en: 'A utiliser designated by the agriculture bureau' },
  { value: 'household_disposal', zh: '生活垃圾焚烧厂或卫生填埋场', en: 'A household-waste incinerator or sanitary landfill' },
  { value: 'other', zh: '其他单位', en: 'Another operator' },
] as const satisfies readonly Choice[];
export type DestinationKind = (typeof DESTINATION_KINDS)[number]['value'];

/** The carrier's measures the 办法 asks of transport (第十四条: 防止扬散、流失和渗漏), each declared on the manifest. */
export const TRANSPORT_MEASURES = [
  { value: 'rainproof', zh: '防雨', en: 'Covered against rain' },
  { value: 'leakproof', zh: '防渗漏', en: 'Leak-proof' },
  { value: 'spillproof', zh: '防遗撒（防扬散）', en: 'Secured against spilling' },
] as const satisfies readonly Choice[];
export type TransportMeasure = (typeof TRANSPORT_MEASURES)[number]['value'];
export const TRANSPORT_MEASURE_VALUES = TRANSPORT_MEASURES.map((t) => t.value) as [TransportMeasure, ...TransportMeasure[]];

export interface ExemptionCondition { key: 'collection' | 'transport' | 'destination'; zh: string; en: string }

/**
 * The conditions of 豁免清单 item 28, in our words: each stage is exempt (收集、运输、利用、处置 are not
 * managed as hazardous waste) only as long as it follows the 办法.
 */
export const EXEMPTION = {
  item: 28,
  code: PESTICIDE_HW_CODE,
  source: {
    zh: '《国家危险废物名录（2021年版）》附录《危险废物豁免管理清单》第28项；《农药包装废弃物回收处理管理办法》',
    en: 'National Hazardous Waste List (2021), appendix (exemption list), item 28; Measures for the Recovery and Treatment of Pesticide Packaging Waste',
  },
  conditions: [
    { key: 'collection', zh: '收集：送至设定的回收站点（镇街收储站）', en: 'Collection: brought to a set collection point (the town station)' },
    { key: 'transport', zh: '运输：符合《办法》要求，承运车辆防雨、防渗漏、防遗撒', en: 'Transport: as the Measures require, covered against rain, leak-proof and secured against spilling' },
    { key: 'destination', zh: '利用或处置：由农业农村部门确定的资源化利用单位利用，或进入生活垃圾填埋场、焚烧厂处置', en: 'Utilisation or disposal: by a utiliser the agriculture bureau designated, or at a household-waste landfill or incinerator' },
  ] satisfies ExemptionCondition[],
};

export interface LoadFacts { fromStation: boolean; measures: readonly string[]; destination: DestinationKind }

/** The conditions a load breaks (none: exempt; any: it is managed as hazardous waste 900-003-04). */
export function exemptionBreaches(load: LoadFacts): ExemptionCondition[] {
  const broken = new Set<ExemptionCondition['key']>();
  if (!load.fromStation) broken.add('collection');
  if (TRANSPORT_MEASURE_VALUES.some((m) => !load.measures.includes(m))) broken.add('transport');
  if (load.destination === 'other') broken.add('destination');
  return EXEMPTION.conditions.filter((c) => broken.has(c.key));
}

/** Counts by package type; the unit of a sale, a return and a receipt. */
export type PackageCounts = Record<PackageType, number>;
export const noPackages = (): PackageCounts => ({ bottle: 0, bag: 0, drum: 0 });

/**
 * 谁销售谁回收, checked over the dealer's whole history: by type, what it has taken back (this return
 * included) may not exceed what it sold. The first type that would is returned, with its figures.
 */
export function overReturned(sold: PackageCounts, returned: PackageCounts, adding: PackageCounts): { type: PackageType; sold: number; returned: number; adding: number } | null {
  for (const type of PACKAGE_TYPE_VALUES) {
    if (adding[type] > 0 && returned[type] + adding[type] > sold[type]) return { type, sold: sold[type], returned: returned[type], adding: adding[type] };
  }
  return null;
}

/** 农药包装废弃物回收率 in %, three decimals kept; null without anything sold. */
export const recoveryRate = (returned: number, sold: number) => (sold > 0 ? Math.round((returned / sold) * 100_000) / 1000 : null);
