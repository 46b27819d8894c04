import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

// What the store page's industrial tab reads: SW batches apart from hazardous ones, bulk waste
// without a container volume, and the companies a hand-over may go to.
let t: TestApp;
let power: Client;
/** What the power plant had in store as the demo left it. */
const storeBefore = { industrial: 0, hazardous: 0 };

beforeAll(async () => {
  t = await startTestApp();
  power = await Client.login(t.app, 'power.demo');
  storeBefore.industrial = (await power.get('/api/ledger/store?stream=industrial&pageSize=1')).json().total;
  storeBefore.hazardous = (await power.get('/api/ledger/store?stream=hazardous&pageSize=1')).json().total;
});
afterAll(async () => { await t.close(); });

describe('the industrial store', () => {
  it('records bulk fly ash without a container volume, but not a hazardous drum', async () => {
    const ash = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerCount: 1, quantityT: 80, storageFacility: '1号灰库' });
    expect(ash.statusCode).toBe(201);
    expect(ash.json()).toMatchObject({ stream: 'industrial', containerVolumeL: 0, storageFacility: '1号灰库' });
    const drum = await power.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerCount: 1, quantityT: 0.2 });
    expect(drum.statusCode).toBe(400);
    expect(drum.json()).toMatchObject({ path: 'containerVolumeL', message: { zh: expect.stringContaining('容器容积') } });
  });

  it('lists each stream apart, paged on the server', async () => {
    await power.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.2 });
    // Besides the demo year's gypsum in store, oldest first: the 80 t of fly ash above is the newest, on the last page.
    const industrial = (await power.get('/api/ledger/store?stream=industrial&pageSize=1')).json();
    expect(industrial).toMatchObject({ total: storeBefore.industrial + 1, pageSize: 1 });
    const newest = (await power.get(`/api/ledger/store?stream=industrial&pageSize=1&page=${industrial.total}`)).json();
    expect(newest.items[0]).toMatchObject({ wasteCode: 'SW02', inStoreT: 80 });
    const hazardous = (await power.get('/api/ledger/store?stream=hazardous')).json();
    expect(hazardous.total).toBe(storeBefore.hazardous + 1);
    expect(hazardous.items.every((b: { wasteCode: string }) => !b.wasteCode.startsWith('SW'))).toBe(true);
    expect((await power.get('/api/ledger/store?stream=medical')).statusCode).toBe(400);
  });

  it('offers utilisers and recyclers as receivers, searchable, and only to a logged-in user', async () => {
    const all = (await power.get('/api/ledger/industrial-receivers?pageSize=100')).json();
    const names = all.items.map((r: { name: string }) => r.name);
    expect(names).toContain('临清市建材新型墙材有限公司');
    expect(names).not.toContain('临清市人民医院');
    expect(names).not.toContain('华能临清热电有限公司');
    const found = (await power.get(`/api/ledger/industrial-receivers?q=${encodeURIComponent('墙材')}`)).json();
    expect(found.items.map((r: { name: string }) => r.name)).toEqual(['临清市建材新型墙材有限公司']);
    expect((await new Client(t.app).get('/api/ledger/industrial-receivers')).statusCode).toBe(401);
  });
});
