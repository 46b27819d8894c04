// 危险废物标签 size by container volume (GB 18597-2023 / HJ 1276-2022 practice):
// up to 50 L: 100×100 mm; up to 450 L: 150×150 mm; larger: 200×200 mm.
export function labelSizeMm(containerVolumeL: number): 100 | 150 | 200 {
  if (containerVolumeL <= 50) return 100;
  if (containerVolumeL <= 450) return 150;
  return 200;
}

/** HJ 1259's batch codes: a prefix per ledger step, the date, a three-digit daily serial (HWCS20211031001). */
export const BATCH_PREFIX = { generate: 'HWCS', store_in: 'HWRK', store_out: 'HWCK', self_utilise: 'HWZXLY', self_dispose: 'HWZXCZ', transfer_out: 'HWWW' } as const;

export function batchNumber(prefix: string, shanghaiDate: string, serial: number): string {
  return `${prefix}${shanghaiDate.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
}

export const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** The calendar year in Asia/Shanghai (a year's plan, declaration or assessment is Beijing time). */
export const shanghaiYear = (d: Date = new Date()) => Number(shanghaiDate(d).slice(0, 4));

/** Storage limit for hazardous waste: one year (固体废物污染环境防治法 第八十一条). */
export const HAZARDOUS_STORAGE_DAYS = 365;
