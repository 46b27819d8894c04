import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/database';
import { STREAM_DEFINITIONS } from '../../domain/streams';
import { creditEventKind, type Text } from '../../domain/credit';
import { settingInForce } from '../settings/service';
import { regionScopePrefix } from '../../domain/region-code';

// Where the sweep finds score events in platform data. Each source is a kind of the domain's
// CREDIT_EVENT_KINDS (points and validity) and one query: the records of an area since a time that
// make an event, each with a key unique per record and rule so that a second sweep adds nothing. A new
// area adds its source to CREDIT_SOURCES; the sweep, the bureau's page and the tests iterate the list.

export interface FoundEvent {
  organisationId: string;
  regionCode: string;
  /** kind:record, unique: the sweep inserts each once. */
  key: string;
  sourceType: string;
  sourceId: string;
  link: string | null;
  /** The day it happened (YYYY-MM-DD, Asia/Shanghai): its validity runs from here. */
  occurredOn: string;
  reason: Text;
}

export interface CreditSource {
  kind: string;
  label: Text;
  /** The events of enterprises of the area (a region code) whose day is on or after `since`, as of `now`. */
  find: (q: Queryable, regionCode: string, since: Date, now: Date) => Promise<FoundEvent[]>;
}

/** Within the area; an empty code is the whole platform (the periodic scan). */
const inArea = (column: SQL, regionCode: string) => (regionCode ? sql`${column} LIKE ${`${regionScopePrefix(regionCode)}%`}` : sql`true`);
const day = (at: SQL) => sql`to_char(${at} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

async function found(q: Queryable, query: SQL): Promise<FoundEvent[]> {
  const result = await q.execute<{ organisation_id: string; region_code: string; key: string; source_type: string; source_id: string; link: string | null; occurred_on: string; zh: string; en: string }>(query);
  return result.rows.map((r) => ({ organisationId: r.organisation_id, regionCode: r.region_code, key: r.key, sourceType: r.source_type, sourceId: r.source_id, link: r.link, occurredOn: r.occurred_on, reason: { zh: r.zh, en: r.en } }));
}

const label = (kind: string): Text => {
  const k = creditEventKind(kind)!;
  return { zh: k.zh, en: k.en };
};

/**
 * 超期未确认接收: a manifest whose receipt deadline (the stream's, e.g. 危险废物转移管理办法 第十二条
 * five working days) passed while it was on the road, received late or not yet. Against the receiver.
 */
export const receiptOverdueSource: CreditSource = {
  kind: 'receipt_overdue', label: label('receipt_overdue'),
  find: (q, regionCode, since, now) => found(q, sql`
    SELECT o.id AS organisation_id, o.region_code, 'receipt_overdue:' || m.id AS key, 'manifest' AS source_type, m.id::text AS source_id, '/manifests/' || m.id AS link,
           ${day(sql`m.receipt_due_at`)} AS occurred_on,
           '联单 ' || m.number || ' 超过接收时限（' || ${day(sql`m.receipt_due_at`)} || '）未确认接收' AS zh,
           'Manifest ' || m.number || ' not confirmed by its receipt deadline (' || ${day(sql`m.receipt_due_at`)} || ')' AS en
    FROM manifests m JOIN organisations o ON o.id = m.receiver_id
    WHERE o.kind = 'enterprise' AND ${inArea(sql`o.region_code`, regionCode)} AND m.receipt_due_at >= ${since} AND m.receipt_due_at < ${now}
      AND (m.status = 'in_transit' OR EXISTS (SELECT 1 FROM manifest_signatures s WHERE s.manifest_id = m.id AND s.step = 'reception' AND s.at > m.receipt_due_at))`),
};

/** 拒收: the receiver refused the load, wholly or in part: the producer's waste was not as described. Against the producer. */
export const refusalSource: CreditSource = {
  kind: 'manifest_refused', label: label('manifest_refused'),
  find: (q, regionCode, since, now) => found(q, sql`
    SELECT o.id AS organisation_id, o.region_code, 'manifest_refused:' || m.id AS key, 'manifest' AS source_type, m.id::text AS source_id, '/manifests/' || m.id AS link,
           ${day(sql`s.at`)} AS occurred_on,
           '联单 ' || m.number || CASE WHEN m.status = 'refused' THEN ' 被接受单位拒收' ELSE ' 被接受单位部分拒收' END AS zh,
           'Manifest ' || m.number || CASE WHEN m.status = 'refused' THEN ' refused by the receiver' ELSE ' partly refused by the receiver' END AS en
    FROM manifests m JOIN organisations o ON o.id = m.producer_id
    JOIN LATERAL (SELECT max(s.at) AS at FROM manifest_signatures s WHERE s.manifest_id = m.id AND s.step = 'reception') s ON true
    WHERE o.kind = 'enterprise' AND m.status IN ('refused', 'partially_refused') AND ${inArea(sql`o.region_code`, regionCode)} AND s.at >= ${since} AND s.at < ${now}`),
};

/**
 * 预警逾期未处置: an alarm about an enterprise whose deadline passed before the enterprise handled it
 * (or an official closed it). A dismissed alarm was not the enterprise's fault and makes no event.
 */
export const alarmOverdueSource: CreditSource = {
  kind: 'alarm_overdue', label: label('alarm_overdue'),
  find: (q, regionCode, since, now) => found(q, sql`
    SELECT o.id AS organisation_id, o.region_code, 'alarm_overdue:' || a.id AS key, 'alarm' AS source_type, a.id::text AS source_id, '/alarms/' || a.id AS link,
           ${day(sql`a.deadline`)} AS occurred_on,
           '预警“' || a.title || '”超过处置时限（' || ${day(sql`a.deadline`)} || '）未处置' AS zh,
           'Alarm “' || a.title_en || '” not handled by its deadline (' || ${day(sql`a.deadline`)} || ')' AS en
    FROM alarms a JOIN organisations o ON o.id = a.organisation_id
    WHERE o.kind = 'enterprise' AND a.status <> 'dismissed' AND ${inArea(sql`o.region_code`, regionCode)} AND a.deadline >= ${since} AND a.deadline < ${now}
      AND NOT EXISTS (SELECT 1 FROM alarm_events e WHERE e.alarm_id = a.id AND e.action IN ('handle', 'verify', 'dismiss') AND e.at <= a.deadline)`),
};

/**
 * 逾期未申报: for each stream whose declarations close (a regional setting of days after the month),
 * an enterprise that moved the stream's waste in a month (its ledger shows it) and had not declared
 * that month, nor its quarter, when the month closed. The day is the closing day.
 */
export const declarationMissingSource: CreditSource = {
  kind: 'declaration_missing', label: label('declaration_missing'),
  async find(q, regionCode, since, now) {
    const out: FoundEvent[] = [];
    for (const d of STREAM_DEFINITIONS.filter((s) => s.declaration?.closingSetting)) {
      const setting = d.declaration!.closingSetting!;
      const closes = sql`(mo.start + interval '1 month' + ${settingInForce(setting, sql`o.region_code`)} * interval '1 day')`;
      out.push(...await found(q, sql`
        WITH months AS (
          SELECT gs AS start, to_char(gs AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS period,
                 to_char(gs AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-Q' || to_char(gs AT TIME ZONE 'Asia/Shanghai', 'Q') AS quarter
          FROM generate_series(date_trunc('month', ${since}::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai', ${now}::timestamptz, interval '1 month') gs
        )
        SELECT o.id AS organisation_id, o.region_code, 'declaration_missing:' || ${d.key} || ':' || o.id || ':' || mo.period AS key, 'declaration' AS source_type,
               ${d.key} || ':' || mo.period AS source_id, '/declarations' AS link, ${day(closes)} AS occurred_on,
               ${d.label.zh} || ' ' || mo.period || ' 月度申报逾期未报（截止 ' || ${day(sql`(${closes} - interval '1 day')`)} || '）' AS zh,
               ${d.label.en} || ': the declaration of ' || mo.period || ' was not filed by ' || ${day(sql`(${closes} - interval '1 day')`)} AS en
        FROM organisations o CROSS JOIN months mo
        WHERE o.kind = 'enterprise' AND o.status = 'verified' AND o.capabilities && ARRAY[${sql.join(d.declaration!.declarants.map((c) => sql`${c}`), sql`, `)}]::text[]
          AND ${inArea(sql`o.region_code`, regionCode)} AND ${closes} <= ${now} AND ${closes} >= ${since}
          AND EXISTS (SELECT 1 FROM ledger_movements l WHERE l.organisation_id = o.id AND l.waste_code ~ ${d.codePattern.source} AND l.at >= mo.start AND l.at < mo.start + interval '1 month')
          AND NOT EXISTS (SELECT 1 FROM declarations x WHERE x.organisation_id = o.id AND x.stream = ${d.key} AND x.period IN (mo.period, mo.quarter) AND x.submitted_at < ${closes})`));
    }
    return out;
  },
};

/** Every source the sweep runs, in order. Complaints upheld and inspections failed join here when those areas exist. */
/**
 * 抽查不合格: a 双随机 inspection against the 危险废物规范化环境管理 checklist that failed (a veto item or
 * a score under the pass mark). Against the inspected company, from the day of the check.
 */
export const inspectionFailedSource: CreditSource = {
  kind: 'inspection_failed', label: label('inspection_failed'),
  find: (q, regionCode, since, now) => found(q, sql`
    SELECT o.id AS organisation_id, o.region_code, 'inspection_failed:' || i.id AS key, 'inspection' AS source_type, i.id::text AS source_id, '/inspections' AS link,
           i.inspected_on::text AS occurred_on,
           '“双随机”抽查不合格（' || i.inspected_on::text || '）' AS zh, 'Failed a random inspection (' || i.inspected_on::text || ')' AS en
    FROM inspections i JOIN organisations o ON o.id = i.organisation_id
    WHERE NOT i.passed AND o.kind = 'enterprise' AND ${inArea(sql`o.region_code`, regionCode)} AND i.recorded_at >= ${since} AND i.recorded_at < ${now}`),
};

/**
 * 信访投诉查证属实: a citizen's complaint the bureau found true against a company, i.e. an enforcement
 * case opened from the complaint with the company as its party. Against that company, from the day
 * the case was opened.
 */
export const complaintUpheldSource: CreditSource = {
  kind: 'complaint_upheld', label: label('complaint_upheld'),
  find: (q, regionCode, since, now) => found(q, sql`
    SELECT o.id AS organisation_id, o.region_code, 'complaint_upheld:' || c.id AS key, 'case' AS source_type, c.id::text AS source_id, '/cases' AS link,
           c.opened_on::text AS occurred_on,
           '投诉举报查证属实，立案查处（' || c.case_no || '）' AS zh, 'A complaint found true; case ' || c.case_no || ' opened' AS en
    FROM enforcement_cases c JOIN organisations o ON o.id = c.party_id
    WHERE c.source_kind = 'complaint' AND o.kind = 'enterprise' AND ${inArea(sql`o.region_code`, regionCode)} AND c.opened_at >= ${since} AND c.opened_at < ${now}`),
};

export const CREDIT_SOURCES: CreditSource[] = [receiptOverdueSource, refusalSource, alarmOverdueSource, declarationMissingSource, inspectionFailedSource, complaintUpheldSource];
