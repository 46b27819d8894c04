import { sql } from 'drizzle-orm';
import type { Config } from './config';
import { connect, migrateDatabase, ensureDatabase, type Database } from './db/database';
import { startEmbedded, type EmbeddedServer } from './db/embedded';
import { buildApp } from './http/app';
import { seedDemoCity } from './demo/seed';
import { scanTaskDeadlines } from './tasks/service';
import { foldLedgerDeltas } from './ledger/monthly';
import { scanAll } from './alarms/engine';
import { deliverDue, forwardAlarms } from './webhooks/service';
import { sealAudit } from './platform/audit/service';
import { loadAuditKeys, loadSigningKey, useAuditKeys } from './platform/audit/keys';
import { scheduleAuditExports } from './platform/audit/export';
import { expirePoints } from './green/points';
import { passOnOverdue } from './recycling-bookings/service';
import { closeLapsed } from './complaints/service';
import { sweepAll as sweepCredit } from './credit/service';

export interface RunningDatabase { database: Database; embedded: EmbeddedServer | null; close: () => Promise<void> }

/** DATABASE_URL when set, otherwise the embedded server under WUFEI_DATA_DIR; migrated either way. */
export async function openDatabase(config: Config, log: (line: string) => void = () => {}, say: (line: string) => void = console.log): Promise<RunningDatabase> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, log, say);
    await ensureDatabase(embedded.url('postgres'), 'wufei');
    url = embedded.url('wufei');
  }
  const database = connect(url, 20, config.dbTimeouts);
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    await embedded?.stop();
    throw error;
  }
  return {
    database, embedded,
    close: async () => {
      await database.close();
      await embedded?.stop();
    },
  };
}

export async function startPlatform(config: Config, log: (line: string) => void = console.log) {
  const started = Date.now();
  // The audit's keys are files outside the database (ADR 0010), made on first start.
  useAuditKeys(loadAuditKeys(config.audit.keyFile, true));
  const signing = loadSigningKey(config.audit.signingKeyFile, true);
  const running = await openDatabase(config, () => {}, log);
  if (config.seedDemo) {
    const seeded = await seedDemoCity(running.database.db, config, log);
    if (seeded) log(`demo city seeded: ${seeded}`);
  }
  const app = await buildApp({ db: running.database.db, config, ping: async () => { await running.database.db.execute(sql`SELECT 1`); } });
  await app.listen({ port: config.port, host: config.host });
  // Periodic scans (alarm rules, task reminders, green-account points that lapsed, booked pickups not accepted in time, answered complaints past their reopen window, credit events): every five minutes, and once shortly after start.
  const scan = () => Promise.all([scanTaskDeadlines(running.database.db), scanAll(running.database.db), expirePoints(running.database.db), passOnOverdue(running.database.db), closeLapsed(running.database.db), sweepCredit(running.database.db)]).catch((error) => log(`periodic scan failed: ${error instanceof Error ? error.message : error}`));
  const first = setTimeout(scan, 10_000);
  // Alarms reach the organisation's webhooks too; the delivery worker sends what is due every 10 s.
  const stopAlarmHooks = forwardAlarms(running.database.db, (error) => log(`alarm webhook failed: ${error instanceof Error ? error.message : error}`));
  const seal = setInterval(() => sealAudit(running.database.db).catch((error) => log(`audit sealing failed: ${error instanceof Error ? error.message : error}`)), 2_000);
  seal.unref();
  // The signed chain head goes to a file (and the webhook, when set) every WUFEI_AUDIT_EXPORT_MINUTES.
  const stopExports = scheduleAuditExports(running.database.db, config.audit, log);
  log(`audit chain heads are signed with key ${signing.keyId} (public key ${config.audit.signingKeyFile.replace(/(\.pem)?$/, '.pub.pem')}) and exported ${config.audit.exportMinutes > 0 ? `every ${config.audit.exportMinutes} min to ${config.audit.exportDir}` : 'only on request (WUFEI_AUDIT_EXPORT_MINUTES=0)'}`);
  const deliver = setInterval(() => deliverDue(running.database.db).catch((error) => log(`webhook delivery failed: ${error instanceof Error ? error.message : error}`)), 10_000);
  deliver.unref();
  // The ledger's monthly sums: the trigger's deltas are folded in every 5 s (readers add the rest).
  const fold = setInterval(() => foldLedgerDeltas(running.database.db).catch((error) => log(`ledger fold failed: ${error instanceof Error ? error.message : error}`)), 5_000);
  fold.unref();
  const hourly = setInterval(scan, 5 * 60_000);
  first.unref();
  hourly.unref();
  log(`Wufei 无废 is up on http://localhost:${config.port} (database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded, ${config.dataDir}`}; ${Date.now() - started} ms)`);
  return {
    app,
    close: async () => {
      clearTimeout(first);
      clearInterval(hourly);
      clearInterval(deliver);
      clearInterval(seal);
      stopExports();
      clearInterval(fold);
      stopAlarmHooks();
      await app.close();
      await running.close();
    },
  };
}
