import http from 'node:http';
import os from 'node:os';
import dns from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { loadConfig } from '../../src/server/config';
import { webhookUrlProblem, isPrivateAddress } from '../../src/server/webhooks/url-guard';
import { sendWebhook } from '../../src/server/webhooks/transport';

// Webhook URLs that would make the platform call itself or a private network (SSRF), and other URLs it
// cannot use (issue 5): each is refused with a 400 naming the problem in both languages, and no
// subscription (nor its audit entry) is written.
let t: TestApp;
let transporter: Client;
const db = () => t.database.db;
const { port } = loadConfig();
// Where this machine's own name leads: on Debian and in containers, a loopback or private address.
const machine = await dns.lookup(os.hostname(), { all: true }).catch(() => []);
const count = async () => Number((await db().execute<{ n: number }>(sql`SELECT (SELECT count(*) FROM webhook_subscriptions) + (SELECT count(*) FROM audit_log WHERE action = 'webhook.subscribe') AS n`)).rows[0].n);

beforeAll(async () => {
  t = await startTestApp();
  transporter = await Client.login(t.app, 'transporter.demo');
});
afterAll(async () => { await t.close(); });

async function expectRefused(url: string, code: string, headers: Record<string, string> = {}) {
  const before = await count();
  const res = await transporter.post('/api/webhooks', { url, events: ['manifest.signed', 'alarm.raised'] }, headers);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
  const body = res.json();
  expect(body.code, url).toBe(`WEBHOOK_URL_${code}`);
  expect(body.path).toBe('url');
  expect(body.message.zh.length).toBeGreaterThan(6);
  expect(body.message.en.length).toBeGreaterThan(20);
  expect(await count()).toBe(before);
  return body.message as { zh: string; en: string };
}

describe('the platform itself', () => {
  it('refuses the host and port the platform is called by', async () => {
    const message = await expectRefused('https://wufei.example.gov.cn/api/health', 'SELF', { host: 'wufei.example.gov.cn' });
    expect(message).toEqual({ zh: '不能推送到本平台自身', en: 'Webhooks cannot point at this platform itself' });
    await expectRefused('https://wufei.example.gov.cn:8443/api/auth/login', 'SELF', { host: 'wufei.example.gov.cn' });
  });

  it.each(['http://localhost/hook', `http://localhost:${port}/api/health`, 'http://LOCALHOST./hook', 'http://api.localhost/hook'])('refuses %s', async (url) => {
    await expectRefused(url, 'SELF');
  });

  it.each([`http://127.0.0.1:${port}/api/health`, `http://[::1]:${port}/api/health`])('refuses its own port on a loopback address (%s) even when loopback hosts are allowed', async (url) => {
    process.env.WUFEI_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${port},[::1]:${port}`;
    try {
      await expectRefused(url, 'SELF');
    } finally {
      delete process.env.WUFEI_WEBHOOK_ALLOW_HOSTS;
    }
  });
});

describe('loopback and private addresses', () => {
  it.each([
    'http://127.0.0.1/hook', 'http://127.1/hook', 'http://0x7f000001/hook', 'http://2130706433/hook', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://0.0.0.0/hook',
  ])('refuses the loopback address %s, however it is spelt', async (url) => {
    const message = await expectRefused(url, 'PRIVATE');
    expect(message.zh).toContain('公网');
  });

  it.each([
    'https://10.0.0.8/hook', 'https://10.255.1.2:8443/hook', 'https://192.168.1.20/hook', 'https://172.16.0.5/hook', 'https://172.31.255.1/hook',
    'http://169.254.169.254/latest/meta-data', 'https://100.64.0.1/hook', 'https://[fc00::1]/hook', 'https://[fd12:3456::1]/hook', 'https://[fe80::1]/hook',
  ])('refuses the private or link-local address %s', async (url) => {
    await expectRefused(url, 'PRIVATE');
  });
});

describe('URLs that are not plain http(s)', () => {
  it.each(['ftp://93.184.216.34/hook', 'file:///etc/passwd', 'gopher://93.184.216.34:70/', 'javascript:alert(1)', 'not a url', '//93.184.216.34/hook'])('refuses %s', async (url) => {
    const message = await expectRefused(url, 'SCHEME');
    expect(message.en).toContain('http://');
  });

  it('refuses a URL with a user name or password in it', async () => {
    await expectRefused('https://erp:secret@93.184.216.34/hook', 'CREDENTIALS');
    await expectRefused('https://token@93.184.216.34/hook', 'CREDENTIALS');
  });
});

describe('host names', () => {
  it('refuses a name that does not resolve', async () => {
    const message = await expectRefused('https://no-such-host.invalid/hook', 'UNRESOLVABLE');
    expect(message.en).toContain('does not resolve');
  });

  // Names are resolved and every address must be public (a DNS answer is the outside world's, so it is given here).
  it('refuses a name any of whose addresses is private', async () => {
    expect(await webhookUrlProblem('https://erp.example.com/hook', [], async () => ['10.20.30.40'])).toBe('PRIVATE');
    expect(await webhookUrlProblem('https://erp.example.com/hook', [], async () => ['93.184.216.34', 'fd00::7'])).toBe('PRIVATE');
    expect(await webhookUrlProblem('https://erp.example.com/hook', [], async () => ['93.184.216.34'])).toBeNull();
  });

  it.runIf(machine.length > 0 && machine.every((a) => isPrivateAddress(a.address)))(`refuses this machine’s own name (${os.hostname()}), which resolves to a private address`, async () => {
    await expectRefused(`http://${os.hostname()}/hook`, 'PRIVATE');
  });

  it('does not connect when a name resolves to a private address by the time of delivery', async () => {
    // A listening endpoint on this machine, reached by name ("localhost" resolves to 127.0.0.1).
    const hits: string[] = [];
    const server = http.createServer((req, res) => { hits.push(req.url ?? ''); res.writeHead(204).end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(sendWebhook(`http://localhost:${endpoint.split(':')[1]}/by-name`, '{}', {})).rejects.toThrow(/private address/);
      expect(hits).toEqual([]);
      // The same endpoint is reachable: what stopped the first request was the guard.
      expect(await sendWebhook(`http://${endpoint}/by-address`, '{}', {})).toBe(204);
      expect(hits).toEqual(['/by-address']);
    } finally {
      server.close();
    }
  });
});

describe('the rest of the form', () => {
  it('refuses no events, unknown events and over-long URLs, writing nothing', async () => {
    const before = await count();
    for (const body of [
      { url: 'https://93.184.216.34/hook', events: [] },
      { url: 'https://93.184.216.34/hook', events: ['manifest.deleted'] },
      { url: `https://93.184.216.34/${'a'.repeat(500)}`, events: ['manifest.signed'] },
      { url: 'https://93.184.216.34/hook', events: ['manifest.signed'], organisationId: '00000000-0000-0000-0000-000000000000' },
    ]) {
      const res = await transporter.post('/api/webhooks', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().message.zh).toMatch(/^输入有误/);
    }
    expect(await count()).toBe(before);
  });

  it('accepts a public address, as a control for the refusals above', async () => {
    const before = await count();
    const res = await transporter.post('/api/webhooks', { url: 'https://93.184.216.34/wufei/events', events: ['manifest.signed'] });
    expect(res.statusCode).toBe(201);
    expect(await count()).toBe(before + 2);
  });
});
