import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { getRoutes } from '../support/feeds';

// Issue 19, finding 6: a machine token reads only what its scopes name. A token made for a GPS box
// (telemetry:write) is refused on every read route of the app that is not public; a token with the
// read scope of an area reads that area. The route table comes from the app itself, so a new read
// route is probed the day it is added.

let t: TestApp;
let address = '';
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  address = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);
afterAll(async () => { await t?.close(); });

async function tokenOf(username: string, scopes: string[]) {
  const admin = await Client.login(t.app, username);
  const res = await admin.post('/api/tokens', { name: `scopes ${crypto.randomUUID().slice(0, 8)}`, scopes, expiresAt: inADay() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().secret as string;
}

/** A plausible value for a path parameter, so that a refusal is about the scope, not the address. */
const PARAM: Record<string, string> = { catalogue: 'hazardous', code: '371581', name: 'x', slug: 'x', stream: 'hazardous', token: 'x', year: '2026' };
const urlOf = (route: string) => route.slice(4).replace(/:([a-zA-Z]+)/g, (_, name: string) => PARAM[name] ?? crypto.randomUUID());

/** The status of a GET over a real connection; a stream that starts is cut once its headers are in. */
async function statusOf(url: string, secret?: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  try {
    const res = await fetch(`${address}${url}`, { headers: secret ? { authorization: `Bearer ${secret}` } : {}, signal: controller.signal });
    controller.abort();
    return res.status;
  } finally {
    clearTimeout(timer);
  }
}

/** GET routes that answer without a login (public pages, documentation, health, the portal). */
async function protectedRoutes() {
  const routes = getRoutes(t.app).filter((r) => r.startsWith('GET /api/') && !r.startsWith('GET /api/docs'));
  const out: string[] = [];
  for (const route of routes) if ((await statusOf(urlOf(route))) === 401) out.push(route);
  return out;
}

// What a telemetry:write token may read besides writing positions: who it is.
const TELEMETRY_READS = new Set(['GET /api/tokens/whoami']);

describe('token scopes limit reads', () => {
  it('refuses a telemetry:write token on every read route but its own', async () => {
    const gps = await tokenOf('transporter.demo', ['telemetry:write']);
    const routes = await protectedRoutes();
    expect(routes.length).toBeGreaterThan(100);
    const leaks: string[] = [];
    for (const route of routes) {
      if (TELEMETRY_READS.has(route)) continue;
      const status = await statusOf(urlOf(route), gps);
      if (status !== 403) leaks.push(`${route} → ${status}`);
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it('lets a token read the areas its scopes name, and only those', async () => {
    const expectStatuses = async (secret: string, expected: Record<string, number>) => {
      const got: Record<string, number> = {};
      for (const url of Object.keys(expected)) got[url] = await statusOf(url, secret);
      expect(got).toEqual(expected);
    };
    const manifestsReader = await tokenOf('producer.demo', ['manifests:read']);
    const list = await fetch(`${address}/api/manifests`, { headers: { authorization: `Bearer ${manifestsReader}` } });
    const manifest = (await list.json()).items[0].id as string;
    await expectStatuses(manifestsReader, {
      '/api/manifests': 200, [`/api/manifests/${manifest}`]: 200, [`/api/manifests/${manifest}/track`]: 200, [`/api/manifests/${manifest}/chain`]: 200,
      '/api/alarms': 200, '/api/ledger/store': 200, '/api/catalogues': 200, '/api/telemetry/live': 403, '/api/notifications': 403,
    });
    await expectStatuses(await tokenOf('producer.demo', ['ledger:read']), {
      '/api/ledger/store': 200, '/api/ledger/movements': 200, '/api/catalogues': 200, '/api/manifests': 403, [`/api/manifests/${manifest}`]: 403, '/api/alarms': 403,
    });
    await expectStatuses(await tokenOf('producer.demo', ['alarms:read']), {
      '/api/alarms': 200, '/api/alarms/stream': 200, '/api/manifests': 403, '/api/ledger/store': 403, '/api/catalogues': 403,
    });
    // The live map is the officials' (who hold no tokens): a company's telemetry:read token reads the tracks of its manifests.
    await expectStatuses(await tokenOf('producer.demo', ['telemetry:read']), {
      [`/api/manifests/${manifest}/track`]: 200, '/api/telemetry/live': 403, '/api/manifests': 403, [`/api/manifests/${manifest}`]: 403, '/api/alarms': 403,
    });
    await expectStatuses(await tokenOf('producer.demo', ['catalogues:read']), {
      '/api/catalogues': 200, '/api/catalogues/hazardous/entries': 200, '/api/manifests': 403, '/api/ledger/store': 403,
    });
  }, 120_000);
});
