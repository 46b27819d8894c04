import type { Db } from '../db/database';
import type { Config } from '../config';

// What every route module is given, and the session cookie's name: kept apart from app.ts, which
// imports every route module, so that no route module imports app.ts back.

/** The name of the httpOnly cookie that carries a session token. */
export const SESSION_COOKIE = 'wufei_session';

export interface AppDeps {
  db: Db; config: Config; ping: () => Promise<void>;
  /** Where the log goes (standard output by default); tests read it to see that server errors are logged. */
  logStream?: NodeJS.WritableStream;
}
