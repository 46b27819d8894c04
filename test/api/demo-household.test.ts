import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { householdFormulas } from '../../src/server/household/formulas';

// The household-waste demo (demo/household.ts) as a new official of 临清 finds it: the chain's
// facilities with their loads, a year of tonnes by class in the shares the plan's indicators are
// computed from, communities and villages sorted as the county reports, this week's alarms and this
// month's corrected and cancelled tickets; 天桥区 and 济宁经开区 with their own year. The ecology
// bureau sees none of it.
let t: TestApp;
let urban: Client;
const db = () => t.database.db;
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const today = shanghai(Date.now());
const yearStart = `${today.slice(0, 4)}-01-01`;
const DAY = 86_400_000;
/** Days of this year before today: full days of tickets, from which a year's tonnes are projected. */
const fullDays = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${yearStart}T00:00:00Z`)) / DAY);

type Tonnage = { items: { key: string; name: string; totalT: number; byClass: Record<string, number> }[]; totals: Record<string, number>; totalT: number };
const tonnage = async (client: Client, by: string, from = yearStart, to = today) => {
  const res = await client.get(`/api/household/tonnage?from=${from}&to=${to}&by=${by}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Tonnage;
};
/** Tonnes a year at the pace of the full days so far (a start on 1 January has none yet). */
const perYear = async (client: Client, pick: (t: Tonnage['items'][number]) => number) => {
  const days = (await tonnage(client, 'day')).items.filter((d) => d.key < today);
  expect(days.length).toBe(fullDays);
  return days.length ? (days.reduce((s, d) => s + pick(d), 0) / days.length) * 365 : null;
};

/** An indicator formula of the household area, computed on the demo for an area and this year. */
const indicator = async (key: string, regionCode: string, unit = '') =>
  (await householdFormulas.find((f) => f.key === key)!.compute(t.database.db, { regionCode, year: Number(today.slice(0, 4)), unit, baselineYear: 2020, baselineValue: null, baselineText: '' })).value;

beforeAll(async () => {
  t = await startTestApp();
  urban = await Client.login(t.app, 'urban.linqing');
});
afterAll(async () => { await t.close(); });

describe('the household-waste demo of 临清', () => {
  it('lists the chain’s facilities with their capacity and load: the plant well used, a transfer station in every town', async () => {
    const res = await urban.get(`/api/household/facilities?from=${yearStart}&to=${today}&pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json() as { total: number; items: { name: string; kind: string; capacityTPerDay: number | null; operatorName: string | null; periodT: number; averagePerDayT: number; loadPct: number | null }[] };
    expect(total).toBe(items.length);
    const plant = items.find((f) => f.name === '临清市生活垃圾焚烧发电厂')!;
    expect(plant).toMatchObject({ kind: 'incineration', capacityTPerDay: 600, operatorName: '临清市绿能环保能源有限公司' });
    expect(plant.loadPct).toBeGreaterThan(50);
    expect(plant.loadPct).toBeLessThan(80);
    const kitchen = items.find((f) => f.name === '临清市餐厨废弃物处理厂')!;
    expect(kitchen.capacityTPerDay).toBe(100);
    expect(kitchen.loadPct).toBeGreaterThan(70);
    expect(kitchen.loadPct).toBeLessThan(100);
    expect(items.filter((f) => f.kind === 'transfer_station')).toHaveLength(16);
    for (const kind of ['fly_ash_landfill', 'sorting_centre', 'faecal_plant']) expect(items.some((f) => f.kind === kind), kind).toBe(true);
    // Tonnes are weighed where waste is treated or sorted, never at a transfer station, so none is counted twice.
    expect(items.filter((f) => f.periodT > 0).map((f) => f.kind).sort()).toEqual(['incineration', 'kitchen_plant', 'kitchen_plant', 'sorting_centre']);
  });

  it('weighs about 22–23万吨 a year: 其他 ~62 %, 厨余 ~20 %, 可回收物 ~14 %, so 回收利用率 is about a third', async () => {
    const year = await tonnage(urban, 'class');
    const share = (c: string) => (year.totals[c] ?? 0) / year.totalT;
    expect(share('other')).toBeGreaterThan(0.58);
    expect(share('other')).toBeLessThan(0.66);
    expect(share('kitchen')).toBeGreaterThan(0.17);
    expect(share('kitchen')).toBeLessThan(0.23);
    expect(share('recyclable')).toBeGreaterThan(0.12);
    expect(share('recyclable')).toBeLessThan(0.16);
    expect(share('bulky') + share('renovation')).toBeGreaterThan(0.02);
    expect(share('hazardous')).toBeGreaterThan(0);
    expect(share('recyclable') + share('kitchen')).toBeGreaterThan(0.32);
    expect(share('recyclable') + share('kitchen')).toBeLessThan(0.37);
    const annual = await perYear(urban, (d) => d.totalT);
    if (annual !== null) {
      expect(annual).toBeGreaterThan(210_000);
      expect(annual).toBeLessThan(235_000);
    }
    // Every town delivers, by its own name.
    const towns = await tonnage(urban, 'town');
    expect(towns.items.map((i) => i.name)).toEqual(expect.arrayContaining(['青年路街道', '康庄镇', '尚店镇']));
  });

  it('counts about four in five city households and two in five village households sorted at all four stages', async () => {
    const res = await urban.get(`/api/household/places?kind=community&on=${today}&pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    const communities = res.json();
    expect(communities.total).toBeGreaterThanOrEqual(30);
    expect(communities.summary.coveragePct).toBeGreaterThanOrEqual(75);
    expect(communities.summary.coveragePct).toBeLessThanOrEqual(85);
    const villages = (await urban.get(`/api/household/places?kind=village&on=${today}&pageSize=100`)).json();
    expect(villages.total).toBeGreaterThanOrEqual(40);
    expect(villages.summary.coveragePct).toBeGreaterThanOrEqual(30);
    expect(villages.summary.coveragePct).toBeLessThanOrEqual(45);
    // Some communities began sorting during the year: their earlier status is still there.
    const [{ changed }] = (await db().execute<{ changed: number }>(sql`
      SELECT count(*)::int AS changed FROM (SELECT place_id FROM household_place_status GROUP BY place_id HAVING count(*) > 1) c`)).rows;
    expect(changed).toBeGreaterThanOrEqual(3);
  });

  it('has this week’s mixed and overloaded loads open as alarms, and this month’s correction and cancellation in the ticket list', async () => {
    const alarms = (await urban.get('/api/alarms?open=true&pageSize=100')).json().items as { rule: string; title: string }[];
    for (const rule of ['weighbridge_mixed', 'weighbridge_overload', 'weighbridge_unknown_plate']) expect(alarms.some((a) => a.rule === rule), rule).toBe(true);
    const fixes = (await db().execute<{ kind: string; plate: string; day: string; reason: string; ticketNo: string; corrected: string }>(sql`
      SELECT w.kind, c.plate, to_char(c.out_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, w.reason, w.ticket_no AS "ticketNo", c.ticket_no AS corrected
      FROM weighbridge_tickets w JOIN weighbridge_tickets c ON c.id = w.corrects WHERE w.kind <> 'ticket' AND w.region_code LIKE '371581%'`)).rows;
    expect(fixes.map((f) => f.kind).sort()).toEqual(['cancellation', 'correction']);
    for (const fix of fixes) {
      expect(fix.reason).toBeTruthy();
      const list = (await urban.get(`/api/weighbridge/tickets?plate=${encodeURIComponent(fix.plate)}&from=${fix.day}&to=${fix.day}&pageSize=100`)).json();
      const state = Object.fromEntries(list.items.map((i: { ticketNo: string; state: string }) => [i.ticketNo, i.state]));
      expect(state[fix.corrected]).toBe(fix.kind === 'correction' ? 'corrected' : 'cancelled');
      expect(state[fix.ticketNo]).toBe(fix.kind === 'correction' ? 'effective' : 'cancellation');
    }
  });

  it('shows the plant’s operator its own plant and tickets, and the ecology bureau nothing', async () => {
    const wte = await Client.login(t.app, 'wte.demo');
    const own = (await wte.get(`/api/household/facilities?from=${today}&to=${today}&pageSize=100`)).json();
    expect(own.items.map((f: { name: string }) => f.name).sort()).toEqual(['临清市生活垃圾焚烧发电厂', '临清市生活垃圾焚烧飞灰填埋场']);
    const tickets = (await wte.get(`/api/weighbridge/tickets?from=${yearStart}&to=${today}&pageSize=5`)).json();
    expect(tickets.total).toBeGreaterThan(0);
    expect(tickets.items.every((i: { facilityName: string }) => i.facilityName === '临清市生活垃圾焚烧发电厂')).toBe(true);

    const eco = await Client.login(t.app, 'eco.linqing');
    for (const url of [`/api/household/places?on=${today}`, `/api/household/facilities?from=${today}&to=${today}`, `/api/household/tonnage?from=${yearStart}&to=${today}`, '/api/household/routes', '/api/household/vehicles']) {
      expect((await eco.get(url)).statusCode, url).toBe(403);
    }
    const ecoTickets = await eco.get(`/api/weighbridge/tickets?from=${yearStart}&to=${today}`);
    expect(ecoTickets.statusCode).toBe(403);
    const ecoAlarms = (await eco.get('/api/alarms?pageSize=100')).json().items as { rule: string }[];
    expect(ecoAlarms.some((a) => a.rule.startsWith('weighbridge'))).toBe(false);
  });
});

describe('the indicators computed on the demo', () => {
  it('gives 临清’s household rows the values the county is near: 清运量 about 22万吨, 回收利用率 about a third, coverage, incineration only', async () => {
    if (fullDays === 0) return; // On 1 January no day of the year is over yet: nothing to scale to a year.
    const cleared = await indicator('household_cleared', '371581', '万吨');
    expect(cleared).toBeGreaterThan(21);
    expect(cleared).toBeLessThan(24);
    const recovery = await indicator('household_recovery_rate', '371581');
    expect(recovery).toBeGreaterThan(32);
    expect(recovery).toBeLessThan(37);
    const communities = await indicator('household_community_coverage', '371581');
    expect(communities).toBeGreaterThanOrEqual(75);
    expect(communities).toBeLessThanOrEqual(85);
    const villages = await indicator('household_village_coverage', '371581');
    expect(villages).toBeGreaterThanOrEqual(30);
    expect(villages).toBeLessThanOrEqual(45);
    expect(await indicator('household_incineration_capacity_share', '371581')).toBe(100);
    const tianqiao = await indicator('household_other_cleared', '370105', '万吨');
    expect(tianqiao).toBeGreaterThan(28.5);
    expect(tianqiao).toBeLessThan(30.5);
    const jnkfq = await indicator('household_cleared', '370829', '万吨');
    expect(jnkfq).toBeGreaterThan(3.2);
    expect(jnkfq).toBeLessThan(3.6);
  });
});

describe('the household waste of 天桥区 and 济宁经开区', () => {
  it('weighs about 29–30万吨 of residual waste a year in 天桥区 and 3.2–3.6万吨 of household waste in 济宁经开区', async () => {
    const tianqiao = await Client.login(t.app, 'office.tianqiao');
    const tq = await perYear(tianqiao, (d) => d.byClass.other ?? 0);
    const jnkfq = await Client.login(t.app, 'office.jnkfq');
    const jk = await perYear(jnkfq, (d) => d.totalT);
    if (tq !== null && jk !== null) {
      expect(tq).toBeGreaterThan(285_000);
      expect(tq).toBeLessThan(305_000);
      expect(jk).toBeGreaterThan(32_000);
      expect(jk).toBeLessThan(36_000);
    }
    // Each area sees its own places only.
    const res = await tianqiao.get(`/api/household/places?on=${today}&pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    const places = res.json();
    expect(places.total).toBeGreaterThan(10);
    expect(places.items.every((p: { regionCode: string }) => p.regionCode.startsWith('370105'))).toBe(true);
    expect(places.summary.coveragePct).toBeGreaterThan(95);
  });
});
