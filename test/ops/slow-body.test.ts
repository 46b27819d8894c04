import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsServer } from './server';

// Issue 19, finding 8: a client that sends the headers and then dribbles the body is cut off once
// WUFEI_REQUEST_TIMEOUT_MS has passed, instead of holding a connection for ever.
const LIMIT_MS = 2_000;
let ops: OpsServer;
beforeAll(async () => {
  ops = new OpsServer({ WUFEI_REQUEST_TIMEOUT_MS: String(LIMIT_MS) });
  await ops.start(150_000);
});
afterAll(async () => { await ops?.stop(); });

/** Sends a request whose body comes one byte every 100 ms; resolves when the server closes the connection, or after `give` ms. */
function dribble(give: number): Promise<{ closedAfter: number | null; answer: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(ops.port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedAfter: closed ? Date.now() - started : null, answer });
    };
    const giveUp = setTimeout(() => finish(false), give);
    socket.on('data', (chunk) => { answer += chunk.toString(); });
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write('POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
      timer = setInterval(() => { if (sent++ < 1000) socket.write(' '); }, 100);
    });
  });
}

describe('request timeouts (finding 8)', () => {
  it('closes a slowly sent body with 408 within the request limit', async () => {
    const { closedAfter, answer } = await dribble(LIMIT_MS + 8_000);
    expect(closedAfter, 'the connection was still open').not.toBeNull();
    expect(closedAfter!).toBeLessThan(LIMIT_MS + 3_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('still answers a request that arrives in time', async () => {
    const res = await fetch(`${ops.base}/api/health`);
    expect(res.status).toBe(200);
  });
});
