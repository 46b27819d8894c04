import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/http/app';
import { loadConfig } from '../../src/server/config';
import { cloneTemplate } from './database';
import type { Database } from '../../src/server/db/database';

export const DEMO_PASSWORD = 'wufei-demo';

export interface TestApp { app: FastifyInstance; database: Database; close: () => Promise<void> }

/** The real app on a private copy of the demo city, called in-process over HTTP (app.inject). */
export async function startTestApp(): Promise<TestApp> {
  const clone = await cloneTemplate();
  const app = await buildApp({ db: clone.database.db, config: { ...loadConfig(), demoPassword: DEMO_PASSWORD }, ping: async () => { await clone.database.db.execute(sql`SELECT 1`); } });
  await app.ready();
  return { app, database: clone.database, close: async () => { await app.close(); await clone.drop(); } };
}

/** A logged-in client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance, private readonly ip = '127.0.0.1') {}

  static async login(app: FastifyInstance, username: string, password = DEMO_PASSWORD, ip?: string): Promise<Client> {
    const client = new Client(app, ip ?? `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
    const res = await client.post('/api/auth/login', { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return client;
  }

  private remember(res: LightMyRequestResponse) {
    const set = res.headers['set-cookie'];
    const cookies = Array.isArray(set) ? set : set ? [set] : [];
    for (const c of cookies) if (c.startsWith('wufei_session=')) this.cookie = c.split(';')[0];
    if (res.headers['content-type']?.toString().includes('json') && res.statusCode === 200) {
      const body = res.json() as { csrfToken?: string };
      if (body && typeof body === 'object' && 'csrfToken' in body && body.csrfToken) this.csrf = body.csrfToken;
    }
    return res;
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method, url, remoteAddress: this.ip,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return this.remember(res);
  }

  get(url: string) { return this.request('GET', url); }
  post(url: string, payload?: unknown, headers?: Record<string, string>) { return this.request('POST', url, payload ?? {}, headers); }
  patch(url: string, payload: unknown) { return this.request('PATCH', url, payload); }
  put(url: string, payload: unknown) { return this.request('PUT', url, payload); }
}
