import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, DEMO_PASSWORD, type TestApp } from '../support/app';
import { freshCreditCode, freshUsername, verifiedEnterprise } from '../support/factories';

// 生活垃圾 register (ADR 0006): who keeps and reads it, in which area. Urban management and housing of
// 临清 register and read places, facilities, trucks and routes of 临清; the zero-waste office reads them;
// ecology is refused; an urban-management official of 冠县 sees none of 临清's and registers nothing
// there. Then what the register adds up to: coverage on a day, and a facility's load from its tickets.
let t: TestApp;
let urban: Client, housing: Client, office: Client, eco: Client, wte: Client, admin: Client, guanxian: Client;
let wteOrg = '', token = '';
const db = () => t.database.db;
const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const yesterday = shanghaiDay(-1), dayBefore = shanghaiDay(-2);
const unique = () => crypto.randomInt(1e6, 1e7);
const status = (over: Record<string, unknown> = {}) => ({ asOf: '2025-01-01', households: 100, sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: true, ...over });
const bearer = (body: unknown) => new Client(t.app).request('POST', '/api/weighbridge/tickets', body, { authorization: `Bearer ${token}` });

/** A vehicle a company of 临清 registered that is not yet a collection truck. */
async function spareTruck(skip: string[] = []) {
  const [row] = (await db().execute<{ plate: string }>(sql`SELECT v.plate FROM vehicles v JOIN organisations o ON o.id = v.organisation_id
    WHERE o.region_code LIKE '371581%' AND NOT EXISTS (SELECT 1 FROM household_vehicles h WHERE h.vehicle_id = v.id)
      AND NOT (v.plate = ANY(${sql.param(skip)}::text[])) ORDER BY v.plate LIMIT 1`)).rows;
  if (!row) throw new Error('no spare vehicle of a 临清 company');
  return row.plate;
}

beforeAll(async () => {
  t = await startTestApp();
  [urban, housing, office, eco, wte, admin] = await Promise.all(['urban.linqing', 'housing.linqing', 'office.linqing', 'eco.linqing', 'wte.demo', 'admin'].map((u) => Client.login(t.app, u)));
  wteOrg = (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = 'wte.demo'`)).rows[0].id;
  // 冠县's urban-management bureau and its official, added by the platform administrator.
  const bureau = await admin.post('/api/organisations', { kind: 'government', name: '冠县综合行政执法局', creditCode: freshCreditCode('371525'), regionCode: '371525', domain: 'urban' });
  expect(bureau.statusCode, bureau.body).toBe(201);
  const username = freshUsername('urban.guanxian');
  const official = await admin.post('/api/users', { username, displayName: '冠县执法局科员', password: DEMO_PASSWORD, role: 'regulator', organisationId: bureau.json().id });
  expect(official.statusCode, official.body).toBe(201);
  guanxian = await Client.login(t.app, username);
  const made = await wte.post('/api/tokens', { name: '焚烧厂地磅', scopes: ['weighbridge:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  expect(made.statusCode, made.body).toBe(201);
  token = made.json().secret;
});
afterAll(async () => { await t.close(); });

describe('who keeps and reads the register', () => {
  it('lets urban management and housing register places, facilities, trucks and routes in 临清, and the office read them', async () => {
    const n = unique();
    const a = await urban.post('/api/household/places', { regionCode: '371581001', kind: 'community', name: `运河花园${n}`, address: '青年路8号', status: status({ households: 640 }) });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ regionCode: '371581001', kind: 'community', status: { households: 640, asOf: '2025-01-01' } });
    const b = await housing.post('/api/household/places', { regionCode: '371581102', kind: 'village', name: `赵庄村${n}`, status: status({ households: 210, sortedTreatment: false }) });
    expect(b.statusCode, b.body).toBe(201);

    const station = await housing.post('/api/household/facilities', { regionCode: '371581002', kind: 'transfer_station', name: `新华路转运站${n}`, classes: ['other', 'kitchen'] });
    expect(station.statusCode, station.body).toBe(201);
    const plate = await spareTruck();
    const truck = await urban.post('/api/household/vehicles', { plate, wasteClass: 'other', tareT: 9.6 });
    expect(truck.statusCode, truck.body).toBe(201);
    expect(truck.json()).toMatchObject({ plate, wasteClass: 'other', tareT: 9.6 });
    const route = await housing.post('/api/household/routes', { regionCode: '371581', name: `青年路线${n}`, kind: 'urban', wasteClass: 'other', plates: [plate], facilityIds: [station.json().id], stops: [{ name: '运河花园', placeId: a.json().id }] });
    expect(route.statusCode, route.body).toBe(201);

    for (const reader of [urban, housing, office]) {
      const placesRes = await reader.get('/api/household/places?regionCode=371581&pageSize=100');
      expect(placesRes.statusCode, placesRes.body).toBe(200);
      const places = placesRes.json();
      expect(places.items.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining([`运河花园${n}`, `赵庄村${n}`]));
      const facilities = (await reader.get('/api/household/facilities?pageSize=100')).json();
      expect(facilities.items.map((f: { id: string }) => f.id)).toContain(station.json().id);
      const trucks = (await reader.get('/api/household/vehicles?pageSize=100')).json();
      expect(trucks.items.find((v: { plate: string }) => v.plate === plate)).toMatchObject({ wasteClass: 'other', tareT: 9.6, routes: 1 });
      const routes = (await reader.get('/api/household/routes?pageSize=100')).json();
      expect(routes.items.find((r: { id: string }) => r.id === route.json().id)).toMatchObject({ plates: [plate], facilities: [{ id: station.json().id, kind: 'transfer_station' }] });
    }
  });

  it('refuses ecology, which does not regulate household waste, on every part of the register', async () => {
    for (const url of ['/api/household/places', '/api/household/facilities', '/api/household/vehicles', '/api/household/routes', '/api/household/tonnage', '/api/weighbridge/tickets']) {
      expect((await eco.get(url)).statusCode, url).toBe(403);
    }
    const res = await eco.post('/api/household/places', { regionCode: '371581001', kind: 'community', name: `生态局小区${unique()}`, status: status() });
    expect(res.statusCode).toBe(403);
    expect(res.json().message.zh).toBeTruthy();
    expect((await eco.post('/api/household/facilities', { regionCode: '371581', kind: 'transfer_station', name: `生态局转运站${unique()}`, classes: ['other'] })).statusCode).toBe(403);
  });

  it('shows a 冠县 official none of 临清’s register and lets him register nothing in 临清', async () => {
    const n = unique();
    expect((await urban.post('/api/household/places', { regionCode: '371581003', kind: 'community', name: `先锋小区${n}`, status: status() })).statusCode).toBe(201);
    const own = await guanxian.post('/api/household/places', { regionCode: '371525001', kind: 'community', name: `清泉小区${n}`, status: status({ households: 90 }) });
    expect(own.statusCode, own.body).toBe(201);

    const seen = (await guanxian.get('/api/household/places?pageSize=100')).json();
    expect(seen.items.map((p: { name: string }) => p.name)).toContain(`清泉小区${n}`);
    expect(seen.items.every((p: { regionCode: string }) => p.regionCode.startsWith('371525'))).toBe(true);
    const asked = (await guanxian.get('/api/household/places?regionCode=371581')).json();
    expect(asked).toMatchObject({ items: [], total: 0, summary: { places: 0, households: 0 } });
    const facilities = (await guanxian.get('/api/household/facilities?pageSize=100')).json();
    expect(facilities.items.every((f: { regionCode: string }) => f.regionCode.startsWith('371525'))).toBe(true);

    const place = await guanxian.post('/api/household/places', { regionCode: '371581003', kind: 'community', name: `冠县越界小区${n}`, status: status() });
    expect(place.statusCode).toBe(403);
    const facility = await guanxian.post('/api/household/facilities', { regionCode: '371581', kind: 'transfer_station', name: `冠县越界转运站${n}`, classes: ['other'] });
    expect(facility.statusCode).toBe(403);
    expect((await urban.get('/api/household/places?regionCode=371581&pageSize=100')).json().items.map((p: { name: string }) => p.name)).not.toContain(`冠县越界小区${n}`);
  });
});

describe('places and their dated status', () => {
  it('refuses a place registered twice in the same town (409), and takes the same name in another town', async () => {
    const name = `幸福里${unique()}`;
    expect((await urban.post('/api/household/places', { regionCode: '371581004', kind: 'community', name, status: status() })).statusCode).toBe(201);
    const again = await housing.post('/api/household/places', { regionCode: '371581004', kind: 'community', name, status: status({ households: 5 }) });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'PLACE_EXISTS', path: 'name' });
    expect(again.json().message.zh).toContain(name);
    expect((await urban.post('/api/household/places', { regionCode: '371581001', kind: 'community', name, status: status() })).statusCode).toBe(201);
  });

  it('refuses a status dated before the latest one or after today, naming asOf, and writes nothing', async () => {
    const place = (await urban.post('/api/household/places', { regionCode: '371581004', kind: 'community', name: `晚报小区${unique()}`, status: status({ asOf: '2025-06-01' }) })).json();
    const count = async () => Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM household_place_status WHERE place_id = ${place.id}`)).rows[0].n);
    const early = await urban.post(`/api/household/places/${place.id}/status`, status({ asOf: '2025-05-31', households: 120 }));
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'STATUS_BEFORE_LATEST', path: 'asOf' });
    expect(early.json().message.zh).toContain('2025-06-01');
    expect(await count()).toBe(1);
    // Nor after today: it would bar every status until then.
    const ahead = await urban.post(`/api/household/places/${place.id}/status`, status({ asOf: shanghaiDay(1) }));
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json()).toMatchObject({ code: 'STATUS_IN_FUTURE', path: 'asOf' });
    expect(await count()).toBe(1);
    expect((await urban.post(`/api/household/places/${place.id}/status`, status({ asOf: '2025-06-01', households: 120 }))).statusCode).toBe(201);
    expect(await count()).toBe(2);
  });

  it('adds up the coverage of a town from its places, and shows a place’s old status on a day before it changed', async () => {
    // The demo's places of 唐园镇 (371581110) have their first status this year: on the days below (2024,
    // 2025) they count as places without households, so the sums are this test's own.
    const town = '371581110', n = unique();
    const demo = async (kind: string) => Number((await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM household_places WHERE region_code = ${town} AND kind = ${kind}`)).rows[0].n);
    const [demoCommunities, demoVillages] = [await demo('community'), await demo('village')];
    const demoPlaces = demoCommunities + demoVillages;
    const early = Number((await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM household_place_status s JOIN household_places p ON p.id = s.place_id WHERE p.region_code = ${town} AND s.as_of <= '2025-07-01'`)).rows[0].n);
    expect(early).toBe(0);
    const post = async (kind: string, name: string, s: Record<string, unknown>) => {
      const res = await urban.post('/api/household/places', { regionCode: town, kind, name: `${name}${n}`, status: status(s) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    await post('community', '唐园新村', { asOf: '2025-01-01', households: 500 });
    const partial = await post('community', '唐园东苑', { asOf: '2025-01-01', households: 300, sortedTreatment: false });
    await post('village', '唐园村', { asOf: '2025-01-01', households: 200 });
    await post('village', '小唐庄', { asOf: '2025-01-01', households: 150, sortedDeposit: false, sortedCollection: false });

    const summary = async (query: string) => (await office.get(`/api/household/places?regionCode=${town}&${query}`)).json().summary;
    // Covered: all four stages sorted. 500 + 200 of 500 + 300 + 200 + 150 = 700 / 1150 = 60.87 %.
    expect(await summary('on=2025-03-01')).toEqual({ places: demoPlaces + 4, households: 1150, coveredHouseholds: 700, coveragePct: 60.9 });
    expect(await summary('on=2025-03-01&kind=community')).toEqual({ places: demoCommunities + 2, households: 800, coveredHouseholds: 500, coveragePct: 62.5 });
    expect(await summary('on=2025-03-01&kind=village')).toEqual({ places: demoVillages + 2, households: 350, coveredHouseholds: 200, coveragePct: 57.1 });
    // Before any status: the places are there, with no households.
    expect(await summary('on=2024-12-31')).toEqual({ places: demoPlaces + 4, households: 0, coveredHouseholds: 0, coveragePct: null });

    // 唐园东苑 sorts at the plant from 2025-07-01, with 20 households more.
    expect((await housing.post(`/api/household/places/${partial}/status`, status({ asOf: '2025-07-01', households: 320 }))).statusCode).toBe(201);
    // 1020 / 1170 = 87.18 %.
    expect(await summary('on=2025-07-01')).toEqual({ places: demoPlaces + 4, households: 1170, coveredHouseholds: 1020, coveragePct: 87.2 });
    const before = (await office.get(`/api/household/places?regionCode=${town}&kind=community&on=2025-06-30`)).json();
    expect(before.items.find((p: { id: string }) => p.id === partial)).toMatchObject({ covered: false, status: { asOf: '2025-01-01', households: 300, sortedTreatment: false } });
    expect(before.summary).toEqual({ places: demoCommunities + 2, households: 800, coveredHouseholds: 500, coveragePct: 62.5 });
    const after = (await office.get(`/api/household/places?regionCode=${town}&kind=community&on=2025-07-01`)).json();
    expect(after.items.find((p: { id: string }) => p.id === partial)).toMatchObject({ covered: true, status: { asOf: '2025-07-01', households: 320, sortedTreatment: true } });
  });
});

describe('facilities, routes and tickets', () => {
  let plant = '', station = '', plate = '', route = '';
  const ticket = (over: Record<string, unknown> = {}) => ({
    facilityId: plant, ticketNo: `LN${crypto.randomInt(1e8, 1e9)}`, plate, wasteClass: 'other', grossT: 18.2, tareT: 10, netT: 8.2,
    inAt: `${yesterday}T09:00:00+08:00`, outAt: `${yesterday}T09:15:00+08:00`, routeId: route, ...over,
  });

  beforeAll(async () => {
    const n = unique();
    const p = await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'incineration', name: `绿能焚烧厂${n}`, capacityTPerDay: 200, classes: ['other'], operatorId: wteOrg });
    expect(p.statusCode, p.body).toBe(201);
    plant = p.json().id;
    station = (await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'transfer_station', name: `松林转运站${n}`, classes: ['other'] })).json().id;
    plate = await spareTruck();
    expect((await urban.post('/api/household/vehicles', { plate, wasteClass: 'other', tareT: 10 })).statusCode).toBe(201);
    const r = await urban.post('/api/household/routes', { regionCode: '371581', name: `松林线${n}`, kind: 'village', wasteClass: 'other', plates: [plate], facilityIds: [station, plant], stops: [{ name: '松林村' }] });
    expect(r.statusCode, r.body).toBe(201);
    route = r.json().id;
  });

  it('gives a facility’s tonnes and load against its capacity from the tickets posted', async () => {
    const by = async (key: string) => (await urban.get(`/api/household/tonnage?from=${dayBefore}&to=${yesterday}&by=${key}`)).json().items;
    // The demo's own loads weigh in 临清 on those days too: the day view moves by what is posted here.
    const days = async () => Object.fromEntries((await by('day')).map((i: { key: string; totalT: number }) => [i.key, i.totalT]));
    const daysBefore = await days();
    const posted = await bearer({ tickets: [ticket(), ticket({ grossT: 17.8, netT: 7.8 }), ticket({ grossT: 20, netT: 10 }), ticket({ inAt: `${dayBefore}T10:00:00+08:00`, outAt: `${dayBefore}T10:20:00+08:00`, grossT: 24, netT: 14 })] });
    expect(posted.json()).toEqual({ accepted: 4, duplicates: 0, corrections: 0, cancellations: 0 });
    const load = async (from: string, to: string) => (await urban.get(`/api/household/facilities?from=${from}&to=${to}&kind=incineration&pageSize=100`)).json().items.find((f: { id: string }) => f.id === plant);
    // Yesterday: 8.2 + 7.8 + 10 = 26 t of 200 t/d.
    expect(await load(yesterday, yesterday)).toMatchObject({ periodT: 26, lastDayT: 26, tickets: 3, averagePerDayT: 26, loadPct: 13, lastDayLoadPct: 13, capacityTPerDay: 200 });
    // Two days: 40 t, 20 t a day, 10 %; the last day still 26 t.
    expect(await load(dayBefore, yesterday)).toMatchObject({ periodT: 40, lastDayT: 26, tickets: 4, averagePerDayT: 20, loadPct: 10, lastDayLoadPct: 13 });
    // The same tonnes by facility, route, town of origin (none given: the plant's place) and day, with their names.
    expect((await by('facility')).find((i: { key: string }) => i.key === plant)).toMatchObject({ name: expect.stringContaining('绿能焚烧厂'), totalT: 40, tickets: 4, byClass: { other: 40 } });
    expect((await by('route')).find((i: { key: string }) => i.key === route)).toMatchObject({ name: expect.stringContaining('松林线'), totalT: 40 });
    expect((await by('town')).find((i: { key: string }) => i.key === '371581')).toMatchObject({ name: '临清市' });
    const daysAfter = await days();
    expect(daysAfter[dayBefore] - (daysBefore[dayBefore] ?? 0)).toBeCloseTo(14, 3);
    expect(daysAfter[yesterday] - (daysBefore[yesterday] ?? 0)).toBeCloseTo(26, 3);
    // The transfer station, with no capacity, has tonnes but no load.
    const other = (await urban.get(`/api/household/facilities?from=${yesterday}&to=${yesterday}&kind=transfer_station&pageSize=100`)).json().items.find((f: { id: string }) => f.id === station);
    expect(other).toMatchObject({ periodT: 0, loadPct: null });
  });

  it('refuses a route with a truck of another county or a facility not in the register, naming the field', async () => {
    // 冠县's bureau makes a 冠县 company's vehicle its collection truck, and registers a 冠县 transfer station.
    const company = await verifiedEnterprise(t.app, admin, '371525001', ['transporter'], `冠县环卫运输${unique()}`);
    const guanxianPlate = `鲁P${crypto.randomInt(10000, 99999)}`;
    const vehicle = await company.client.post(`/api/organisations/${company.id}/vehicles`, { plate: guanxianPlate, vehicleType: '压缩式垃圾车', loadT: 8, dgPermitNo: '鲁交运管许可聊字371525000001号' });
    expect(vehicle.statusCode, vehicle.body).toBe(201);
    expect((await guanxian.post('/api/household/vehicles', { plate: guanxianPlate, wasteClass: 'other', tareT: 7.5 })).statusCode).toBe(201);
    const guanxianStation = await guanxian.post('/api/household/facilities', { regionCode: '371525', kind: 'transfer_station', name: `冠县清泉转运站${unique()}`, classes: ['other'] });
    expect(guanxianStation.statusCode, guanxianStation.body).toBe(201);
    // …which 临清 cannot take over as its own.
    expect((await urban.post('/api/household/vehicles', { plate: guanxianPlate, wasteClass: 'other', tareT: 7.5 })).json()).toMatchObject({ code: 'UNKNOWN_PLATE', path: 'plate' });

    const routes = async () => Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM household_routes`)).rows[0].n);
    const before = await routes();
    const body = (over: Record<string, unknown>) => ({ regionCode: '371581', name: `越界线路${unique()}`, kind: 'urban', wasteClass: 'other', plates: [plate], facilityIds: [plant], stops: [{ name: '运河小区' }], ...over });
    for (const [over, code, path] of [
      [{ plates: [plate, guanxianPlate] }, 'UNKNOWN_PLATE', 'plates.1'],
      [{ facilityIds: [plant, crypto.randomUUID()] }, 'UNKNOWN_FACILITY', 'facilityIds.1'],
      [{ facilityIds: [guanxianStation.json().id] }, 'UNKNOWN_FACILITY', 'facilityIds.0'],
    ] as const) {
      const res = await urban.post('/api/household/routes', body(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json()).toMatchObject({ code, path });
      expect(res.json().message.zh).toBeTruthy();
      expect(res.json().message.en).toBeTruthy();
    }
    expect(await routes()).toBe(before);
  });

  it('refuses a ticket whose plate a company registered but not as a collection truck', async () => {
    const other = await spareTruck([plate]);
    const count = async () => Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM weighbridge_tickets`)).rows[0].n);
    const n = await count();
    const res = await bearer({ tickets: [ticket(), ticket({ plate: other })] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PLATE_NOT_COLLECTION', path: 'tickets.1.plate' });
    expect(res.json().message.zh).toContain(other);
    expect(await count()).toBe(n);
  });

  it('shows the operator only its own facility’s tickets, and urban management all of its area’s', async () => {
    const own = ticket({ inAt: `${yesterday}T11:00:00+08:00`, outAt: `${yesterday}T11:10:00+08:00` });
    expect((await bearer({ tickets: [own] })).json()).toMatchObject({ accepted: 1 });
    // A clerk of urban management types in a ticket at the transfer station, which no weighbridge serves.
    const typed = ticket({ facilityId: station, inAt: `${yesterday}T07:00:00+08:00`, outAt: `${yesterday}T07:05:00+08:00` });
    const manual = await urban.post('/api/household/tickets', typed);
    expect(manual.statusCode, manual.body).toBe(200);
    expect(manual.json()).toMatchObject({ accepted: 1 });

    // 绿能 runs this plant and the demo's incineration plant: its tickets are of those two only.
    const operated = (await t.database.db.execute<{ id: string }>(sql`SELECT f.id FROM household_facilities f JOIN users u ON u.organisation_id = f.organisation_id WHERE u.username = 'wte.demo'`)).rows.map((r) => r.id);
    expect(operated).toContain(plant);
    const list = async (who: Client, facilityId?: string) => (await who.get(`/api/weighbridge/tickets?from=${yesterday}&to=${yesterday}&pageSize=100${facilityId ? `&facilityId=${facilityId}` : ''}`)).json();
    const operator = await list(wte);
    expect(operator.total).toBeGreaterThan(0);
    expect(operator.items.every((i: { facilityId: string }) => operated.includes(i.facilityId))).toBe(true);
    const atPlant = await list(wte, plant);
    expect(atPlant.items.map((i: { ticketNo: string }) => i.ticketNo)).toContain(own.ticketNo);
    expect(atPlant.items.map((i: { ticketNo: string }) => i.ticketNo)).not.toContain(typed.ticketNo);
    const keeper = { items: [...(await list(urban, plant)).items, ...(await list(urban, station)).items] };
    expect(keeper.items.map((i: { ticketNo: string }) => i.ticketNo)).toEqual(expect.arrayContaining([own.ticketNo, typed.ticketNo]));
    expect(keeper.items.find((i: { ticketNo: string }) => i.ticketNo === typed.ticketNo)).toMatchObject({ postedBy: 'user:urban.linqing', state: 'effective' });
    // Asking for the station's tickets by its id gives the operator nothing.
    expect((await wte.get(`/api/weighbridge/tickets?from=${yesterday}&to=${yesterday}&facilityId=${station}`)).json()).toMatchObject({ items: [], total: 0 });
    // Its facilities: its own plant only.
    const facilities = (await wte.get('/api/household/facilities?pageSize=100')).json();
    expect(facilities.items.map((f: { id: string }) => f.id).sort()).toEqual([...operated].sort());
  });
});
