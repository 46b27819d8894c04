import pg from 'pg';
import PgBoss from 'pg-boss';
import { sql } from 'drizzle-orm';
import type { JobContext, JobDefinition } from './registry';

// How the registry's jobs run once across server processes: see docs/adr/0011-jobs-across-processes.md.

const SCHEMA = 'pgboss';
/** The advisory lock of the fast loops' leader (any constant the app uses nowhere else). */
const LEADER_LOCK = 7261011;
const LEADER_RETRY_MS = 5_000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isCron = (job: JobDefinition): job is JobDefinition & { every: { cron: string; periodSeconds: number } } => 'cron' in job.every;

function newBoss(url: string) {
  // The schedules are checked every 5 s (pg-boss's default is 30 s): a job due at a minute starts within
  // seconds of it, so runs stay about a minute apart instead of drifting up to half a minute either way.
  return new PgBoss({ connectionString: url, schema: SCHEMA, max: 3, application_name: 'wufei-jobs', cronMonitorIntervalSeconds: 5, cronWorkerIntervalSeconds: 2 });
}

/**
 * Once per start of the platform (the primary of a cluster, or the single process): pg-boss's schema,
 * one queue per scheduled job, its schedule (kept in the database, so it survives restarts; a job no
 * longer listed is unscheduled) and the jobs that run shortly after start.
 */
export async function installJobs(url: string, jobs: JobDefinition[], log: (line: string) => void): Promise<void> {
  const boss = newBoss(url);
  boss.on('error', (error) => log(`job queue: ${message(error)}`));
  await boss.start();
  try {
    const scheduled = jobs.filter(isCron);
    for (const job of scheduled) {
      // stately: at most one waiting and one running, so a slow run never piles up behind itself.
      if (!(await boss.getQueue(job.name))) await boss.createQueue(job.name, { name: job.name, policy: 'stately' });
      await boss.schedule(job.name, job.every.cron, {}, { tz: 'Asia/Shanghai' });
      if (job.atStart) await boss.send(job.name, {}, { startAfter: 10, singletonKey: 'start' });
    }
    const names = new Set(scheduled.map((j) => j.name));
    for (const s of await boss.getSchedules()) if (!names.has(s.name)) await boss.unschedule(s.name);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** In every server process: take scheduled jobs from the queue, and run the fast loops while leader. */
export async function runJobs(url: string, jobs: JobDefinition[], ctx: JobContext): Promise<{ stop: () => Promise<void> }> {
  const boss = newBoss(url);
  boss.on('error', (error) => ctx.log(`job queue: ${message(error)}`));
  await boss.start();
  // Runs under way: a stop lets them finish on a live database before the queue and PostgreSQL close
  // (a scan cut off by the database's stop failed, and the queue's record of it then had no connection).
  const running = new Set<Promise<unknown>>();
  const crons = jobs.filter(isCron);
  for (const job of crons) {
    await boss.work(job.name, { pollingIntervalSeconds: 5 }, () => {
      const run = handle(job);
      running.add(run);
      run.then(() => running.delete(run), () => running.delete(run));
      return run;
    });
  }
  async function handle(job: (typeof crons)[number]) {
    if (!(await claimRun(ctx, job.name, job.every.periodSeconds))) return;
    try {
      await job.run(ctx);
    } catch (error) {
      ctx.log(`job ${job.name} failed: ${message(error)}`);
      // Given back, so that the queue's retry may run it.
      await ctx.db.execute(sql`UPDATE job_runs SET started_at = '-infinity' WHERE name = ${job.name}`).catch(() => {});
      throw error;
    }
  }
  const leader = leadFastLoops(url, jobs.filter((j) => !isCron(j)), ctx);
  return {
    stop: async () => {
      await leader.stop();
      for (const job of crons) await boss.offWork(job.name).catch(() => {});
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * A scheduled run claims its period: one statement, so of two deliveries of the same run (the queue
 * delivers at least once) only the first gets the row; the second finds it started less than half a
 * period ago and does nothing.
 */
async function claimRun(ctx: JobContext, name: string, periodSeconds: number): Promise<boolean> {
  const { rows } = await ctx.db.execute(sql`
    INSERT INTO job_runs (name, started_at) VALUES (${name}, now())
    ON CONFLICT (name) DO UPDATE SET started_at = now()
      WHERE job_runs.started_at < now() - make_interval(secs => ${periodSeconds / 2}::double precision)
    RETURNING name`);
  return rows.length > 0;
}

/**
 * Sub-minute loops (sealer, ledger fold, webhook delivery) run in one process: the one holding a
 * session advisory lock. The lock goes with its connection, so when the leader dies or loses the
 * database another process takes it within LEADER_RETRY_MS.
 */
function leadFastLoops(url: string, jobs: JobDefinition[], ctx: JobContext) {
  let client: pg.Client | null = null;
  let leading = false;
  let stopped = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();

  const loop = (job: JobDefinition & { every: { seconds: number } }) => {
    const timer = setTimeout(() => {
      const run = job.run(ctx).catch((error) => ctx.log(`${job.name} failed: ${message(error)}`));
      running.add(run);
      void run.finally(() => {
        running.delete(run);
        // The next run starts a full interval after this one ended: a slow run never overlaps itself.
        if (leading && !stopped) loop(job);
      });
    }, job.every.seconds * 1000);
    timer.unref();
    timers.set(job.name, timer);
  };
  const resign = () => {
    leading = false;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  };
  const attempt = async () => {
    if (stopped || leading) return;
    if (!client) {
      const c = new pg.Client({ connectionString: url, application_name: 'wufei-leader' });
      c.on('error', () => {
        if (client === c) client = null;
        if (leading) ctx.log(`process ${process.pid} lost the database connection that made it the jobs' leader; another process takes over`);
        resign();
        void c.end().catch(() => {});
      });
      await c.connect();
      client = c;
    }
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
    if (rows[0].ok && !stopped) {
      leading = true;
      ctx.log(`process ${process.pid} leads the fast jobs (${jobs.map((j) => `${j.name} every ${(j.every as { seconds: number }).seconds} s`).join(', ')})`);
      for (const job of jobs) loop(job as JobDefinition & { every: { seconds: number } });
    }
  };
  let busy = false;
  const tryNow = () => {
    if (busy) return;
    busy = true;
    void attempt().catch(() => {
    // The database is away or busy: the next attempt comes with the timer.
    const c = client;
    client = null;
    resign();
    void c?.end().catch(() => {});
    }).finally(() => { busy = false; });
  };
  tryNow();
  const retry = setInterval(tryNow, LEADER_RETRY_MS);
  retry.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(retry);
      resign();
      await Promise.all(running);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
