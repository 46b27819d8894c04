import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('login and sessions', () => {
  it('answers health once the database is there', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('logs in a demo account and sets an httpOnly SameSite session cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'office.linqing', password: 'wufei-demo' } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/wufei_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = res.json();
    expect(me.region.name).toBe('临清市');
    expect(me.permissions).toContain('organisations.verify');
  });

  it('refuses a wrong password with a message in Chinese and English', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'eco.linqing', password: 'nope-nope-nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'BAD_CREDENTIALS', message: { zh: '用户名或密码错误（连续失败5次，账号将锁定15分钟）', en: 'Wrong username or password (5 failures in a row lock the account for 15 minutes)' } });
  });

  it('locks an account after five failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.9.0.${i}`, payload: { username: 'urban.linqing', password: `wrong-${i}-xxxxx` } });
      expect(res.statusCode).toBe(401);
    }
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.0.99', payload: { username: 'urban.linqing', password: 'wufei-demo' } });
    // Refused as a wrong password is (issue 19): a distinct answer would tell which accounts exist.
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('BAD_CREDENTIALS');
  });

  it('rate-limits one address trying many logins', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.8.8.8', payload: { username: `nobody${i}`, password: 'x' } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('refuses a write without the CSRF token even with a valid session', async () => {
    const client = await Client.login(t.app, 'eco.linqing');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: client.cookie }, payload: { currentPassword: 'wufei-demo', newPassword: 'another-password-1' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF');
  });

  it('changes a password, ending the other sessions', async () => {
    const first = await Client.login(t.app, 'receiver.demo');
    const second = await Client.login(t.app, 'receiver.demo');
    const res = await first.post('/api/auth/password', { currentPassword: 'wufei-demo', newPassword: 'receiver-new-pass' });
    expect(res.statusCode).toBe(204);
    expect((await first.get('/api/auth/me')).statusCode).toBe(200);
    expect((await second.get('/api/auth/me')).statusCode).toBe(401);
    await Client.login(t.app, 'receiver.demo', 'receiver-new-pass');
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});
