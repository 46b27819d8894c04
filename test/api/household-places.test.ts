import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

// 小区和村 as the console's 生活垃圾 page reads them: a page of a town's places with their status in
// force, and the coverage over every place that matches (households at all four stages over all).
let t: TestApp;
let urban: Client, eco: Client;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const town = '371581001';
const sorted = { sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: true };
const summary = async () => (await urban.get(`/api/household/places?kind=community&regionCode=${town}&pageSize=1`)).json().summary;

beforeAll(async () => {
  t = await startTestApp();
  [urban, eco] = await Promise.all(['urban.linqing', 'eco.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('communities and villages', () => {
  it('lists a town’s communities with their status, and the coverage moves with a new status', async () => {
    const before = await summary();
    const name = `运河花园${crypto.randomInt(1e6)}`;
    const sortedPlace = await urban.post('/api/household/places', { regionCode: town, kind: 'community', name, status: { asOf: today, households: 800, collectionRooms: 2, ...sorted } });
    expect(sortedPlace.statusCode, sortedPlace.body).toBe(201);
    const partly = await urban.post('/api/household/places', { regionCode: town, kind: 'community', name: `${name}二期`,
      status: { asOf: today, households: 200, sortedDeposit: true, sortedCollection: false, sortedTransport: false, sortedTreatment: false } });
    expect(partly.statusCode, partly.body).toBe(201);

    const after = await summary();
    expect(after).toMatchObject({ places: before.places + 2, households: before.households + 1000, coveredHouseholds: before.coveredHouseholds + 800 });
    const page = (await urban.get(`/api/household/places?kind=community&regionCode=${town}&pageSize=100`)).json();
    expect(page.total).toBe(after.places);
    const rows = page.items.filter((p: { name: string }) => p.name.startsWith(name));
    expect(rows.map((p: { name: string; covered: boolean; regionName: string; status: { households: number } }) => [p.name, p.covered, p.regionName, p.status.households]))
      .toEqual([[name, true, '青年路街道', 800], [`${name}二期`, false, '青年路街道', 200]]);

    const status = await urban.post(`/api/household/places/${partly.json().id}/status`, { asOf: today, households: 210, ...sorted });
    expect(status.statusCode, status.body).toBe(201);
    expect(await summary()).toMatchObject({ households: before.households + 1010, coveredHouseholds: before.coveredHouseholds + 1010 });
  });

  it('keeps the register from the ecology bureau', async () => {
    expect((await eco.get('/api/household/places')).statusCode).toBe(403);
  });
});
