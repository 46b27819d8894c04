import { sql, type SQL } from 'drizzle-orm';

/**
 * One alarm rule. `candidates` is a SELECT returning the columns of a new alarm (see engine.ts); the
 * engine inserts them set-based, so a province-sized scan is one statement per rule. `subjectId`
 * narrows the scan to one record when the rule runs on an event; `subjects`, where a rule takes them,
 * to the records a batch just wrote (the weighbridge rules after an ingest).
 */
export interface AlarmRule {
  key: string;
  label: { zh: string; en: string };
  severity: 'low' | 'medium' | 'high';
  /** Hours the owner has to handle it. */
  deadlineHours: number;
  /**
   * The stream of its alarms when their subject is not a manifest or a batch (an organisation, a
   * project): the departments that regulate that stream see them. Alarms about a manifest or a
   * batch follow that record's stream and code instead. Without it, such alarms are the office's only.
   */
  stream?: string;
  /**
   * `streams` are the streams (and register areas) whose definitions list the rule (StreamDefinition.alarms):
   * a rule about records of several streams keeps to those; the engine runs no rule that none lists.
   */
  candidates: (now: Date, subjectId: string | undefined, subjects: readonly string[] | undefined, streams: readonly string[]) => SQL;
}

/** `column` is one of the streams the rule runs on (never empty: the engine does not run a rule no stream lists). */
export const ofStreams = (column: SQL, streams: readonly string[]) => sql`${column} IN ${[...streams]}`;
