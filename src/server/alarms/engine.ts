import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import type { AlarmRule } from './rule';
import { RULES, ruleByKey } from './rules';
import { notifyAlarms } from './live';
import { enqueueAlarmEvents } from '../webhooks/service';
import { streamsWatchedBy } from '../../domain/streams';

export type RaisedAlarm = { id: string; rule: string; severity: string; regionCode: string; organisationId: string | null; title: string; titleEn: string; subjectType: string; subjectId: string; status: string };

/** A rule's candidates over the streams whose definitions list it (StreamDefinition.alarms). */
export const ruleCandidates = (rule: AlarmRule, now: Date, subjectId?: string, subjects?: readonly string[]) =>
  rule.candidates(now, subjectId, subjects, streamsWatchedBy(rule.key));

/**
 * Runs one rule as a single INSERT … SELECT over the streams whose definitions list it; a live alarm
 * with the same key is never raised twice. A rule that no stream or register area lists does not run.
 */
export async function runRule(db: Db, rule: AlarmRule, now = new Date(), subjectId?: string, subjects?: readonly string[]): Promise<RaisedAlarm[]> {
  if (!streamsWatchedBy(rule.key).length) return [];
  // The rules are short set-based statements: compiling them just in time costs more than it saves.
  const result = await db.transaction(async (tx) => {
    // A province's scan joins ~100,000 open loads with their pickups and sums ~100,000 old batches: with
    // PostgreSQL's default 4 MB those hashes and sorts spill to disk. One rule runs at a time per scan.
    // Both settings in one round trip (SET LOCAL takes one each): a reception runs a rule too.
    await tx.execute(sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    const raised = await tx.execute<RaisedAlarm>(sql`
    INSERT INTO alarms (rule, severity, region_code, organisation_id, subject_type, subject_id, dedupe_key, title, title_en, details, deadline)
    SELECT ${rule.key}, ${rule.severity}, c.region_code, c.organisation_id, c.subject_type, c.subject_id, ${rule.key} || ':' || c.subject_id, c.title, c.title_en, c.details,
           ${now}::timestamptz + make_interval(hours => ${rule.deadlineHours})
    FROM (${ruleCandidates(rule, now, subjectId, subjects)}) c
    ON CONFLICT (dedupe_key) WHERE status IN ('open', 'assigned', 'handled') DO NOTHING
    RETURNING id, rule, severity, region_code AS "regionCode", organisation_id AS "organisationId", title, title_en AS "titleEn", subject_type AS "subjectType", subject_id AS "subjectId", status`);
    // The alarm's webhooks (the outbox) and the live feed's notice commit with it, so each is sent once.
    await enqueueAlarmEvents(tx, 'raised', raised.rows);
    await notifyAlarms(tx, 'raised', raised.rows.map((a) => a.id));
    return raised;
  });
  return result.rows;
}

/**
 * The periodic scan: every rule over the whole store, each over the streams that list it. Returns what
 * each rule raised and how long it took (rules that no stream lists are not run and not reported).
 */
export async function scanAll(db: Db, now = new Date()) {
  const report: { rule: string; raised: number; ms: number }[] = [];
  for (const rule of RULES) {
    if (!streamsWatchedBy(rule.key).length) continue;
    const t0 = performance.now();
    const raised = await runRule(db, rule, now);
    report.push({ rule: rule.key, raised: raised.length, ms: Math.round(performance.now() - t0) });
  }
  return report;
}

/** Event-driven evaluation: the rules that concern one record, right after it changed. */
export async function evaluateFor(db: Db, ruleKeys: string[], subjectId: string, now = new Date()) {
  const raised: RaisedAlarm[] = [];
  for (const key of ruleKeys) raised.push(...(await runRule(db, ruleByKey(key)!, now, subjectId)));
  return raised;
}
