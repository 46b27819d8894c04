import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { ABILITIES, PAGES } from '../../src/server/platform/pages';

// The console's menu comes from the server (src/server/platform/pages.ts), decided by the same facts
// as the routes: issue 20 found menus offering pages whose calls the server refused.
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const pagesOf = async (username: string) => {
  const me = (await (await Client.login(t.app, username)).get('/api/auth/me')).json() as { pages: { key: string; zh: string; en: string }[] };
  return me.pages.map((p) => p.key);
};

/** One active person of each kind in the demo city (role, department, organisation kind and capabilities); machine accounts aside. */
const demoPeople = async () => (await t.database.db.execute<{ username: string }>(sql`
  SELECT DISTINCT ON (u.role, u.domain, o.kind, o.capabilities) u.username FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
   WHERE u.status = 'active' AND u.kind = 'person' AND u.username NOT LIKE 'token:%' ORDER BY u.role, u.domain, o.kind, o.capabilities, u.username`)).rows.map((r) => r.username);

describe('the pages each person is offered', () => {
  it('gives a driver his manifests and company, not nine desk pages', async () => {
    expect(await pagesOf('driver.demo')).toEqual(['/', '/driver', '/manifests', '/my-organisation']);
  });

  it('offers collection rounds to the medical collector and the institutions on a round, not to every company', async () => {
    expect(await pagesOf('collector.demo')).toContain('/rounds');
    expect(await pagesOf('driver.med')).toContain('/rounds');
    expect(await pagesOf('clinic.kangzhuang')).toContain('/rounds');
    expect(await pagesOf('producer.demo')).not.toContain('/rounds');
    expect(await pagesOf('power.demo')).not.toContain('/rounds');
  });

  it('keeps the supervision view and construction waste to the departments whose routes answer them', async () => {
    const health = await pagesOf('health.linqing');
    expect(health).not.toContain('/construction');
    expect(health).toContain('/rounds');
    expect(await pagesOf('eco.linqing')).toContain('/supervision');
    expect(await pagesOf('urban.linqing')).not.toContain('/supervision');
    expect(await pagesOf('urban.linqing')).toContain('/construction');
  });

  it('offers plans and declarations to the departments that read them, and each of those pages answers', async () => {
    // The walk found them offered to every department and refused by the routes to all but ecology.
    for (const username of ['agri.linqing', 'urban.linqing', 'health.linqing', 'commerce.donge']) {
      const pages = await pagesOf(username);
      expect(pages, username).not.toContain('/plans');
      expect(pages, username).not.toContain('/declarations');
    }
    const eco = await Client.login(t.app, 'eco.linqing');
    const offered = (await eco.get('/api/auth/me')).json().pages.map((p: { key: string }) => p.key);
    expect(offered).toEqual(expect.arrayContaining(['/plans', '/declarations']));
    expect((await eco.get('/api/plans?year=2026')).statusCode).toBe(200);
    expect((await eco.get('/api/declarations?stream=hazardous&periodType=month&period=2026-11')).statusCode).toBe(200);
    expect(await pagesOf('producer.demo')).toEqual(expect.arrayContaining(['/plans', '/declarations']));
  });

  it('offers recycling pickups to a company that runs a station and its registered collectors, not to every recycler', async () => {
    // The walk found the grease recycler (a recycler without a station) offered the dispatch page, its calls refused.
    expect(await pagesOf('oil.demo')).not.toContain('/recycling/bookings');
    expect(await pagesOf('recycler.demo')).toContain('/recycling/bookings');
    expect(await pagesOf('rrcollector.demo')).toContain('/recycling/collector');
    expect(await pagesOf('resident.demo')).not.toContain('/recycling/collector');
  });

  it('names each page in both languages, in menu order, starting with home', async () => {
    const me = (await (await Client.login(t.app, 'office.linqing')).get('/api/auth/me')).json() as { pages: { key: string; zh: string; en: string }[] };
    expect(me.pages[0]).toEqual({ key: '/', zh: '首页', en: 'Home' });
    const order = PAGES.map((p) => p.key);
    const keys = me.pages.map((p) => p.key);
    expect(keys).toEqual([...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    for (const p of me.pages) expect(p.zh && p.en).toBeTruthy();
    expect(keys).toContain('/indicators');
  });

  it('has someone in the demo city for every page it knows', async () => {
    const offered = new Set<string>();
    for (const username of await demoPeople()) for (const key of await pagesOf(username)) offered.add(key);
    expect(PAGES.map((p) => p.key).filter((k) => !offered.has(k))).toEqual([]);
  });
});

// The buttons: a page's own buttons come with the session (me.may), a record's with the record
// (actions). Each is the answer to "would the server take this call?", asked of the same rule the
// route enforces; these check the answer against the call itself.
describe('the buttons each person is offered', () => {
  it('offers verifying the audit chain and its status exactly to those whose calls are answered', async () => {
    // The audit page drew 校验 for the office and the administrator by role; now the server says.
    for (const username of await demoPeople()) {
      const c = await Client.login(t.app, username);
      const may = (await c.get('/api/auth/me')).json().may as string[];
      for (const ability of may) expect(Object.keys(ABILITIES), username).toContain(ability);
      const status = (await c.get('/api/audit/status')).statusCode;
      expect(status === 200, `${username} audit.status ${status}`).toBe(may.includes('audit.status'));
      if (may.includes('audit.verify')) continue; // the whole chain's check is slow: its refusal is what is tested here
      expect((await c.get('/api/audit/verify')).statusCode, username).toBe(403);
    }
    expect((await (await Client.login(t.app, 'office.linqing')).get('/api/auth/me')).json().may).toEqual(expect.arrayContaining(['audit.verify', 'indicators.import', 'projects.import', 'surveys.manage', 'regions.importOutlines']));
    const eco = (await (await Client.login(t.app, 'eco.linqing')).get('/api/auth/me')).json().may;
    expect(eco).toEqual(expect.arrayContaining(['credit.manage', 'inspections.manage', 'indicators.reportValues']));
    expect(eco).not.toContain('indicators.import');
    expect(eco).not.toContain('regions.importOutlines');
    expect((await (await Client.login(t.app, 'producer.demo')).get('/api/auth/me')).json().may).toEqual([]);
  });

  it('offers the credit desk only where its writes are taken', async () => {
    for (const username of ['office.linqing', 'eco.linqing', 'urban.linqing']) {
      const c = await Client.login(t.app, username);
      const may = (await c.get('/api/auth/me')).json().may as string[];
      // A blacklist entry for an unknown company: refused with 403 by who may not manage credit, with 4xx for the rest.
      const black = await c.post('/api/credit/blacklist', { organisationId: '00000000-0000-4000-8000-000000000000', reason: '测试：不存在的企业', decisionNo: '临环罚〔2026〕1号', listedFrom: '2026-12-01' });
      expect(black.statusCode === 403, `${username} credit ${black.statusCode} ${black.body}`).toBe(!may.includes('credit.manage'));
    }
  });

  it('lets the office disable and reset the departments\' people, and offers neither on companies\' people or itself', async () => {
    const office = await Client.login(t.app, 'office.linqing');
    const me = (await office.get('/api/auth/me')).json();
    type Row = { id: string; username: string; actions: { update: boolean; resetPassword: boolean } };
    const row = async (username: string) => ((await office.get(`/api/users?q=${username}`)).json().items as Row[]).find((u) => u.username === username)!;
    const company = await row('producer.demo');
    const department = await row('urban.linqing');
    expect(company.actions).toEqual({ update: false, resetPassword: false });
    expect(department.actions).toEqual({ update: true, resetPassword: true });
    const self = await row('office.linqing');
    expect(self.id).toBe(me.user.id);
    expect(self.actions).toEqual({ update: false, resetPassword: false });
    // The office's 停用 on a company's person was a 403 behind a button; the row now says so beforehand.
    expect((await office.patch(`/api/users/${company.id}`, { displayName: '改名' })).statusCode).toBe(403);
    expect((await office.patch(`/api/users/${department.id}`, { displayName: '城管局监管员' })).statusCode).toBe(200);
    // A company's administrator manages the company's people (the transport company's drivers among them), not itself.
    const admin = await Client.login(t.app, 'transporter.demo');
    const own = (await admin.get('/api/users?pageSize=100')).json().items as { username: string; actions: { update: boolean } }[];
    expect(own.map((u) => u.username)).toContain('driver.demo');
    for (const u of own) expect(u.actions.update, u.username).toBe(u.username !== 'transporter.demo');
  });
});
