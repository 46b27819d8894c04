import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// 工作日历 (issue 19): the State Council's holidays and make-up working days come with the platform;
// the office adds a year not yet published or a local holiday; a complaint's acceptance deadline,
// counted in working days, moves with what the office sets.

let t: TestApp;
let office: Client;
let eco: Client;
let producer: Client;

beforeAll(async () => {
  t = await startTestApp();
  office = await Client.login(t.app, 'office.linqing');
  eco = await Client.login(t.app, 'eco.linqing');
  producer = await Client.login(t.app, 'producer.demo');
}, 180_000);
afterAll(async () => { await t?.close(); });

const DAY = 86_400_000;
const shanghaiDay = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
const rows = async () => Number((await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM work_calendar_days`)).rows[0].n);

describe('the working calendar', () => {
  it('knows 2026’s Spring Festival, its make-up Saturday and the year’s 248 working days', async () => {
    const res = await office.get('/api/work-calendar?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.national.covered).toBe(true);
    expect(c.national.holidays).toContainEqual({ day: '2026-02-17', name: { zh: '春节', en: 'Spring Festival' } });
    expect(c.national.workdays.map((d: { day: string }) => d.day)).toContain('2026-02-14');
    expect(c.national.source.zh).toContain('国务院办公厅');
    expect(c.workingDays).toBe(248);
    expect(c.editable).toBe(true);
    const factory = (await producer.get('/api/work-calendar?year=2026')).json();
    expect(factory.editable).toBe(false);
    expect(factory.workingDays).toBe(248);
  });

  it('takes a year the platform does not know from the office, and gives it back', async () => {
    const before = (await office.get('/api/work-calendar?year=2031')).json();
    expect(before.national.covered).toBe(false);
    const put = await office.put('/api/work-calendar', { year: 2031, days: [{ day: '2031-01-01', kind: 'holiday', note: '元旦' }, { day: '2031-01-04', kind: 'workday', note: '调休' }] });
    expect(put.statusCode, put.body).toBe(200);
    const c = put.json();
    expect(c.own).toEqual([
      { regionCode: '371581', day: '2031-01-01', kind: 'holiday', note: '元旦' },
      { regionCode: '371581', day: '2031-01-04', kind: 'workday', note: '调休' },
    ]);
    // 2031-01-01 is a Wednesday taken off; 2031-01-04 a Saturday worked: the count is unchanged.
    expect(c.workingDays).toBe(before.workingDays);
    const audit = await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'work_calendar.set'`);
    expect(audit.rows[0].n).toBe(1);
  });

  it('refuses a day outside the year, a day twice, an unknown kind and a factory, writing nothing', async () => {
    const n = await rows();
    const outside = await office.put('/api/work-calendar', { year: 2031, days: [{ day: '2030-12-31', kind: 'holiday' }] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'DAY_OUTSIDE_YEAR', path: 'days.0.day' });
    const twice = await office.put('/api/work-calendar', { year: 2031, days: [{ day: '2031-05-01', kind: 'holiday' }, { day: '2031-05-01', kind: 'workday' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().path).toBe('days.1.day');
    const kind = await office.put('/api/work-calendar', { year: 2031, days: [{ day: '2031-05-01', kind: 'rest' }] });
    expect(kind.statusCode).toBe(400);
    expect(JSON.stringify(kind.json())).toContain('days.0.kind');
    expect((await producer.put('/api/work-calendar', { year: 2031, days: [] })).statusCode).toBe(403);
    expect(await rows()).toBe(n);
  });

  it('moves a complaint’s acceptance deadline when the office declares the coming week a holiday', async () => {
    const report = { category: 'illegal_dumping', regionCode: '371581002', location: { lon: 115.72512, lat: 36.83344 }, address: '运河西岸步道', description: '步道旁倒了十几袋装修垃圾', contactName: '王先生', contactPhone: '13912345678' };
    const citizen = new Client(t.app, '10.9.8.70');
    const dueOf = async () => {
      const filed = await citizen.post('/api/complaints/reports', report);
      expect(filed.statusCode, filed.body).toBe(201);
      return new Date((await eco.get(`/api/complaints/${filed.json().id}`)).json().acceptDue).getTime();
    };
    const before = await dueOf();
    // The next eight days off (each year's days set in that year; the office's other days kept).
    const byYear = new Map<number, { day: string; kind: string; note: string }[]>();
    for (let i = 1; i <= 8; i++) {
      const day = shanghaiDay(Date.now() + i * DAY);
      const year = Number(day.slice(0, 4));
      byYear.set(year, [...(byYear.get(year) ?? []), { day, kind: 'holiday', note: '测试放假' }]);
    }
    for (const [year, days] of byYear) {
      const kept = (await office.get(`/api/work-calendar?year=${year}`)).json().own.filter((d: { regionCode: string }) => d.regionCode === '371581').map(({ day, kind, note }: { day: string; kind: string; note: string }) => ({ day, kind, note }));
      expect((await office.put('/api/work-calendar', { year, days: [...kept, ...days] })).statusCode).toBe(200);
    }
    const after = await dueOf();
    expect(after - before).toBeGreaterThanOrEqual(8 * DAY - 3 * DAY);
    expect(shanghaiDay(after - 1) > shanghaiDay(Date.now() + 8 * DAY)).toBe(true);
  });
});
