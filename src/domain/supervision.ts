// The rules behind the regulator's views (seed 000 三(五)): why a unit is on the key-supervision list
// (重点监管单位名录), how long waste has been held (贮存期限), and whether licensed capacity matches
// generation (产能匹配). Plain data and functions, shared by the server and the console.
import { settingByKey } from './settings';

export type KeyUnitReason = 'key_class' | 'licensed' | 'high_alarm' | 'frequent_alarms' | 'refused_manifest' | 'overdue_store';

/** Months an alarm or a refused manifest keeps a unit on the list. */
export const KEY_UNIT_WINDOW_MONTHS = 12;
/** Alarms in the window (of any severity, dismissed ones not counted) that put a unit on the list. */
export const FREQUENT_ALARMS = 3;

export const KEY_UNIT_REASONS: Record<KeyUnitReason, { zh: string; en: string; basis: string }> = {
  key_class: { zh: '管理计划为重点监管单位', en: 'Key-supervision class in its approved plan', basis: 'HJ 1259-2022 4.2.1' },
  licensed: { zh: '危险废物持证经营单位', en: 'Licensed hazardous-waste operator', basis: 'HJ 1259-2022 4.2.1' },
  high_alarm: { zh: `近${KEY_UNIT_WINDOW_MONTHS}个月有高等级预警`, en: `High-severity alarm in the last ${KEY_UNIT_WINDOW_MONTHS} months`, basis: '' },
  frequent_alarms: { zh: `近${KEY_UNIT_WINDOW_MONTHS}个月预警不少于${FREQUENT_ALARMS}次`, en: `${FREQUENT_ALARMS} or more alarms in the last ${KEY_UNIT_WINDOW_MONTHS} months`, basis: '' },
  refused_manifest: { zh: `近${KEY_UNIT_WINDOW_MONTHS}个月有被拒收的转移联单`, en: `A manifest refused in the last ${KEY_UNIT_WINDOW_MONTHS} months`, basis: '' },
  overdue_store: { zh: '贮存超期', en: 'Waste held past its storage limit', basis: '固废法 第八十一条；医疗废物管理条例 第十七条' },
};
export const KEY_UNIT_REASON_KEYS = Object.keys(KEY_UNIT_REASONS) as [KeyUnitReason, ...KeyUnitReason[]];

/** 医疗废物 (HW01): the codes of the health commission's co-supervision. */
export const isMedicalCode = (wasteCode: string) => wasteCode.startsWith('841-');

export type AgeBand = 'recent' | 'long' | 'overdue';
/** Waste held longer than this is shown as held long, before it reaches the one-year limit. */
export const LONG_STORAGE_DAYS = 90;
/** 固废法 第八十一条: hazardous waste is not stored longer than one year. */
export const STORAGE_LIMIT_DAYS = 365;
/** 医疗废物管理条例 第十七条: 2 days, unless the region sets its own limit (setting medical.storage_hours). */
export const MEDICAL_STORAGE_HOURS = settingByKey('medical.storage_hours')!.default;

export const AGE_BANDS: Record<AgeBand, { zh: string; en: string }> = {
  recent: { zh: `${LONG_STORAGE_DAYS}天以内`, en: `Under ${LONG_STORAGE_DAYS} days` },
  long: { zh: `${LONG_STORAGE_DAYS}–${STORAGE_LIMIT_DAYS}天`, en: `${LONG_STORAGE_DAYS}–${STORAGE_LIMIT_DAYS} days` },
  overdue: { zh: '超期', en: 'Past the limit' },
};
export const AGE_BAND_KEYS = Object.keys(AGE_BANDS) as [AgeBand, ...AgeBand[]];

/** The band of waste of a code held for `ageHours`: medical waste is overdue past the region's limit, other waste after a year. */
export function ageBand(wasteCode: string, ageHours: number, medicalLimitHours = MEDICAL_STORAGE_HOURS): AgeBand {
  if (isMedicalCode(wasteCode)) return ageHours > medicalLimitHours ? 'overdue' : 'recent';
  if (ageHours > STORAGE_LIMIT_DAYS * 24) return 'overdue';
  return ageHours >= LONG_STORAGE_DAYS * 24 ? 'long' : 'recent';
}

export type CapacityStatus = 'sufficient' | 'tight' | 'insufficient';
/** Above this share of licensed capacity a category is tight. */
export const TIGHT_SHARE = 0.8;

export const CAPACITY_STATUSES: Record<CapacityStatus, { zh: string; en: string }> = {
  sufficient: { zh: '能力充足', en: 'Sufficient' },
  tight: { zh: '能力偏紧', en: 'Tight' },
  insufficient: { zh: '能力不足', en: 'Insufficient' },
};

/**
 * 产能匹配: the demand of a category (the larger of what the ledger shows generated this year and what
 * the approved or submitted plans expect) against the licensed annual capacity in the region.
 */
export function capacityStatus(demandT: number, capacityT: number): CapacityStatus {
  if (demandT <= 0) return 'sufficient';
  if (capacityT <= 0 || demandT > capacityT) return 'insufficient';
  return demandT > capacityT * TIGHT_SHARE ? 'tight' : 'sufficient';
}

/** The HW category of a code (900-249-08 → HW08), or the category itself when a licence names one. */
export function hazardousCategory(codeOrCategory: string): string | null {
  if (/^HW\d{2}$/.test(codeOrCategory)) return codeOrCategory;
  const m = /^\d{3}-\d{3}-(\d{2})$/.exec(codeOrCategory);
  return m ? `HW${m[1]}` : null;
}
