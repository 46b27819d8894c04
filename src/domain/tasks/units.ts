// Plans name units as "市综合行政执法局", "区综合行政执法局" or "临清市综合行政执法局"; departments in
// the platform carry their full names. A unit matches a department when their cores agree.
const PREFIX = /^(山东省|[\u4e00-\u9fa5]{1,6}?(市|区|县))(?=[\u4e00-\u9fa5]{3,})/;

export function unitCore(name: string): string {
  let s = name.replace(/[“”"\s]/g, '');
  // "聊城市生态环境局临清市分局" stays whole: the 分局 names its parent.
  if (/分局$/.test(s)) return s.replace(/^聊城市|^济南市|^济宁市/, '');
  for (let i = 0; i < 2 && PREFIX.test(s); i++) s = s.replace(PREFIX, '');
  return s.replace(/^(市|区|县)/, '');
}

export const unitMatches = (unitName: string, organisationName: string) => {
  const a = unitCore(unitName), b = unitCore(organisationName);
  return a.length >= 3 && (a === b || b.endsWith(a) || a.endsWith(b));
};

// How a cell of 牵头单位/责任单位 lists its units: separated by 、，；/ or spaces, except inside brackets
// ("相关镇〔街道、开发区〕人民政府" is one unit); or written one after the other with nothing between
// ("区城市管理局区公安分局", "区财政局区政府有关部门(单位)"): a name that ends as a unit does (…局, …委,
// …办, …中心, …政府 …) followed by one that starts with the level of government (区, 市, 县, 省). A
// name like "聊城市生态环境局临清市分局" stays whole: what follows 局 names the branch, not a level.
const OPEN = '(（〔【[《“‘';
const CLOSE = ')）〕】]》”’';
const SEPARATOR = /[、，,；;/／\s]/;
const UNIT_END = /(局|委|办|中心|政府|部门|部|院|所|站|队|公司|集团|组|会|厅|办事处|管委会|街道)([(（]单位[)）])?$/;
const NEXT_UNIT = /^等?(区|市|县|省)[\u4e00-\u9fa5]/;
const PLACEHOLDER = /^([/／—\-–]+|无|暂无)$/;

/** Splits at separators outside brackets. */
function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, current = '';
  for (const ch of text) {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && SEPARATOR.test(ch)) { parts.push(current); current = ''; } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Splits two unit names written together, where the first ends as a unit does and the second starts with a level. */
function splitJoined(name: string): string[] {
  let depth = 0;
  for (let i = 1; i < name.length - 2; i++) {
    const ch = name[i - 1];
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    const head = name.slice(0, i), rest = name.slice(i);
    if (head.length >= 3 && UNIT_END.test(head) && NEXT_UNIT.test(rest)) {
      const tail = rest.replace(/^等/, '');
      if (UNIT_END.test(tail.replace(/等$/, ''))) return [head, ...splitJoined(tail)];
    }
  }
  return [name];
}

/** "X等" and "X等有关部门(单位)" name X (and others the plan does not list). */
const withoutEtc = (unit: string) => {
  const trimmed = unit.replace(/等((有关|相关)?(部门|单位)([(（]单位[)）])?)?$/, '');
  return trimmed && UNIT_END.test(trimmed) ? trimmed : unit.replace(/等$/, '');
};

/** The units a cell names, in order, each once; "/", "—" and "无" name none. */
export function splitUnits(text: string | null | undefined): string[] {
  const units = splitOutsideBrackets((text ?? '').replace(/\u3000/g, ' ').trim())
    .map((u) => u.trim())
    .filter((u) => u && !PLACEHOLDER.test(u))
    .flatMap(splitJoined)
    .map(withoutEtc)
    .filter(Boolean);
  return [...new Set(units)];
}

/** Units as one text, the way the platform shows them: 、 between. */
export const joinUnits = (units: string[]) => [...new Set(units)].join('、');

export type TaskState = 'not_started' | 'in_progress' | 'done' | 'due_soon' | 'overdue' | 'ongoing';

export const TASK_STATE_LABELS: Record<TaskState, { zh: string; en: string }> = {
  not_started: { zh: '未开始', en: 'Not started' }, in_progress: { zh: '推进中', en: 'In progress' }, done: { zh: '已完成', en: 'Done' },
  due_soon: { zh: '即将到期', en: 'Due soon' }, overdue: { zh: '已逾期', en: 'Overdue' }, ongoing: { zh: '持续推进', en: 'Ongoing' },
};

/** Where a task stands from its deadline and its last reported progress. */
export function taskState(deadline: string | null, lastPercent: number | null, now = new Date(), soonDays = 14): TaskState {
  if (lastPercent !== null && lastPercent >= 100) return 'done';
  if (!deadline) return lastPercent === null ? 'not_started' : 'ongoing';
  const end = new Date(`${deadline}T23:59:59+08:00`).getTime();
  if (end < now.getTime()) return 'overdue';
  if (end - now.getTime() <= soonDays * 86_400_000) return 'due_soon';
  return lastPercent === null || lastPercent === 0 ? 'not_started' : 'in_progress';
}
