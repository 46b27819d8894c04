import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// The permission matrix of complaints (issue 18). The citizen's routes answer anyone without a login
// (and refuse API tokens: machines use Open311); the console answers the zero-waste office of the
// area, the department the report is routed to and the platform administrator, from a session; the
// routing table and the calendar are changed by the office only. Another county's office and
// department do not see 临清's reports (404 on one, none in the list); a company and a resident are refused.

let t: TestApp;
const callers = new Map<string, Client>();
const ANON = 'anonymous';
const TOKEN = 'token';
const WHO = ['admin', 'office.linqing', 'eco.linqing', 'urban.linqing', 'eco.guanxian', 'office.tianqiao', 'producer.demo', 'resident.demo', ANON, TOKEN] as const;
let tokenSecret = '';
let ecoReport = '';

beforeAll(async () => {
  t = await startTestApp();
  for (const who of WHO) {
    if (who === ANON || who === TOKEN) callers.set(who, new Client(t.app, '10.7.7.7'));
    else callers.set(who, await Client.login(t.app, who));
  }
  tokenSecret = (await callers.get('producer.demo')!.post('/api/tokens', { name: 'matrix', scopes: ['complaints:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
  ecoReport = (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM complaints WHERE region_code LIKE '371581%' AND domain = 'ecology' AND status = 'submitted' ORDER BY created_at LIMIT 1`)).rows[0].id;
}, 180_000);
afterAll(async () => { await t?.close(); });

async function call(who: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) {
  const c = callers.get(who)!;
  if (who === TOKEN) return t.app.inject({ method, url, headers: { authorization: `Bearer ${tokenSecret}` }, ...(body !== undefined ? { payload: body as object } : {}) });
  return c.request(method, url, body);
}

const everyone = (status: number, except: Partial<Record<(typeof WHO)[number], number>> = {}) => Object.fromEntries(WHO.map((w) => [w, except[w] ?? status])) as Record<(typeof WHO)[number], number>;

const ROWS: { name: string; method: 'GET' | 'POST' | 'PUT'; url: () => string; body?: () => unknown; expect: Record<string, number> }[] = [
  { name: 'GET /api/complaints/regions', method: 'GET', url: () => '/api/complaints/regions', expect: everyone(200, { token: 403 }) },
  { name: 'GET /api/complaints/nearby', method: 'GET', url: () => '/api/complaints/nearby?category=burning&lon=115.7&lat=36.8', expect: everyone(200, { token: 403 }) },
  { name: 'GET /api/complaints/follow (wrong code)', method: 'GET', url: () => '/api/complaints/follow?no=TS2026010100001&code=ABCDEFGH', expect: everyone(404, { token: 403 }) },
  { name: 'GET /api/complaints/mine', method: 'GET', url: () => '/api/complaints/mine', expect: everyone(403, { 'resident.demo': 200, anonymous: 401, token: 403 }) },
  { name: 'GET /api/complaints (queue)', method: 'GET', url: () => '/api/complaints', expect: everyone(200, { 'producer.demo': 403, 'resident.demo': 403, anonymous: 401, token: 403 }) },
  { name: 'GET /api/complaints/:id (临清 ecology)', method: 'GET', url: () => `/api/complaints/${ecoReport}`,
    expect: everyone(404, { admin: 200, 'office.linqing': 200, 'eco.linqing': 200, 'producer.demo': 403, 'resident.demo': 403, anonymous: 401, token: 403 }) },
  { name: 'GET /api/complaints/routes', method: 'GET', url: () => '/api/complaints/routes', expect: everyone(200, { 'producer.demo': 403, 'resident.demo': 403, anonymous: 401, token: 403 }) },
  { name: 'GET /api/work-calendar', method: 'GET', url: () => '/api/work-calendar', expect: everyone(200, { anonymous: 401, token: 403 }) },
  { name: 'PUT /api/complaints/routes', method: 'PUT', url: () => '/api/complaints/routes', body: () => ({ items: [] }),
    expect: everyone(403, { admin: 200, 'office.linqing': 200, 'office.tianqiao': 200, anonymous: 401 }) },
  { name: 'PUT /api/work-calendar', method: 'PUT', url: () => '/api/work-calendar', body: () => ({ year: 2030, days: [] }),
    expect: everyone(403, { admin: 200, 'office.linqing': 200, 'office.tianqiao': 200, anonymous: 401 }) },
  { name: 'POST /api/complaints/:id/actions (start on a submitted report: 409 past the policy)', method: 'POST', url: () => `/api/complaints/${ecoReport}/actions`, body: () => ({ action: 'start' }),
    expect: everyone(404, { admin: 409, 'office.linqing': 409, 'eco.linqing': 409, 'producer.demo': 403, 'resident.demo': 403, anonymous: 401, token: 403 }) },
  { name: 'POST /api/complaints/reports (no place: 400 past the policy)', method: 'POST', url: () => '/api/complaints/reports', body: () => ({ category: 'burning', regionCode: '371581002', description: '村口有人烧垃圾' }),
    expect: everyone(400, { token: 403 }) },
];

describe.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
  it.each(WHO.map((w) => [w, row.expect[w]] as const))('%s → %i', async (who, status) => {
    const res = await call(who, row.method, row.url(), row.body?.());
    expect(res.statusCode, res.body.slice(0, 200)).toBe(status);
  });
});

describe('isolation of the queue', () => {
  it('shows 冠县 and 天桥区 none of 临清’s reports', async () => {
    for (const who of ['eco.guanxian', 'office.tianqiao']) {
      const res = await call(who, 'GET', '/api/complaints?pageSize=100');
      expect(res.json().items.filter((i: { regionCode: string }) => i.regionCode.startsWith('371581'))).toEqual([]);
    }
    const urban = (await call('urban.linqing', 'GET', '/api/complaints?pageSize=100')).json();
    expect(urban.total).toBeGreaterThan(0);
    expect(urban.items.every((i: { domain: string }) => i.domain === 'urban')).toBe(true);
  });
});
