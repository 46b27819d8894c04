// Declaration periods: "2026-10" (month), "2026-Q3" (quarter), "2026" (year), bounded in Asia/Shanghai.
export type PeriodType = 'month' | 'quarter' | 'year';

export function periodBounds(type: PeriodType, period: string): { start: Date; end: Date } | null {
  const at = (y: number, m: number) => new Date(`${y}-${String(m).padStart(2, '0')}-01T00:00:00+08:00`);
  if (type === 'month') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
    if (!m) return null;
    const y = Number(m[1]), mo = Number(m[2]);
    return { start: at(y, mo), end: mo === 12 ? at(y + 1, 1) : at(y, mo + 1) };
  }
  if (type === 'quarter') {
    const m = /^(\d{4})-Q([1-4])$/.exec(period);
    if (!m) return null;
    const y = Number(m[1]), q = Number(m[2]);
    return { start: at(y, q * 3 - 2), end: q === 4 ? at(y + 1, 1) : at(y, q * 3 + 1) };
  }
  const m = /^(\d{4})$/.exec(period);
  if (!m) return null;
  return { start: at(Number(m[1]), 1), end: at(Number(m[1]) + 1, 1) };
}

/** The period that ended most recently before `now`. */
export function lastClosedPeriod(type: PeriodType, now = new Date()): string {
  const sh = new Date(now.getTime() + 8 * 3_600_000);
  const y = sh.getUTCFullYear(), m = sh.getUTCMonth() + 1;
  if (type === 'month') return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  if (type === 'quarter') { const q = Math.floor((m - 1) / 3); return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`; }
  return String(y - 1);
}
