import type { SQL } from 'drizzle-orm';

/**
 * One alarm rule. `candidates` is a SELECT returning the columns of a new alarm (see engine.ts); the
 * engine inserts them set-based, so a province-sized scan is one statement per rule. `subjectId`
 * narrows the scan to one record when the rule runs on an event.
 */
export interface AlarmRule {
  key: string;
  label: { zh: string; en: string };
  severity: 'low' | 'medium' | 'high';
  /** Hours the owner has to handle it. */
  deadlineHours: number;
  candidates: (now: Date, subjectId?: string) => SQL;
}
