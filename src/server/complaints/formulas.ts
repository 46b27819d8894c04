import { sql } from 'drizzle-orm';
import { PERCENT_UNIT, percent, type Formula } from '../indicators/formula';
import { inArea, inYearTime, rows } from '../indicators/formula-sql';
import { categoryLabel, statusLabel } from '../../domain/complaints';

// Row 41 of seed 000 (涉固体废物信访、投诉、举报案件办结率, lead: 聊城市生态环境局临清市分局), computed
// from the reports made on the platform (issue 18). A report the department never took on as a case
// of its own (rejected, a duplicate of another, not its responsibility) and one still awaiting
// acceptance are outside the rate; each accepted report counts once, in the year it was made.

const year = (q: { regionCode: string; year: number }) => sql`${inArea(sql`c.region_code`, q.regionCode)} AND ${inYearTime(sql`c.created_at`, q.year)}`;
const ACCEPTED = sql`c.status NOT IN ('submitted', 'rejected', 'duplicate', 'not_ours')`;
const DONE = sql`c.status IN ('resolved', 'closed')`;

export const complaintFormulas: Formula[] = [
  {
    key: 'complaint_closure_rate',
    label: { zh: '涉固体废物信访、投诉、举报案件办结率 = 当年受理案件中已办结的件数 / 当年受理的件数', en: 'Solid-waste complaints and reports closed / accepted, reports of the year' },
    method: {
      zh: '当年（按提交时间，北京时间）在本辖区提交、并经负责部门受理的投诉举报中，已办结答复（已办结、已关闭）的件数，除以受理的件数（含已受理、已转办、办理中、已办结、已关闭）。不予受理、标为重复（随原件办理）、非本部门职责（已告知去向）以及尚待受理的不计入分子和分母。重新提起的案件回到办理中，重新办结后计入。',
      en: 'Reports made in the area this year (by submission time, Beijing time) and accepted by the department responsible: those answered (resolved or closed) over all accepted (accepted, assigned, in progress, resolved, closed). Rejected reports, duplicates (handled with their original), reports outside the department’s responsibility (the citizen told where to turn) and reports still awaiting acceptance are counted in neither. A reopened report is back in progress and counts as closed again once answered.',
    },
    inputs: [
      { key: 'closed', kind: 'registry', label: { zh: '已办结件数', en: 'Answered' }, unit: '件' },
      { key: 'accepted', kind: 'registry', label: { zh: '受理件数', en: 'Accepted' }, unit: '件' },
      { key: 'excluded', kind: 'registry', label: { zh: '不计入（不予受理、重复、非本部门职责、待受理）', en: 'Left out (rejected, duplicate, not ours, awaiting acceptance)' }, unit: '件' },
    ],
    matches: /信访.*投诉.*举报.*办结率|投诉.*举报.*办结率/,
    units: PERCENT_UNIT,
    recordsFor: ['ecology'],
    async compute(db, q) {
      const [row] = await rows<{ done: number; accepted: number; excluded: number }>(db, sql`SELECT count(*) FILTER (WHERE ${ACCEPTED} AND ${DONE})::int AS done,
        count(*) FILTER (WHERE ${ACCEPTED})::int AS accepted, count(*) FILTER (WHERE NOT ${ACCEPTED})::int AS excluded FROM complaints c WHERE ${year(q)}`);
      return {
        numerator: row.done, denominator: row.accepted, value: percent(row.done, row.accepted),
        inputs: [{ key: 'closed', value: row.done }, { key: 'accepted', value: row.accepted }, { key: 'excluded', value: row.excluded }],
        missing: row.accepted ? undefined : { zh: `${q.year}年本辖区没有受理的投诉举报`, en: `No report accepted in ${q.year}` },
      };
    },
    async records(db, q, page) {
      const found = await rows<{ id: string; no: string; category: string; region: string; status: string; created: string; total: number }>(db, sql`
        SELECT c.id, c.complaint_no AS no, c.category, coalesce(rg.name, c.region_code) AS region, c.status, to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created, count(*) OVER ()::int AS total
        FROM complaints c LEFT JOIN regions rg ON rg.code = c.region_code WHERE ${year(q)} AND ${ACCEPTED}
        ORDER BY c.created_at DESC LIMIT ${page.limit} OFFSET ${page.offset}`);
      return {
        columns: [{ key: 'no', label: { zh: '投诉编号', en: 'Number' } }, { key: 'category', label: { zh: '类别', en: 'Category' } }, { key: 'region', label: { zh: '所在区域', en: 'Area' } },
          { key: 'created', label: { zh: '提交日期', en: 'Made on' }, kind: 'date' }, { key: 'status', label: { zh: '状态', en: 'State' } }],
        items: found.map((f) => ({ id: f.id, href: `/complaints?id=${f.id}`, cells: { no: f.no, category: categoryLabel(f.category), region: f.region, created: f.created, status: statusLabel(f.status) } })),
        total: found[0]?.total ?? 0,
      };
    },
  },
];
