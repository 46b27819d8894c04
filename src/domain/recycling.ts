import type { Labelled } from './enums';

// 再生资源 (seed 004, 聊城市再生资源回收体系建设实施方案; 《再生资源回收管理办法》): what a resident
// books for pickup, what a station's electronic ledger (电子统计台账) records, and the e-waste that is
// traced unit by unit to a licensed dismantler (《废弃电器电子产品回收处理管理条例》 and its 处理目录).
// Shared by the server (validation, the streams) and the browser (the phone pages).

/** A category of recyclables as residents and stations name it, with the renewable catalogue code its tonnes are kept under. */
export interface RecyclableCategory extends Labelled {
  /** The 再生资源品类 code (catalogue `renewable`). */
  code: string;
  /** Counted by the piece (an appliance, a sofa) or weighed. */
  measure: 'weight' | 'piece';
}

export const RECYCLABLE_CATEGORIES: readonly RecyclableCategory[] = [
  { value: 'paper', zh: '废纸（纸箱纸盒、书报）', en: 'Paper and cardboard', code: 'RR04', measure: 'weight' },
  { value: 'plastic', zh: '废塑料', en: 'Plastics', code: 'RR03', measure: 'weight' },
  { value: 'ferrous', zh: '废钢铁', en: 'Scrap iron and steel', code: 'RR01', measure: 'weight' },
  { value: 'nonferrous', zh: '废有色金属（铜、铝等）', en: 'Non-ferrous scrap (copper, aluminium …)', code: 'RR02', measure: 'weight' },
  { value: 'textile', zh: '废旧衣物、纺织品', en: 'Old clothes and textiles', code: 'RR08', measure: 'weight' },
  { value: 'glass', zh: '废玻璃', en: 'Glass', code: 'RR09', measure: 'weight' },
  { value: 'tyre', zh: '废轮胎', en: 'Tyres', code: 'RR05', measure: 'weight' },
  { value: 'furniture', zh: '大件垃圾、废旧家具', en: 'Bulky waste and old furniture', code: 'RR11', measure: 'piece' },
  { value: 'ewaste', zh: '废弃电器电子产品', en: 'Waste electrical and electronic equipment', code: 'RR06', measure: 'piece' },
];
export type RecyclableCategoryValue = (typeof RECYCLABLE_CATEGORIES)[number]['value'];
export const RECYCLABLE_CATEGORY_VALUES = RECYCLABLE_CATEGORIES.map((c) => c.value) as [string, ...string[]];
export const recyclableCategory = (value: string) => RECYCLABLE_CATEGORIES.find((c) => c.value === value) ?? null;
export const categoryOfCode = (code: string) => RECYCLABLE_CATEGORIES.find((c) => c.code === code) ?? null;

/**
 * Appliances traced by unit: the 《废弃电器电子产品处理目录》 items a licensed dismantler is paid for
 * (四机一脑: television, refrigerator, washing machine, room air conditioner, computer), and the rest of
 * the household appliances a resident may book, which are traced the same way.
 */
export const APPLIANCE_TYPES: readonly (Labelled & { listed: boolean; typicalKg: number })[] = [
  { value: 'tv', zh: '电视机', en: 'Television', listed: true, typicalKg: 18 },
  { value: 'fridge', zh: '电冰箱', en: 'Refrigerator', listed: true, typicalKg: 55 },
  { value: 'washer', zh: '洗衣机', en: 'Washing machine', listed: true, typicalKg: 35 },
  { value: 'aircon', zh: '房间空调器', en: 'Room air conditioner', listed: true, typicalKg: 45 },
  { value: 'computer', zh: '微型计算机', en: 'Computer', listed: true, typicalKg: 10 },
  { value: 'water_heater', zh: '热水器', en: 'Water heater', listed: false, typicalKg: 20 },
  { value: 'microwave', zh: '微波炉', en: 'Microwave oven', listed: false, typicalKg: 12 },
  { value: 'phone', zh: '手机', en: 'Mobile phone', listed: false, typicalKg: 0.2 },
];
export const APPLIANCE_TYPE_VALUES = APPLIANCE_TYPES.map((a) => a.value) as [string, ...string[]];
export const applianceType = (value: string) => APPLIANCE_TYPES.find((a) => a.value === value) ?? null;

/**
 * Where an item of a station's ledger came from. 《再生资源回收管理办法》 第十条: production scrap metal
 * bought from a company is recorded with the seller's unit and its certificate; from a person, with his
 * name, address and identity number.
 */
export const INTAKE_SOURCES: readonly Labelled[] = [
  { value: 'booking', zh: '居民预约上门回收', en: 'Resident’s booked pickup' },
  { value: 'walk_in', zh: '居民交售', en: 'Sold at the station by a resident' },
  { value: 'collector', zh: '流动回收人员交售', en: 'Brought by a mobile collector' },
  { value: 'enterprise', zh: '单位交售（含生产性废旧金属）', en: 'Sold by a company (production scrap metal included)' },
  { value: 'institution', zh: '医疗卫生机构可回收物', en: 'Recyclables of a medical institution' },
  { value: 'load', zh: '回收网点转运入场', en: 'Load received from a station' },
];
export const INTAKE_SOURCE_VALUES = INTAKE_SOURCES.map((s) => s.value) as [string, ...string[]];

/** Scrap metal: a company's or a person's sale of it is recorded with the seller as 第十条 asks. */
export const isScrapMetal = (category: string) => category === 'ferrous' || category === 'nonferrous';

/** What an e-waste unit has been through, in order; a unit moves forward only. */
export const EWASTE_UNIT_STATES: readonly Labelled[] = [
  { value: 'collected', zh: '已回收（在站）', en: 'Collected (at the station)' },
  { value: 'shipped', zh: '转运中', en: 'In transit' },
  { value: 'received', zh: '处理企业已接收', en: 'Received by the dismantler' },
  { value: 'dismantled', zh: '已拆解', en: 'Dismantled' },
];
