import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// 工业固体废物交易信息平台 and 再生产品供求信息: offers and demands by class, matched by distance,
// first contact through the platform, deals recorded by a party and counted for the regulators.
let t: TestApp;
let power: Client, bricks: Client, bearing: Client, guanxian: Client, cwLinqing: Client, cwTianqiao: Client, driver: Client;
let eco: Client, ecoGuanxian: Client, housing: Client, office: Client;
const db = () => t.database.db;
const shanghai = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const today = shanghai();
const later = shanghai(90);
const org: Record<string, string> = {};
const count = async (table: string) => (await db().execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n;

/** Great-circle distance on a 6371 km sphere, worked out here independently of the server's SQL. */
function haversineKm(a: [number, number], b: [number, number]) {
  const rad = (d: number) => (d * Math.PI) / 180;
  const [lon1, lat1] = a, [lon2, lat2] = b;
  const h = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

// Places of the matching story (longitude, latitude).
const AT = {
  brickWorks: [115.64, 36.70] as [number, number], // 临清市建材新型墙材, 尚店镇
  bearingYard: [115.66, 36.72] as [number, number], // 恒通轴承's boiler house, a few km away
  powerPlant: [115.715, 36.845] as [number, number], // 华能临清热电, 临清 town
  guanxianMill: [115.442, 36.484] as [number, number], // 冠县冠华板材, 冠县
};

beforeAll(async () => {
  t = await startTestApp();
  [power, bricks, bearing, cwLinqing, cwTianqiao, driver, eco, ecoGuanxian, housing, office] = await Promise.all(
    ['power.demo', 'ashuse.demo', 'producer.demo', 'cwsite.demo', 'cw.tianqiao', 'driver.demo', 'eco.linqing', 'eco.guanxian', 'housing.linqing', 'office.linqing'].map((u) => Client.login(t.app, u)),
  );
  const rows = (await db().execute<{ id: string; name: string }>(sql`SELECT id, name FROM organisations`)).rows;
  for (const r of rows) org[r.name] = r.id;
  // 冠县 has no company login in the demo: the test gives 冠县冠华板材 one (producer.demo's password).
  await db().execute(sql`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code)
    SELECT 'guanxian.test', password_hash, '冠华板材 环保员', 'enterprise_admin', ${org['冠县冠华板材有限公司']}::uuid, '371525001' FROM users WHERE username = 'producer.demo'`);
  guanxian = await Client.login(t.app, 'guanxian.test');
});
afterAll(async () => { await t.close(); });

describe('the demo city’s board', () => {
  it('has the brick works’ fly-ash demand matched by the power plant’s offer, answered, and a deal the ecology bureau sees', async () => {
    const demands = (await bricks.get('/api/exchange/listings?mine=true&kind=demand&wasteClass=SW02')).json();
    expect(demands.total).toBe(1);
    const matches = (await bricks.get(`/api/exchange/listings/${demands.items[0].id}/matches`)).json();
    expect(matches.items[0]).toMatchObject({ organisationName: '华能临清热电有限公司', className: '粉煤灰', contactShown: true });
    expect(Math.abs(matches.items[0].distanceKm - haversineKm([115.64, 36.70], [115.722, 36.851]))).toBeLessThan(0.1);
    const sent = (await bricks.get('/api/exchange/contacts?box=sent')).json();
    expect(sent.items[0].reply).toContain('30元/吨');
    const deals = (await eco.get('/api/exchange/deals')).json();
    expect(deals.items.map((d: { wasteClass: string; quantity: number; buyerName: string }) => [d.wasteClass, d.quantity, d.buyerName])).toEqual([['SW02', 1200, '临清市建材新型墙材有限公司']]);
    const housingDeals = (await housing.get('/api/exchange/deals')).json();
    expect(housingDeals.items.map((d: { wasteClass: string; unit: string }) => [d.wasteClass, d.unit])).toEqual([['再生骨料', '立方米']]);
    const products = (await new Client(t.app, '10.9.9.8').get('/api/public/recycled-products')).json();
    expect(products.items.map((p: { product: string }) => p.product)).toEqual(expect.arrayContaining(['再生骨料', '再生砖']));
  });
});

const offer = (c: Client, body: Record<string, unknown>) => c.post('/api/exchange/listings', { kind: 'offer', category: 'waste', quantity: 500, validUntil: later, ...body });

describe('posting offers and demands', () => {
  it('posts a fly-ash offer by its SW class, in tonnes, at the company’s site unless told otherwise', async () => {
    const res = await offer(power, { wasteClass: 'sw02', quantity: 3000, frequency: '每月', composition: 'SiO₂ 50%, Al₂O₃ 28%, 烧失量 < 5%', priceYuan: 30 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'offer', category: 'waste', wasteClass: 'SW02', title: '粉煤灰', unit: '吨', quantityT: 3000, status: 'open', organisationId: org['华能临清热电有限公司'] });
    const [plant] = (await db().execute<{ longitude: number; latitude: number }>(sql`SELECT longitude, latitude FROM organisations WHERE name = '华能临清热电有限公司'`)).rows;
    expect([res.json().longitude, res.json().latitude]).toEqual([plant.longitude, plant.latitude]);
    const detail = (await power.get(`/api/exchange/listings/${res.json().id}`)).json();
    expect(detail).toMatchObject({ className: '粉煤灰', state: 'open', mine: true, contactShown: true, can: { close: true, contact: false } });
  });

  it('refuses bad listings with a reason in Chinese and English, and writes nothing', async () => {
    const before = await count('exchange_listings');
    const cases: [Client, Record<string, unknown>, number, string][] = [
      [power, { wasteClass: 'SW99' }, 400, 'UNKNOWN_CODE'],
      [power, { wasteClass: '900-249-08' }, 400, 'HAZARDOUS_CODE'],
      [cwLinqing, { category: 'product', wasteClass: 'SW02', unit: '吨' }, 400, 'PRODUCT_KIND_IS_WASTE'],
      [cwLinqing, { category: 'product', wasteClass: '900-249-08', unit: '吨' }, 400, 'HAZARDOUS_CODE'],
      [cwLinqing, { category: 'product', wasteClass: '再生骨料' }, 400, 'UNIT_REQUIRED'],
      [cwLinqing, { category: 'product', wasteClass: '再生骨料', unit: '斤' }, 400, 'VALIDATION'],
      [power, { wasteClass: 'SW02', unit: '立方米' }, 400, 'BAD_UNIT'],
      [power, { wasteClass: 'SW02', validUntil: shanghai(-1) }, 400, 'VALID_UNTIL_PAST'],
      [power, { wasteClass: 'SW02', validUntil: '2031-02-30' }, 400, 'VALIDATION'],
      [power, { wasteClass: 'SW02', longitude: 115.7 }, 400, 'COORDINATES'],
      [power, { wasteClass: 'SW02', latitude: 36.8 }, 400, 'COORDINATES'],
      [power, { wasteClass: 'SW02', quantity: 0 }, 400, 'VALIDATION'],
      [power, { wasteClass: 'SW02', organisationId: org['冠县冠华板材有限公司'] }, 400, 'VALIDATION'],
      [eco, { wasteClass: 'SW02' }, 403, 'FORBIDDEN'],
      [driver, { wasteClass: 'SW02' }, 403, 'FORBIDDEN'],
    ];
    for (const [client, body, status, code] of cases) {
      const res = await offer(client, body);
      expect({ body, status: res.statusCode, code: res.json().code }).toEqual({ body, status, code });
      expect(res.json().message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(res.json().message.en).toMatch(/[a-z]/);
    }
    const unknown = await offer(power, { wasteClass: 'SW99' });
    expect(unknown.json()).toMatchObject({ path: 'wasteClass' });
    expect(unknown.json().message.zh).toContain('一般工业固体废物');
    expect((await offer(power, { wasteClass: '900-249-08' })).json().message.zh).toContain('危险废物');
    expect((await offer(power, { wasteClass: 'SW02', unit: '立方米' })).json().message.zh).toContain('吨');
    expect(await count('exchange_listings')).toBe(before);
  });

  it('counts a recycled product in its own unit', async () => {
    const res = await offer(cwLinqing, { category: 'product', wasteClass: '再生骨料', unit: '立方米', quantity: 8000, title: '再生骨料 5-31.5mm', place: '刘垓子镇资源化利用厂' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ category: 'product', wasteClass: '再生骨料', unit: '立方米', place: '刘垓子镇资源化利用厂' });
  });
});

describe('matching by class and distance', () => {
  const ids: Record<string, string> = {};

  it('lists the offers of the same class nearest first, with the great-circle distance', async () => {
    const demand = await bricks.post('/api/exchange/listings', { kind: 'demand', wasteClass: 'SW04', quantity: 2000, frequency: '每月', longitude: AT.brickWorks[0], latitude: AT.brickWorks[1], validUntil: later });
    expect(demand.statusCode).toBe(201);
    ids.demand = demand.json().id;
    const post = async (c: Client, at: [number, number], wasteClass = 'SW04') => (await offer(c, { wasteClass, longitude: at[0], latitude: at[1] })).json().id as string;
    ids.power = await post(power, AT.powerPlant);
    ids.guanxian = await post(guanxian, AT.guanxianMill);
    ids.bearing = await post(bearing, AT.bearingYard);
    // Not matches: another class, a listing of the same kind, a closed offer.
    await post(guanxian, AT.guanxianMill, 'SW01');
    await bricks.post('/api/exchange/listings', { kind: 'demand', wasteClass: 'SW04', quantity: 10, longitude: 115.7, latitude: 36.8 });
    const closed = await post(bearing, AT.bearingYard);
    expect((await bearing.post(`/api/exchange/listings/${closed}/close`)).statusCode).toBe(200);

    const board = (await bricks.get('/api/exchange/listings?wasteClass=sw04&kind=offer')).json();
    expect(board.items.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([ids.power, ids.guanxian, ids.bearing]));
    expect(board.items.every((l: { wasteClass: string; state: string }) => l.wasteClass === 'SW04' && l.state === 'open')).toBe(true);

    const res = await bricks.get(`/api/exchange/listings/${ids.demand}/matches`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((m: { id: string }) => m.id)).toEqual([ids.bearing, ids.power, ids.guanxian]);
    expect(body.total).toBe(3);
    const expected = [AT.bearingYard, AT.powerPlant, AT.guanxianMill].map((p) => haversineKm(AT.brickWorks, p));
    body.items.forEach((m: { distanceKm: number }, i: number) => expect(Math.abs(m.distanceKm - expected[i])).toBeLessThan(0.1));
    // 尚店 to 冠县: some 30 km as the crow flies.
    expect(body.items[2].distanceKm).toBeGreaterThan(25);
    expect(body.items[2].distanceKm).toBeLessThan(40);
    expect(body.items[2]).toMatchObject({ organisationName: '冠县冠华板材有限公司', regionCode: '371525001', className: '煤矸石', contactShown: false, contactPhone: null, contactName: null });

    // From the other side: the power plant's offer finds the brick works' demand.
    const back = (await power.get(`/api/exchange/listings/${ids.power}/matches`)).json();
    expect(back.items.map((m: { id: string }) => m.id)).toContain(ids.demand);
    const toBricks = back.items.find((m: { id: string }) => m.id === ids.demand);
    expect(Math.abs(toBricks.distanceKm - haversineKm(AT.powerPlant, AT.brickWorks))).toBeLessThan(0.1);
    expect(back.items.every((m: { kind: string; wasteClass: string }) => m.kind === 'demand' && m.wasteClass === 'SW04')).toBe(true);
  });

  it('pages the matches', async () => {
    const first = (await bricks.get(`/api/exchange/listings/${ids.demand}/matches?pageSize=2`)).json();
    const second = (await bricks.get(`/api/exchange/listings/${ids.demand}/matches?pageSize=2&page=2`)).json();
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect([...first.items, ...second.items].map((m: { id: string }) => m.id)).toEqual([ids.bearing, ids.power, ids.guanxian]);
    expect((await bricks.get(`/api/exchange/listings/${ids.demand}/matches?pageSize=500`)).statusCode).toBe(400);
  });

  it('keeps contact details hidden until the company writes, and shows them after', async () => {
    const hidden = (await bricks.get(`/api/exchange/listings/${ids.power}`)).json();
    expect(hidden).toMatchObject({ contactShown: false, contactName: null, contactPhone: null, can: { contact: true, close: false } });
    expect(JSON.stringify(hidden)).not.toContain('0635-23');

    const bad = await bricks.post(`/api/exchange/listings/${ids.power}/contacts`, { message: '想了解', fromListingId: ids.guanxian });
    expect(bad.json()).toMatchObject({ code: 'NOT_YOUR_LISTING', path: 'fromListingId' });
    expect((await power.post(`/api/exchange/listings/${ids.power}/contacts`, { message: '自己联系自己' })).json().code).toBe('OWN_LISTING');
    expect((await bricks.post(`/api/exchange/listings/${ids.power}/contacts`, { message: '' })).statusCode).toBe(400);

    const sent = await bricks.post(`/api/exchange/listings/${ids.power}/contacts`, { message: '我厂每月需煤矸石约2000吨用于烧结砖，请报价。', fromListingId: ids.demand });
    expect(sent.statusCode).toBe(201);
    ids.contact = sent.json().id;
    const shown = (await bricks.get(`/api/exchange/listings/${ids.power}`)).json();
    expect(shown).toMatchObject({ contactShown: true });
    expect(shown.contactPhone).toMatch(/^0635-/);
    // The power plant now sees the brick works' demand with its contact, having been pointed at it…
    expect((await power.get(`/api/exchange/listings/${ids.demand}`)).json()).toMatchObject({ contactShown: true, contactPhone: expect.stringMatching(/\d/) });
    // …and a third company still does not see the plant's phone.
    expect((await guanxian.get(`/api/exchange/listings/${ids.power}`)).json()).toMatchObject({ contactShown: false, contactPhone: null });
  });

  it('lets the owner reply once, and nobody else', async () => {
    const inbox = (await power.get('/api/exchange/contacts?box=received')).json();
    expect(inbox.unanswered).toBeGreaterThanOrEqual(1);
    const message = inbox.items.find((m: { id: string }) => m.id === ids.contact);
    expect(message).toMatchObject({ fromOrganisationName: '临清市建材新型墙材有限公司', listingTitle: '煤矸石', reply: null });
    expect(message.fromContactPhone).toMatch(/\d/);

    expect((await bricks.post(`/api/exchange/contacts/${ids.contact}/reply`, { reply: '我自己回复' })).statusCode).toBe(403);
    expect((await guanxian.post(`/api/exchange/contacts/${ids.contact}/reply`, { reply: '路过' })).statusCode).toBe(404);
    const replied = await power.post(`/api/exchange/contacts/${ids.contact}/reply`, { reply: '可供，出厂价每吨25元，请来电。' });
    expect(replied.statusCode).toBe(200);
    expect(replied.json()).toMatchObject({ reply: '可供，出厂价每吨25元，请来电。' });
    const again = await power.post(`/api/exchange/contacts/${ids.contact}/reply`, { reply: '再回一次' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_REPLIED');
    const sent = (await bricks.get('/api/exchange/contacts?box=sent')).json();
    expect(sent.items.find((m: { id: string }) => m.id === ids.contact)).toMatchObject({ reply: '可供，出厂价每吨25元，请来电。', listingOrganisationName: '华能临清热电有限公司' });
    const counterparties = (await bricks.get('/api/exchange/counterparties')).json().items;
    expect(counterparties.map((c: { name: string }) => c.name)).toContain('华能临清热电有限公司');
  });

  it('closes a listing once, by its owner only; it leaves the board and its matches', async () => {
    // Another company reads the open listing on the board, so it is refused rather than told it does not exist.
    expect((await bricks.post(`/api/exchange/listings/${ids.guanxian}/close`)).statusCode).toBe(403);
    expect((await guanxian.post(`/api/exchange/listings/${ids.guanxian}/close`)).json()).toMatchObject({ status: 'closed' });
    const again = await guanxian.post(`/api/exchange/listings/${ids.guanxian}/close`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_CLOSED');
    expect((await bricks.get(`/api/exchange/listings/${ids.guanxian}`)).statusCode).toBe(404);
    expect((await bricks.get(`/api/exchange/listings/${ids.demand}/matches`)).json().items.map((m: { id: string }) => m.id)).toEqual([ids.bearing, ids.power]);
    const mine = (await guanxian.get('/api/exchange/listings?mine=true&state=closed')).json();
    expect(mine.items.map((m: { id: string }) => m.id)).toContain(ids.guanxian);
    // A listing the writer was in touch with stays readable to it, but takes no new messages once closed.
    await power.post(`/api/exchange/listings/${ids.power}/close`);
    expect((await bricks.get(`/api/exchange/listings/${ids.power}`)).json()).toMatchObject({ state: 'closed', contactShown: true, can: { contact: false } });
    expect((await bricks.post(`/api/exchange/listings/${ids.power}/contacts`, { message: '还有吗？' })).json().code).toBe('LISTING_NOT_OPEN');
  });

  it('takes a listing past its validity date off the board', async () => {
    await db().execute(sql`UPDATE exchange_listings SET valid_until = ${shanghai(-1)}::date WHERE id = ${ids.bearing}::uuid`);
    const board = (await bricks.get('/api/exchange/listings?wasteClass=sw04&kind=offer')).json();
    expect(board.items.map((m: { id: string }) => m.id)).not.toContain(ids.bearing);
    const mine = (await bearing.get('/api/exchange/listings?mine=true&state=expired')).json();
    expect(mine.items.map((m: { id: string; state: string }) => [m.id, m.state])).toContainEqual([ids.bearing, 'expired']);
  });
});

describe('the board, paged', () => {
  it('pages a company’s own listings without overlap', async () => {
    for (const q of [100, 200, 300]) await offer(bearing, { wasteClass: 'SW59', quantity: q, title: `废砂轮 ${q}` });
    const all = (await bearing.get('/api/exchange/listings?mine=true&pageSize=100')).json();
    const p1 = (await bearing.get('/api/exchange/listings?mine=true&pageSize=2')).json();
    const p2 = (await bearing.get('/api/exchange/listings?mine=true&pageSize=2&page=2')).json();
    expect(p1.total).toBe(all.total);
    expect(p1.items).toHaveLength(2);
    expect(p1.items.map((m: { id: string }) => m.id)).not.toContain(p2.items[0].id);
    expect([...p1.items, ...p2.items].map((m: { id: string }) => m.id)).toEqual(all.items.slice(0, 4).map((m: { id: string }) => m.id));
    expect((await bearing.get('/api/exchange/listings?pageSize=101')).statusCode).toBe(400);
    expect((await eco.get('/api/exchange/listings?mine=true')).json().code).toBe('NOT_A_COMPANY');
  });
});

describe('deals', () => {
  let manifestId = '', wrongClass = '', wrongReceiver = '', refused = '', dealId = '';

  /** A batch of `code` in the plant's ledger, handed to `receiverId` on a general industrial manifest. */
  const handOver = async (code: string, receiverId: string, tonnes: number, receive: Client | null, outcome: Record<string, unknown> = { receptionOutcome: 'accepted', receivedWeightT: tonnes }) => {
    const batch = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: code, physicalForm: '固态', containerType: '灰库', containerVolumeL: 1000, containerCount: 1, quantityT: tonnes });
    expect(batch.statusCode).toBe(201);
    const m = await power.post('/api/manifests/industrial', { batchIds: [batch.json().id], receiverId, plannedDate: today, purpose: '利用', vehiclePlate: '鲁P6F512' });
    expect(m.statusCode).toBe(201);
    if (receive) {
      expect((await power.post(`/api/manifests/${m.json().id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
      const received = await receive.post(`/api/manifests/${m.json().id}/sign`, { action: 'sign_reception', data: { treatmentMethod: 'C2', ...outcome } });
      expect(received.statusCode).toBe(200);
    }
    return m.json().id as string;
  };

  beforeAll(async () => {
    manifestId = await handOver('SW02', org['临清市建材新型墙材有限公司'], 60, bricks);
    wrongClass = await handOver('SW06', org['临清市建材新型墙材有限公司'], 20, null);
    wrongReceiver = await handOver('SW02', org['临清市绿源环保科技有限公司'], 10, null);
    refused = await handOver('SW02', org['临清市建材新型墙材有限公司'], 8, bricks, { receptionOutcome: 'refused', receivedWeightT: 0, refusalReason: '含水率超标' });
    expect((await bricks.get(`/api/manifests/${manifestId}`)).json().status).toBe('received');
    expect((await bricks.get(`/api/manifests/${refused}`)).json().status).toBe('refused');
  });

  const deal = (c: Client, body: Record<string, unknown> = {}) => c.post('/api/exchange/deals', {
    supplierId: org['华能临清热电有限公司'], buyerId: org['临清市建材新型墙材有限公司'], wasteClass: 'SW02', quantity: 60, agreedOn: today, ...body,
  });

  it('refuses a deal recorded by a company that is not a party, or by an official', async () => {
    const before = await count('exchange_deals');
    const outsider = await deal(bearing);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().message.zh).toContain('本单位');
    expect((await deal(eco)).statusCode).toBe(403);
    expect(await count('exchange_deals')).toBe(before);
  });

  it('refuses a wrong hand-over manifest and other bad deals, writing nothing', async () => {
    const before = await count('exchange_deals');
    const [construction] = (await db().execute<{ id: string }>(sql`SELECT id FROM manifests WHERE stream = 'construction' LIMIT 1`)).rows;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ manifestId: wrongReceiver }, 400, 'MANIFEST_NOT_BETWEEN_PARTIES'],
      [{ manifestId: construction.id }, 400, 'MANIFEST_NOT_BETWEEN_PARTIES'],
      [{ manifestId: '00000000-0000-4000-8000-000000000000' }, 400, 'MANIFEST_NOT_BETWEEN_PARTIES'],
      [{ manifestId: wrongClass }, 400, 'MANIFEST_CLASS'],
      [{ manifestId: refused }, 400, 'MANIFEST_REFUSED'],
      [{ buyerId: org['华能临清热电有限公司'] }, 400, 'DEAL_WITH_SELF'],
      [{ supplierId: org['临清市华宇机械配件有限公司'] }, 400, 'UNKNOWN_PARTY'],
      [{ agreedOn: shanghai(2) }, 400, 'FUTURE_DATE'],
      [{ wasteClass: 'SW98' }, 400, 'UNKNOWN_CODE'],
      [{ wasteClass: '900-249-08' }, 400, 'HAZARDOUS_CODE'],
      [{ quantity: -3 }, 400, 'VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await deal(bricks, body);
      expect({ body, status: res.statusCode, code: res.json().code }).toEqual({ body, status, code });
      expect(res.json().message.en).toMatch(/[a-z]/);
    }
    const reversed = await deal(power, { supplierId: org['临清市建材新型墙材有限公司'], buyerId: org['华能临清热电有限公司'], manifestId });
    expect(reversed.json().code).toBe('MANIFEST_NOT_BETWEEN_PARTIES');
    expect(await count('exchange_deals')).toBe(before);
  });

  it('records a deal with its manifest, by either party, and refuses the manifest a second time', async () => {
    const res = await deal(bricks, { manifestId, note: '首批60吨，已交接' });
    expect(res.statusCode).toBe(201);
    dealId = res.json().id;
    expect(res.json()).toMatchObject({ regionCode: '371581003', wasteClass: 'SW02', manifestId });
    const twice = await deal(power, { manifestId, quantity: 60 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'MANIFEST_USED', path: 'manifestId' });
    // Both parties see it, with the manifest's number; a third company does not.
    for (const c of [power, bricks]) {
      const mine = (await c.get('/api/exchange/deals')).json();
      expect(mine.items.find((d: { id: string }) => d.id === dealId)).toMatchObject({ supplierName: '华能临清热电有限公司', buyerName: '临清市建材新型墙材有限公司', className: '粉煤灰', unit: '吨', manifestNumber: expect.any(String) });
    }
    expect((await bearing.get('/api/exchange/deals')).json().items.map((d: { id: string }) => d.id)).not.toContain(dealId);
  });

  it('puts a manifest on one deal only, even when both parties record at the same moment', async () => {
    const second = await handOver('SW02', org['临清市建材新型墙材有限公司'], 15, null);
    const before = await count('exchange_deals');
    const results = await Promise.all([deal(power, { manifestId: second, quantity: 15 }), deal(bricks, { manifestId: second, quantity: 15 })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await count('exchange_deals')).toBe(before + 1);
    // Not today's deal for the totals below: move it back a month.
    await db().execute(sql`UPDATE exchange_deals SET agreed_on = agreed_on - 31 WHERE manifest_id = ${second}::uuid`);
  });

  it('records a deal that names its listings only when they belong to the parties and the class', async () => {
    const ownOffer = (await offer(power, { wasteClass: 'SW02', quantity: 800 })).json().id;
    const demand = (await bricks.post('/api/exchange/listings', { kind: 'demand', wasteClass: 'SW02', quantity: 800 })).json().id;
    expect((await deal(power, { offerListingId: demand })).json()).toMatchObject({ code: 'BAD_LISTING', path: 'offerListingId' });
    expect((await deal(power, { offerListingId: ownOffer, demandListingId: demand, wasteClass: 'SW03' })).json().code).toBe('BAD_LISTING');
    const res = await deal(power, { offerListingId: ownOffer, demandListingId: demand, quantity: 40 });
    expect(res.statusCode).toBe(201);
  });
});

describe('what the regulators see', () => {
  let guanxianDeal = '';

  beforeAll(async () => {
    const res = await guanxian.post('/api/exchange/deals', { supplierId: org['冠县冠华板材有限公司'], buyerId: org['临清市建材新型墙材有限公司'], wasteClass: 'SW03', quantity: 25, agreedOn: today });
    expect(res.statusCode).toBe(201);
    guanxianDeal = res.json().id;
    // A recycled-product deal in 临清: the housing bureau's, not ecology's.
    const product = await cwLinqing.post('/api/exchange/deals', { supplierId: org['临清市建筑垃圾资源化利用有限公司'], buyerId: org['临清市城建工程建设有限公司'], wasteClass: '再生骨料', quantity: 300, agreedOn: today });
    expect(product.statusCode).toBe(201);
  });

  const todays = `from=${today}&to=${today}`;

  it('shows the ecology bureau the waste deals of its area and their totals, not 冠县’s', async () => {
    const deals = (await eco.get(`/api/exchange/deals?${todays}`)).json();
    expect(deals.items.every((d: { regionCode: string; category: string }) => d.regionCode.startsWith('371581') && d.category === 'waste')).toBe(true);
    expect(deals.items.map((d: { wasteClass: string; quantity: number }) => [d.wasteClass, d.quantity]).sort()).toEqual([['SW02', 40], ['SW02', 60]]);
    const totals = (await eco.get(`/api/exchange/deals/totals?${todays}`)).json();
    expect(totals).toMatchObject({ deals: 2, tonnes: 100 });
    expect(totals.byClass).toEqual([expect.objectContaining({ wasteClass: 'SW02', className: '粉煤灰', deals: 2, quantity: 100, unit: '吨', category: 'waste' })]);
    expect(totals.byMonth).toEqual([{ month: today.slice(0, 7), deals: 2, tonnes: 100 }]);
    const guanxianView = (await ecoGuanxian.get(`/api/exchange/deals?${todays}`)).json();
    expect(guanxianView.items.map((d: { id: string }) => d.id)).toEqual([guanxianDeal]);
    expect((await ecoGuanxian.get(`/api/exchange/deals/totals?${todays}`)).json()).toMatchObject({ deals: 1, tonnes: 25 });
    expect((await eco.get(`/api/exchange/deals?from=${today}&to=${shanghai(-3)}`)).json().code).toBe('BAD_DATES');
  });

  it('shows the ecology bureau waste listings of its area only, with contacts', async () => {
    const board = (await eco.get('/api/exchange/listings?pageSize=100')).json();
    expect(board.total).toBeGreaterThan(0);
    expect(board.items.every((l: { category: string; regionCode: string }) => l.category === 'waste' && l.regionCode.startsWith('371581'))).toBe(true);
    expect(board.items.every((l: { contactShown: boolean }) => l.contactShown)).toBe(true);
    const guanxianBoard = (await ecoGuanxian.get('/api/exchange/listings?pageSize=100')).json();
    expect(guanxianBoard.items.length).toBeGreaterThan(0);
    expect(guanxianBoard.items.every((l: { regionCode: string }) => l.regionCode.startsWith('371525'))).toBe(true);
  });

  it('shows the housing bureau the recycled products and their deals, not the waste', async () => {
    const board = (await housing.get('/api/exchange/listings?pageSize=100')).json();
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.every((l: { category: string; regionCode: string }) => l.category === 'product' && l.regionCode.startsWith('371581'))).toBe(true);
    expect((await housing.get('/api/exchange/listings?category=waste')).json().total).toBe(0);
    const urban = await Client.login(t.app, 'urban.linqing');
    const urbanBoard = (await urban.get('/api/exchange/listings?pageSize=100')).json();
    expect(urbanBoard.total).toBe(board.total);
    expect(urbanBoard.items.every((l: { category: string }) => l.category === 'product')).toBe(true);
    const deals = (await housing.get(`/api/exchange/deals?${todays}`)).json();
    expect(deals.items.map((d: { wasteClass: string; unit: string; category: string }) => [d.wasteClass, d.category])).toEqual([['再生骨料', 'product']]);
    // The office of the county sees both.
    const all = (await office.get(`/api/exchange/deals/totals?${todays}`)).json();
    expect(all.byClass.map((c: { wasteClass: string }) => c.wasteClass).sort()).toEqual(['SW02', '再生骨料']);
    // A company sees no other company's deals, and a regulator reads no messages it was not sent.
    expect((await eco.get('/api/exchange/contacts')).statusCode).toBe(403);
  });
});

describe('再生产品供求信息, public', () => {
  let aggregate = '', bricksId = '';

  beforeAll(async () => {
    aggregate = (await offer(cwTianqiao, { category: 'product', wasteClass: '再生骨料', unit: '吨', quantity: 12000, title: '再生骨料（0-5、5-10、10-31.5mm）', priceYuan: 28 })).json().id;
    bricksId = (await offer(cwTianqiao, { category: 'product', wasteClass: '再生砖', unit: '万块', quantity: 150, title: '再生透水砖' })).json().id;
  });

  it('shows open product listings to anyone, without contact person or phone, and no waste', async () => {
    const anonymous = new Client(t.app, '10.9.9.9');
    const res = await anonymous.get('/api/public/recycled-products?pageSize=50');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const ids = body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([aggregate, bricksId]));
    expect(body.items.find((i: { id: string }) => i.id === bricksId)).toMatchObject({ product: '再生砖', unit: '万块', quantity: 150, organisationName: '济南天桥建筑垃圾资源化利用有限公司' });
    expect(body.items.every((i: object) => !('contactPhone' in i) && !('contactName' in i))).toBe(true);
    expect(res.body).not.toContain('0635-');
    const [{ n }] = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM exchange_listings WHERE category = 'waste'`)).rows;
    expect(n).toBeGreaterThan(0);
    expect(body.items.every((i: { product: string }) => !/^SW\d{2}$/.test(i.product))).toBe(true);
    const kinds = (await anonymous.get('/api/public/recycled-products/kinds')).json().items.map((k: { product: string }) => k.product);
    expect(kinds).toEqual(expect.arrayContaining(['再生骨料', '再生砖']));
    const onlyBricks = (await anonymous.get(`/api/public/recycled-products?product=${encodeURIComponent('再生砖')}`)).json();
    expect(onlyBricks.items.every((i: { product: string }) => i.product === '再生砖')).toBe(true);
  });

  it('pages the public list and refuses an oversized page', async () => {
    const anonymous = new Client(t.app, '10.9.9.10');
    const all = (await anonymous.get('/api/public/recycled-products?pageSize=50')).json();
    expect(all.total).toBeGreaterThanOrEqual(3);
    const p1 = (await anonymous.get('/api/public/recycled-products?pageSize=1&page=1')).json();
    const p2 = (await anonymous.get('/api/public/recycled-products?pageSize=1&page=2')).json();
    expect(p1).toMatchObject({ total: all.total, page: 1, pageSize: 1 });
    expect([p1.items[0].id, p2.items[0].id]).toEqual(all.items.slice(0, 2).map((i: { id: string }) => i.id));
    expect((await anonymous.get('/api/public/recycled-products?pageSize=51')).statusCode).toBe(400);
    // A closed listing leaves the public page.
    await cwTianqiao.post(`/api/exchange/listings/${bricksId}/close`);
    expect((await anonymous.get('/api/public/recycled-products?pageSize=50')).json().items.map((i: { id: string }) => i.id)).not.toContain(bricksId);
  });

  it('needs a login for the board itself', async () => {
    expect((await new Client(t.app, '10.9.9.11').get('/api/exchange/listings')).statusCode).toBe(401);
  });
});
