import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { householdFormulas } from '../../src/server/household/formulas';
import { yearElapsed } from '../../src/server/indicators/formula';

// The household indicators on records made here, in 冠县 (which has no household demo): the
// platform administrator keeps the register and types in tickets by hand. Each figure is checked
// against the arithmetic of what was made: what a transfer station weighs is not counted twice, a
// correction counts as its latest version, coverage counts households at all four stages.
let t: TestApp;
let admin: Client;
const GUANXIAN = '371525', TOWN = '371525002';
const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
// Weighed a moment ago, within this year: in the past whatever the hour of the run (07:00 today is not, before 07:00).
const weighedOut = new Date(Date.now() - 60_000).toISOString();
const weighedIn = new Date(Math.max(new Date(`${year}-01-01T00:00:00+08:00`).getTime(), Date.now() - 21 * 60_000)).toISOString();
const formula = (key: string) => householdFormulas.find((f) => f.key === key)!;
const compute = (key: string, unit = '') => formula(key).compute(t.database.db, { regionCode: GUANXIAN, year, unit, baselineYear: 2020, baselineValue: null, baselineText: '' });
const suffix = () => crypto.randomInt(1e6);
const ok = (res: { statusCode: number; body: string }) => { expect(res.statusCode, res.body).toBeLessThan(300); return JSON.parse(res.body); };

beforeAll(async () => {
  t = await startTestApp();
  admin = await Client.login(t.app, 'admin');
});
afterAll(async () => { await t.close(); });

const status = (covered: boolean, households: number, asOf = `${year}-01-01`) => ({ asOf, households, sortedDeposit: true, sortedCollection: covered, sortedTransport: true, sortedTreatment: true });

describe('household indicators from the register and the weighbridges', () => {
  it('computes sorting coverage from the status in force, communities and villages apart', async () => {
    expect((await compute('household_community_coverage')).value).toBeNull();
    const a = ok(await admin.post('/api/household/places', { regionCode: TOWN, kind: 'community', name: `清泉小区${suffix()}`, status: status(true, 600) }));
    ok(await admin.post('/api/household/places', { regionCode: TOWN, kind: 'community', name: `崇文小区${suffix()}`, status: status(false, 400) }));
    ok(await admin.post('/api/household/places', { regionCode: TOWN, kind: 'village', name: `东村${suffix()}`, status: status(true, 300) }));
    expect((await compute('household_community_coverage')).value).toBe(60);
    expect((await compute('household_village_coverage')).value).toBe(100);
    // A later status of the covered community: no longer sorted at collection from today.
    ok(await admin.post(`/api/household/places/${a.id}/status`, status(false, 600, today)));
    const after = await compute('household_community_coverage');
    expect(after.value).toBe(0);
    expect(after.inputs).toEqual(expect.arrayContaining([{ key: 'households', value: 1000 }, { key: 'covered', value: 0 }]));
  });

  it('counts tonnes where loads end, by their latest version, and the recovered share and capacity share from them', async () => {
    const facility = async (kind: string, capacityTPerDay?: number) => ok(await admin.post('/api/household/facilities', { regionCode: TOWN, kind, name: `冠县${kind}${suffix()}`, classes: ['other', 'kitchen', 'recyclable'], ...(capacityTPerDay ? { capacityTPerDay } : {}) })).id as string;
    const [plant, landfill, kitchen, sorting, transfer] = [await facility('incineration', 500), await facility('sanitary_landfill', 250), await facility('kitchen_plant', 80), await facility('sorting_centre'), await facility('transfer_station')];
    let n = 0;
    const weigh = async (facilityId: string, wasteClass: string, netT: number, extra: Record<string, unknown> = {}) => {
      const ticketNo = `GX${suffix()}-${++n}`;
      ok(await admin.post('/api/household/tickets', { facilityId, ticketNo, plate: '鲁P9T001', wasteClass, grossT: 10 + netT, tareT: 10, netT, inAt: weighedIn, outAt: weighedOut, originRegionCode: TOWN, ...extra }));
      return ticketNo;
    };
    const wrong = await weigh(plant, 'other', 12);
    await weigh(plant, 'mixed', 3);
    await weigh(landfill, 'other', 5);
    await weigh(kitchen, 'kitchen', 4);
    await weigh(sorting, 'recyclable', 6);
    await weigh(transfer, 'other', 9); // passes on to the plant: not counted again
    // The plant's first ticket corrected: 12 t was 10 t.
    ok(await admin.post('/api/household/tickets', { facilityId: plant, ticketNo: `${wrong}-C`, kind: 'correction', corrects: wrong, reason: '称重仪表校准后复核', plate: '鲁P9T001', wasteClass: 'other', grossT: 20, tareT: 10, netT: 10, inAt: weighedIn, outAt: weighedOut, originRegionCode: TOWN }));

    const total = 10 + 3 + 5 + 4 + 6;
    const cleared = await compute('household_cleared');
    expect(cleared.inputs).toEqual(expect.arrayContaining([{ key: 'soFar', value: total }]));
    expect(cleared.value).toBeCloseTo(total / yearElapsed(year), 0);
    expect((await compute('household_cleared', '万吨')).value).toBeCloseTo(total / yearElapsed(year) / 10_000, 2);
    expect((await compute('household_other_cleared')).inputs).toEqual(expect.arrayContaining([{ key: 'soFar', value: 10 + 3 + 5 }]));
    expect((await compute('household_recovery_rate')).value).toBeCloseTo(((4 + 6) / total) * 100, 2);
    // Resource recovery adds what the waste-to-energy plant burnt; the landfill's does not count.
    expect((await compute('household_resource_rate')).value).toBeCloseTo(((4 + 6 + 10 + 3) / total) * 100, 2);
    expect((await compute('household_incineration_capacity_share')).value).toBeCloseTo((500 / 750) * 100, 2);
    const records = await formula('household_cleared').records!(t.database.db, { regionCode: GUANXIAN, year, unit: '', baselineYear: 2020, baselineValue: null, baselineText: '' }, { offset: 0, limit: 10 });
    expect(records.total).toBe(4);
    expect(records.items.map((r) => r.cells.tonnes)).toEqual([13, 6, 5, 4]);
  });
});
