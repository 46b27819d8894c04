import type { Config } from '../config';
import type { Db } from '../db/database';
import { scanTaskDeadlines } from '../tasks/service';
import { foldLedgerDeltas } from '../ledger/monthly';
import { scanAll } from '../alarms/engine';
import { deliverDue } from '../webhooks/service';
import { sealAudit } from '../platform/audit/service';
import { exportAuditHead } from '../platform/audit/export';
import { expirePoints } from '../green/points';
import { passOnOverdue } from '../recycling-bookings/service';
import { closeLapsed } from '../complaints/service';
import { sweepAll as sweepCredit } from '../credit/service';
import { runScheduledBackup } from '../db/backup';
import { walArchiveFor } from '../db/backup-plan';
import { maintainPartitions } from '../db/partitions';

export interface JobContext {
  db: Db;
  config: Config;
  log: (line: string) => void;
  /** The URL this process connects with (a worker's is the primary's embedded server). */
  databaseUrl: string;
}

/**
 * A periodic job of the platform: it runs once across all server processes (ADR 0011).
 * - `seconds`: a fast loop, run by the one process that holds the jobs' leader lock.
 * - `cron`: a pg-boss schedule (minute granularity), run by whichever process takes the job.
 */
export interface JobDefinition {
  name: string;
  /** periodSeconds: how far apart runs are meant to be; a second delivery within half of it is dropped (job_runs). */
  every: { seconds: number } | { cron: string; periodSeconds: number };
  /** Also once, ten seconds after the platform (not a worker) starts. */
  atStart?: boolean;
  run: (ctx: JobContext) => Promise<unknown>;
}

/** Every N minutes as a cron step: a divisor of 60 minutes, or whole hours (7 runs at :00, :07 … :56). */
export function everyMinutes(minutes: number): { cron: string; periodSeconds: number } {
  if (minutes < 60) {
    const step = Math.max(1, Math.round(minutes));
    return { cron: `*/${step} * * * *`, periodSeconds: step * 60 };
  }
  const hours = Math.min(24, Math.round(minutes / 60));
  return { cron: `0 */${hours} * * *`, periodSeconds: hours * 3600 };
}

/** The platform's jobs. Another job is one more entry here. */
export function platformJobs(config: Config): JobDefinition[] {
  return [
    // Audit rows are sealed into the chain within seconds of being written.
    { name: 'audit-seal', every: { seconds: 2 }, run: ({ db }) => sealAudit(db) },
    // The ledger's monthly sums: the trigger's deltas are folded in (readers add the rest).
    { name: 'ledger-fold', every: { seconds: 5 }, run: ({ db }) => foldLedgerDeltas(db) },
    // The webhook outbox: what is due is sent.
    { name: 'webhook-delivery', every: { seconds: 10 }, run: ({ db }) => deliverDue(db) },
    // Alarm rules, task reminders, green-account points that lapsed, booked pickups not accepted in
    // time, answered complaints past their reopen window, credit events.
    {
      name: 'periodic-scan', every: everyMinutes(5), atStart: true,
      run: async ({ db, log }) => {
        const started = Date.now();
        const [, rules] = await Promise.all([scanTaskDeadlines(db), scanAll(db), expirePoints(db), passOnOverdue(db), closeLapsed(db), sweepCredit(db)]);
        log(`periodic scan: ${rules.reduce((n, r) => n + r.raised, 0)} alarms raised by ${rules.length} rules in ${Date.now() - started} ms`);
      },
    },
    // The embedded database's base backup, once a day, with retention; checked every hour so that a day
    // missed while the server was down is caught up at the next hour (it decides itself whether one is due).
    {
      name: 'daily-backup', every: { cron: '15 * * * *', periodSeconds: 3600 },
      run: async ({ config: c, databaseUrl, log }) => {
        if (c.databaseUrl) return; // DATABASE_URL: the operator's pg_basebackup or pgBackRest (README).
        if (!walArchiveFor(c.dataDir)) return; // WUFEI_WAL_ARCHIVE=0: no point-in-time restore, so no base backups.
        const result = await runScheduledBackup(c, databaseUrl, { say: log });
        if (result.taken) log(`daily backup: ${result.note}`);
      },
    },
    // GPS and weighbridge months: the months ahead created, months past retention dropped (03:30 China time).
    { name: 'partition-maintenance', every: { cron: '30 3 * * *', periodSeconds: 86_400 }, run: ({ db, config: c, log }) => maintainPartitions(db, c.retention, { log }) },
    // The signed chain head goes to a file (and the webhook, when set).
    ...(config.audit.exportMinutes > 0 ? [{ name: 'audit-export', every: everyMinutes(config.audit.exportMinutes), run: ({ db, config: c, log }: JobContext) => exportAuditHead(db, c.audit, log) }] : []),
  ];
}
