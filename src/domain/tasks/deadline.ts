// 完成时限 as plans write it, to the last day meant: "2023年11月" → 2023-11-30, "2025年底" / "2025年" →
// 2025-12-31, "2024年6月底" → 2024-06-30, "2024年上半年" → 2024-06-30, "2024年第三季度" → 2024-09-30.
// "2023—2025" → 2025-12-31. "持续开展", "长期坚持" and the like have no date.
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d = lastDay(y, m)) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const QUARTER: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

export function deadlineFromText(raw: string): string | null {
  const text = raw.replace(/\s+/g, '');
  // Several dates ("2023年底前完成，2025年全面完成"): the last one counts.
  const all = [...text.matchAll(/(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?|(上半年|下半年)|第?([一二三四1-4])季度)?/g)];
  const m = all.at(-1);
  if (!m) {
    // A bare year or span of years, as task tables print 实施时间: "2023", "2023—2025", "2023-2025年".
    const span = /^(\d{4})(?:[—–\-~～至到](\d{4}))?年?$/.exec(text);
    return span ? iso(Number(span[2] ?? span[1]), 12) : null;
  }
  const year = Number(m[1]);
  if (m[2]) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return iso(year, month, m[3] ? Number(m[3]) : undefined);
  }
  if (m[4]) return iso(year, m[4] === '上半年' ? 6 : 12);
  if (m[5]) return iso(year, QUARTER[m[5]]);
  return iso(year, 12);
}
