import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

// 农业固体废物 at a glance: the agriculture bureau, a town's station and the zero-waste office read
// the rows of their plan that agriculture answers for, computed for their own area; other departments
// and companies are refused, and nobody reads an area above his own.
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

interface Overview { plan: { id: string; title: string; regionCode: string } | null; regionCode: string; rows: { no: number; name: string; lead: string; responsible: string; source: string }[] }
const read = async (username: string, query = '') => {
  const res = await (await Client.login(t.app, username)).get(`/api/agri/overview${query}`);
  return { status: res.statusCode, body: JSON.parse(res.body) as Overview & { code?: string; path?: string | null; message?: { zh: string; en: string } } };
};

describe('the agricultural overview', () => {
  it('gives the county bureau the rows of 临清’s plan it leads, in order, and none it does not', async () => {
    const { status, body } = await read('agri.linqing');
    expect(status).toBe(200);
    expect(body.plan?.regionCode).toBe('371581');
    expect(body.regionCode).toBe('371581');
    const numbers = body.rows.map((r) => r.no);
    for (const no of [6, 15, 16, 17, 18, 19, 29]) expect(numbers).toContain(no);
    // 一般工业固体废物产生强度 (row 1) and 生活垃圾 rows are other departments'.
    expect(numbers).not.toContain(1);
    expect(numbers).not.toContain(9);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    for (const r of body.rows) expect(`${r.lead} ${r.responsible}`, `${r.no} ${r.name}`).toMatch(/农业/);
  });

  it('computes a town station’s figures for its own town against its county’s plan, and never the county’s', async () => {
    const own = await read('agri.songlin');
    expect(own.status).toBe(200);
    expect(own.body.regionCode).toBe('371581101');
    expect(own.body.plan?.regionCode).toBe('371581');
    expect(own.body.rows.length).toBeGreaterThan(5);
    const county = await read('agri.songlin', '?regionCode=371581');
    expect(county.status).toBe(404);
  });

  it('lets the zero-waste office read a town of its county, and 天桥区’s office its own plan', async () => {
    const town = await read('office.linqing', '?regionCode=371581109');
    expect(town.status).toBe(200);
    expect(town.body.regionCode).toBe('371581109');
    const tianqiao = await read('office.tianqiao');
    expect(tianqiao.status).toBe(200);
    expect(tianqiao.body.plan?.regionCode).toBe('370105');
    for (const no of [7, 16, 17, 18, 19, 20, 21, 30]) expect(tianqiao.body.rows.map((r) => r.no)).toContain(no);
    const elsewhere = await read('office.tianqiao', '?regionCode=371581');
    expect(elsewhere.status).toBe(404);
  });

  it('refuses other departments and companies', async () => {
    expect((await read('eco.linqing')).status).toBe(403);
    expect((await read('farm.demo')).status).toBe(403);
    expect((await read('dealer.demo')).status).toBe(403);
  });

  it('names the field of a bad query', async () => {
    for (const [query, path] of [['?year=twenty', 'querystring.year'], ['?regionCode=3715', 'querystring.regionCode']]) {
      const { status, body } = await read('agri.linqing', query);
      expect(status, query).toBe(400);
      expect(body.path, query).toBe(path);
      expect(body.message?.zh, query).toMatch(/[\u4e00-\u9fff]/);
      expect(body.message?.en, query).toMatch(/[A-Za-z]{3}/);
    }
  });
});
