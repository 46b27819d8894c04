import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { startTestApp, Client, DEMO_PASSWORD, type TestApp } from '../support/app';
import { loadConfig } from '../../src/server/config';

// Issue 19, finding 5 (second half): the public routes' limits per client address lived in each
// process's memory, so a restart or a second server process started the count again, and the
// citizen's report, photo and follow routes had none (a follow code could be guessed at leisure).
// They are now counted in the database, in the table the login limits use.

let t: TestApp;
const db = () => t.database.db;

beforeAll(async () => { t = await startTestApp(); }, 180_000);
afterAll(async () => { await t?.close(); });

/** A fresh copy of the app's modules on the same database: what a restarted or second server process holds. */
async function secondProcess(): Promise<FastifyInstance> {
  vi.resetModules();
  const { buildApp } = await import('../../src/server/http/app');
  const app = await buildApp({ db: t.database.db, config: { ...loadConfig(), demoPassword: DEMO_PASSWORD }, ping: async () => {} });
  await app.ready();
  return app;
}

const tooMany = (res: { statusCode: number; json: () => unknown }, code = 'TOO_MANY_REQUESTS') => {
  expect(res.statusCode).toBe(429);
  const body = res.json() as { code: string; message: { zh: string; en: string } };
  expect(body.code).toBe(code);
  expect(body.message.zh).toMatch(/频繁/);
  expect(body.message.en).toMatch(/Too many/);
};

const report = (i: number) => ({
  category: 'illegal_dumping', regionCode: '371581002', location: { lon: 115.72512 + i * 0.01, lat: 36.83344 },
  address: `运河西岸步道 ${i} 号`, description: '步道旁倒了十几袋装修垃圾和油漆桶',
});

describe('limits per address are counted in the database', () => {
  it('shares one count between two server processes: 120 reads on one, the next on the other is refused', async () => {
    const one = new Client(t.app, '10.20.0.1');
    for (let i = 0; i < 120; i++) expect((await one.get('/api/public/cells')).statusCode).toBe(200);
    const other = await secondProcess();
    try {
      tooMany(await new Client(other, '10.20.0.1').get('/api/public/cells'));
      // Another address is not affected.
      expect((await new Client(other, '10.20.0.2').get('/api/public/cells')).statusCode).toBe(200);
    } finally {
      await other.close();
    }
    const row = (await db().execute<{ hits: number }>(sql`SELECT hits FROM login_throttle WHERE subject = 'public-cells:10.20.0.1'`)).rows[0];
    expect(row.hits).toBe(121);
  });

  it('bounds a citizen’s reports from one address (20 in 10 minutes); nothing is written for the refused one', async () => {
    const citizen = new Client(t.app, '10.20.1.1');
    const before = Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM complaints`)).rows[0].n);
    for (let i = 0; i < 20; i++) {
      const res = await citizen.post('/api/complaints/reports', report(i));
      expect(res.statusCode, res.body).toBe(201);
    }
    tooMany(await citizen.post('/api/complaints/reports', report(20)));
    expect(Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM complaints`)).rows[0].n)).toBe(before + 20);
    // A neighbour on another address still reports; the office entering a hotline call is not limited.
    expect((await new Client(t.app, '10.20.1.2').post('/api/complaints/reports', report(21))).statusCode).toBe(201);
    const office = await Client.login(t.app, 'office.linqing', DEMO_PASSWORD, '10.20.1.1');
    expect((await office.post('/api/complaints/reports', report(22))).statusCode).toBe(201);
  });

  it('stops guessing at a follow code: after 60 tries from one address even the right code waits', async () => {
    const made = (await new Client(t.app, '10.20.2.9').post('/api/complaints/reports', report(30))).json() as { complaintNo: string; followCode: string };
    const guesser = new Client(t.app, '10.20.2.1');
    for (let i = 0; i < 60; i++) {
      const guess = `ZZZZ${String(i).padStart(4, '0')}`;
      expect((await guesser.get(`/api/complaints/follow?no=${made.complaintNo}&code=${guess}`)).statusCode).toBe(404);
    }
    tooMany(await guesser.get(`/api/complaints/follow?no=${made.complaintNo}&code=${made.followCode}`));
    expect((await new Client(t.app, '10.20.2.9').get(`/api/complaints/follow?no=${made.complaintNo}&code=${made.followCode}`)).statusCode).toBe(200);
  });

  it('takes five objections an hour from one address, then refuses with its own code', async () => {
    const notices = (await new Client(t.app, '10.20.3.9').get('/api/public/cells/notices')).json() as { items: { id: string }[] };
    expect(notices.items.length).toBeGreaterThan(0);
    const id = notices.items[0].id;
    const visitor = new Client(t.app, '10.20.3.1');
    for (let i = 0; i < 5; i++) {
      const res = await visitor.post(`/api/public/cells/${id}/objections`, { reason: `第${i + 1}次：厂区东侧废切削液桶露天堆放，是否规范？` });
      expect(res.statusCode, res.body).toBe(201);
    }
    tooMany(await visitor.post(`/api/public/cells/${id}/objections`, { reason: '第6次：厂区东侧废切削液桶露天堆放，是否规范？' }), 'TOO_MANY_OBJECTIONS');
  });

  it('limits Open311’s public reads per address too', async () => {
    const reader = new Client(t.app, '10.20.4.1');
    for (let i = 0; i < 120; i++) expect((await reader.get('/open311/v2/requests.json')).statusCode).toBe(200);
    expect((await reader.get('/open311/v2/requests.json')).statusCode).toBe(429);
  });
});
