import os from 'node:os';
import path from 'node:path';
import { backupDirFor } from './db/backup-plan';
import { retentionFromEnv, type Retention } from './db/partitions';

// Every setting comes from the environment; the defaults start the demo city on the embedded database.
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demoPassword: string;
  seedDemo: boolean;
  sharedDataDir: string;
  webDir: string;
  sessionHours: number;
  secureCookies: boolean;
  /** The address the public reaches the platform at (https://wufei.example.gov.cn), for absolute links in open-data metadata; relative links without it. */
  publicUrl: string | null;
  /** Time limits in milliseconds (0: none): a whole request to arrive; a wait for a database connection; one statement; a transaction left idle. */
  requestTimeoutMs: number;
  dbTimeouts: { acquireMs: number; statementMs: number; idleInTransactionMs: number };
  /** Audit keys and signed head exports (ADR 0010): all outside the database, by default under the data folder. */
  audit: { keyFile: string; signingKeyFile: string; exportDir: string; exportMinutes: number; exportUrl: string | null };
  /** Base backups (`<dir>/base`) and the WAL archive (`<dir>/wal`) of the embedded database; backups older than keepDays are removed. */
  backup: { dir: string; keepDays: number };
  /** Months of GPS positions and weighbridge tickets kept (WUFEI_RETENTION_*_MONTHS; a value below the floor stops the start). */
  retention: Retention;
  /** Server processes on the one port (node:cluster); 1 runs everything in this process. */
  workers: number;
  /** The console's base map: a tile URL template ({z}/{x}/{y}, e.g. 天地图 with its key) and the words it must show; without tiles the maps draw region outlines only. */
  map?: { tiles: string | null; attribution: string };
  /** A font with Chinese glyphs that label PDFs embed (WUFEI_PDF_FONT; a .ttf, .otf or .ttc, by default Debian's fonts-noto-cjk). */
  pdfFont: string;
}

const millis = (value: string | undefined, fallback: number) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : fallback);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = process.cwd();
  const dataDir = path.resolve(root, env.WUFEI_DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : null,
    demoPassword: env.WUFEI_DEMO_PASSWORD ?? 'wufei-demo',
    seedDemo: env.WUFEI_SEED_DEMO !== '0',
    sharedDataDir: path.resolve(root, env.WUFEI_SHARED_DATA ?? '../shared/data'),
    webDir: path.resolve(root, 'dist/web'),
    sessionHours: Number(env.WUFEI_SESSION_HOURS ?? 12),
    secureCookies: env.WUFEI_SECURE_COOKIES === '1',
    publicUrl: env.WUFEI_PUBLIC_URL ? env.WUFEI_PUBLIC_URL.replace(/\/+$/, '') : null,
    requestTimeoutMs: millis(env.WUFEI_REQUEST_TIMEOUT_MS, 60_000),
    dbTimeouts: {
      acquireMs: millis(env.WUFEI_DB_ACQUIRE_TIMEOUT_MS, 10_000),
      statementMs: millis(env.WUFEI_DB_STATEMENT_TIMEOUT_MS, 60_000),
      idleInTransactionMs: millis(env.WUFEI_DB_IDLE_TX_TIMEOUT_MS, 60_000),
    },
    audit: {
      keyFile: path.resolve(root, env.WUFEI_AUDIT_KEY || path.join(dataDir, 'audit-key')),
      signingKeyFile: path.resolve(root, env.WUFEI_AUDIT_SIGNING_KEY || path.join(dataDir, 'audit-signing-key.pem')),
      exportDir: path.resolve(root, env.WUFEI_AUDIT_EXPORT_DIR || path.join(dataDir, 'audit-exports')),
      exportMinutes: Number(env.WUFEI_AUDIT_EXPORT_MINUTES || 15),
      exportUrl: env.WUFEI_AUDIT_EXPORT_URL || null,
    },
    backup: { dir: backupDirFor(dataDir, env), keepDays: Math.max(1, millis(env.WUFEI_BACKUP_KEEP_DAYS, 7)) },
    retention: retentionFromEnv(env),
    workers: Math.max(1, millis(env.WUFEI_WORKERS, os.availableParallelism()) || 1),
    map: { tiles: env.WUFEI_MAP_TILES?.trim() || null, attribution: env.WUFEI_MAP_ATTRIBUTION?.trim() ?? '' },
    pdfFont: path.resolve(root, env.WUFEI_PDF_FONT || '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  };
}
