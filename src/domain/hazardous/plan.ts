// HJ 1259-2022: the management class decides which plan tables a producer fills (5.3) and how often
// it reports (7.2).
export type ManagementClass = 'key' | 'simplified' | 'registered';

export const MANAGEMENT_CLASS_LABELS: Record<ManagementClass, { zh: string; en: string }> = {
  key: { zh: '危险废物环境重点监管单位', en: 'Key-supervision unit' },
  simplified: { zh: '危险废物简化管理单位', en: 'Simplified-management unit' },
  registered: { zh: '危险废物登记管理单位', en: 'Registration-management unit' },
};

export interface ClassInputs { annualTonnes: number; ownFacility: boolean; holdsLicence: boolean }

/** 4.2.1: ≥100 t/a, an own utilisation/disposal facility, or a licence → key; ≥10 t/a → simplified; else registered. */
export function managementClass(i: ClassInputs): { cls: ManagementClass; reason: { zh: string; en: string } } {
  if (i.holdsLicence) return { cls: 'key', reason: { zh: '持有危险废物经营许可证', en: 'Holds an operating licence' } };
  if (i.ownFacility) return { cls: 'key', reason: { zh: '具有自行利用处置设施', en: 'Has its own utilisation or disposal facility' } };
  if (i.annualTonnes >= 100) return { cls: 'key', reason: { zh: `年产生量 ${i.annualTonnes} 吨，≥100 吨`, en: `${i.annualTonnes} t a year, at least 100 t` } };
  if (i.annualTonnes >= 10) return { cls: 'simplified', reason: { zh: `年产生量 ${i.annualTonnes} 吨，≥10 吨`, en: `${i.annualTonnes} t a year, at least 10 t` } };
  return { cls: 'registered', reason: { zh: `年产生量 ${i.annualTonnes} 吨，<10 吨`, en: `${i.annualTonnes} t a year, under 10 t` } };
}

export type PlanTable = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7';

export const PLAN_TABLES: Record<PlanTable, { zh: string; en: string }> = {
  A1: { zh: '单位基本信息', en: 'Basic information' },
  A2: { zh: '设施信息', en: 'Facilities' },
  A3: { zh: '危险废物产生情况', en: 'Generation' },
  A4: { zh: '危险废物贮存情况', en: 'Storage' },
  A5: { zh: '危险废物自行利用/处置情况', en: 'Own utilisation and disposal' },
  A6: { zh: '危险废物减量化计划和措施', en: 'Reduction plan and measures' },
  A7: { zh: '危险废物转移情况', en: 'Transfers' },
};

export const TABLES_BY_CLASS: Record<ManagementClass, PlanTable[]> = {
  key: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'],
  simplified: ['A1', 'A3', 'A4', 'A6', 'A7'],
  registered: ['A1', 'A3', 'A7'],
};

/** 7.2: key units report monthly (by the 15th) and yearly; simplified quarterly and yearly; registered yearly. */
export const REPORTING_BY_CLASS: Record<ManagementClass, ('month' | 'quarter' | 'year')[]> = {
  key: ['month', 'year'],
  simplified: ['quarter', 'year'],
  registered: ['year'],
};

/** 5.2.2: the plan of a year is filed by 31 March of that year (Asia/Shanghai). */
export const planDeadline = (year: number) => new Date(`${year}-04-01T00:00:00+08:00`);
