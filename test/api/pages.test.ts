import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { PAGES } from '../../src/server/platform/pages';

// The console's menu comes from the server (src/server/platform/pages.ts), decided by the same facts
// as the routes: issue 20 found menus offering pages whose calls the server refused.
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const pagesOf = async (username: string) => {
  const me = (await (await Client.login(t.app, username)).get('/api/auth/me')).json() as { pages: { key: string; zh: string; en: string }[] };
  return me.pages.map((p) => p.key);
};

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
    const { rows } = await t.database.db.execute<{ username: string }>(sql`
      SELECT DISTINCT ON (u.role, u.domain, o.kind, o.capabilities) u.username FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
       WHERE u.status = 'active' AND u.username NOT LIKE 'token:%' ORDER BY u.role, u.domain, o.kind, o.capabilities, u.username`);
    const offered = new Set<string>();
    for (const { username } of rows) for (const key of await pagesOf(username)) offered.add(key);
    expect(PAGES.map((p) => p.key).filter((k) => !offered.has(k))).toEqual([]);
  });
});
