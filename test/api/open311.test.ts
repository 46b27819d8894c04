import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

// An Open311 app written from the GeoReport v2 specification (http://wiki.open311.org/GeoReport_v2),
// not from our code: it finds the endpoint through discovery.json, lists services, posts a request
// as a form with its api_key, resolves the token to the request id, reads the request and filters
// the list. Reading needs no key and never shows the reporter's contact; errors come as Open311's
// array of {code, description}.

let t: TestApp;

/** The spec's client: every answer JSON, POST as application/x-www-form-urlencoded. */
class Open311Client {
  base = '';
  constructor(private readonly app: TestApp['app'], private readonly apiKey: string) {}
  private async call(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const url = path.startsWith('http') ? new URL(path).pathname + new URL(path).search : path;
    const res = await this.app.inject({
      method, url, ...(form ? { payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
    return { status: res.statusCode, body: res.json(), text: res.body, type: String(res.headers['content-type']) };
  }
  async discover() {
    const d = await this.call('GET', '/open311/v2/discovery.json');
    const endpoint = d.body.endpoints.find((e: { specification: string; formats: string[] }) => e.specification === 'http://wiki.open311.org/GeoReport_v2' && e.formats.includes('application/json'));
    this.base = new URL(endpoint.url).pathname;
    return d;
  }
  services() { return this.call('GET', `${this.base}/services.json`); }
  service(code: string) { return this.call('GET', `${this.base}/services/${code}.json`); }
  submit(fields: Record<string, string>) { return this.call('POST', `${this.base}/requests.json`, { api_key: this.apiKey, ...fields }); }
  token(token: string) { return this.call('GET', `${this.base}/tokens/${token}.json`); }
  request(id: string) { return this.call('GET', `${this.base}/requests/${id}.json`); }
  requests(filter: Record<string, string> = {}) { return this.call('GET', `${this.base}/requests.json?${new URLSearchParams(filter)}`); }
}

let client: Open311Client;
let keyless: Open311Client;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await Client.login(t.app, 'producer.demo');
  const res = await admin.post('/api/tokens', { name: '12345热线Open311', scopes: ['complaints:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  expect(res.statusCode, res.body).toBe(201);
  client = new Open311Client(t.app, res.json().secret);
  const other = await admin.post('/api/tokens', { name: '只读', scopes: ['organisation:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  keyless = new Open311Client(t.app, other.json().secret);
  await keyless.discover();
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('an Open311 GeoReport v2 client', () => {
  let requestId = '';
  let token = '';

  it('finds the endpoint and the services', async () => {
    const d = await client.discover();
    expect(d.status).toBe(200);
    expect(client.base).toBe('/open311/v2');
    const services = await client.services();
    expect(services.type).toContain('application/json');
    const codes = services.body.map((s: { service_code: string }) => s.service_code);
    expect(codes).toEqual(expect.arrayContaining(['illegal_dumping', 'burning', 'missed_collection', 'polluting_site']));
    for (const s of services.body) expect(s).toMatchObject({ metadata: false, type: 'realtime', service_name: expect.any(String) });
    expect((await client.service('illegal_dumping')).body).toEqual({ service_code: 'illegal_dumping', attributes: [] });
    const unknown = await client.service('noise');
    expect(unknown.status).toBe(404);
    expect(unknown.body[0]).toMatchObject({ code: 404, description: expect.stringContaining('/') });
  });

  it('posts a request with its api_key and gets an id and a token', async () => {
    const res = await client.submit({
      service_code: 'illegal_dumping', jurisdiction_id: '371581002', lat: '36.8321', long: '115.7240', address_string: '临清市新华路街道运河西岸',
      description: '河边有人倾倒建筑垃圾', first_name: '明', last_name: '李', phone: '13800001111', email: 'li@example.cn',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toHaveLength(1);
    requestId = res.body[0].service_request_id;
    token = res.body[0].token;
    expect(requestId).toMatch(/^TS\d{13}$/);
    expect(token).toMatch(/^[0-9a-f]{24}$/);
  });

  it('resolves the token and reads the request, without the contact', async () => {
    const byToken = await client.token(token);
    expect(byToken.body).toEqual([{ service_request_id: requestId, token }]);
    const one = await client.request(requestId);
    expect(one.status).toBe(200);
    expect(one.body[0]).toMatchObject({
      service_request_id: requestId, status: 'open', service_code: 'illegal_dumping', lat: 36.8321, long: 115.724, address: '临清市新华路街道运河西岸', description: '河边有人倾倒建筑垃圾',
      agency_responsible: expect.stringContaining('生态环境'),
    });
    expect(Date.parse(one.body[0].requested_datetime)).not.toBeNaN();
    for (const leak of ['13800001111', 'li@example.cn', '李明']) expect(one.text).not.toContain(leak);
  });

  it('filters the list by service, status and request ids; the demo’s contacts never appear', async () => {
    const open = await client.requests({ service_code: 'illegal_dumping', status: 'open' });
    expect(open.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(requestId);
    expect(open.body.every((r: { status: string; service_code: string }) => r.status === 'open' && r.service_code === 'illegal_dumping')).toBe(true);
    const closed = await client.requests({ status: 'closed', start_date: new Date(Date.now() - 200 * 86_400_000).toISOString() });
    expect(closed.body.length).toBeGreaterThan(10);
    expect(closed.body.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(requestId);
    expect(closed.text).not.toMatch(/1[3-9]\d{9}/);
    const byId = await client.requests({ service_request_id: `${requestId},${closed.body[0].service_request_id}` });
    expect(byId.body).toHaveLength(2);
  });

  it('refuses a post without a place, with a wrong key or without the scope, in the Open311 error format', async () => {
    const before = (await client.requests({ service_code: 'burning' })).body.length;
    const noPlace = await client.submit({ service_code: 'burning', jurisdiction_id: '371581002', description: '村口有人烧垃圾' });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body).toEqual([{ code: 400, description: expect.stringContaining('lat/long'), message: { zh: expect.any(String), en: expect.any(String) }, field: 'location' }]);
    const unknown = await client.submit({ service_code: 'noise', lat: '36.8', long: '115.7', description: '噪声扰民问题' });
    expect(unknown.body[0]).toMatchObject({ code: 400, field: 'service_code' });
    const scope = await keyless.submit({ service_code: 'burning', lat: '36.8', long: '115.7', description: '村口有人烧垃圾' });
    expect(scope.status).toBe(403);
    const stranger = new Open311Client(t.app, 'wf_AAAAAAAA_nottherightsecretatall123');
    await stranger.discover();
    const wrong = await stranger.submit({ service_code: 'burning', lat: '36.8', long: '115.7', description: '村口有人烧垃圾' });
    expect(wrong.status).toBe(403);
    expect(wrong.body[0].field).toBe('api_key');
    expect((await client.requests({ service_code: 'burning' })).body.length).toBe(before);
  });

  it('answers an unknown request id with a 404 in the Open311 format', async () => {
    const res = await client.request('TS2026010100000');
    expect(res.status).toBe(404);
    expect(res.body[0].code).toBe(404);
  });
});
