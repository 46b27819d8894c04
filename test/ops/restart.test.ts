import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsServer, health, startWithAdmin, waitFor, writeLoad, type Session } from './server';

// Issue 19, findings 1 and 2: a crash of either process heals by itself.
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const running = (ops: OpsServer) => ops.current!.child.exitCode === null && ops.current!.child.signalCode === null;

let ops: OpsServer;
let session: Session;
beforeAll(async () => { ({ ops, session } = await startWithAdmin()); });
afterAll(async () => { await ops?.stop(); });

describe('start-up after a crash (finding 1)', () => {
  it('starts again after the server alone was killed (kill -9), stopping the PostgreSQL it left and saying so', async () => {
    const leftover = ops.postmasterPid();
    await ops.killServer();
    expect(alive(leftover)).toBe(true);
    const again = await ops.start();
    expect(again.output()).toContain(`left running by an earlier Wufei process (PID ${leftover}`);
    expect(again.output()).toContain(`stopped the leftover PostgreSQL (PID ${leftover})`);
    expect(again.output()).not.toMatch(/undefined/);
    expect(alive(leftover)).toBe(false);
    expect(await health(ops.base)).toBe(200);
  });

  it('starts over a stale postmaster.pid that names a live process which is not PostgreSQL (a reused PID)', async () => {
    ops.current!.child.kill('SIGINT');
    await ops.current!.exited;
    const pidFile = path.join(ops.databaseDir, 'postmaster.pid');
    expect(fs.existsSync(pidFile), `postmaster.pid left after a stop; the server said:\n${ops.current!.output().slice(-3000)}`).toBe(false);
    // A live process that is not PostgreSQL, as after a reboot reused the PID: run by PostgreSQL's own
    // user, as PostgreSQL only counts processes it may signal.
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { ...ids, stdio: 'ignore' });
    try {
      fs.writeFileSync(pidFile, `${other.pid}\n${ops.databaseDir}\n1700000000\n5432\n/tmp\n127.0.0.1\n  0 0\nready   \n`);
      const again = await ops.start();
      expect(again.output()).toContain(`names PID ${other.pid}, which is not a PostgreSQL on this folder`);
      expect(await health(ops.base)).toBe(200);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses, in words, to start on a folder whose PostgreSQL belongs to a running server', async () => {
    const second = new OpsServer({}, ops.dataDir);
    await expect(second.start()).rejects.toThrow(/another process \(PID \d+\) runs the embedded PostgreSQL/);
    expect(running(ops)).toBe(true);
  });
});

describe('a dropped database connection (finding 2)', () => {
  it('stays up and keeps answering when the backends serving it are terminated under load', async () => {
    const load = writeLoad(ops, session, 4, 10_000);
    const admin = ops.database(1);
    try {
      for (let round = 0; round < 8; round++) {
        const before = load.acknowledged.length;
        await waitFor('writes between terminations', () => load.acknowledged.length >= before + 5, 30_000, 50);
        await admin.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'wufei' AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
      }
      const after = load.acknowledged.length;
      await waitFor('writes after the last termination', () => load.acknowledged.length >= after + 10, 30_000, 50);
    } finally {
      await load.stop();
      await admin.close();
    }
    expect(running(ops), ops.current!.output()).toBe(true);
    expect(ops.current!.output()).not.toMatch(/Unhandled 'error' event/);
    // Only requests on a terminated connection may fail, and then as 503, never 500.
    expect([...load.failures.keys()].filter((status) => status !== '503')).toEqual([]);
    expect(await health(ops.base)).toBe(200);
  });

  it('reports the database as down while PostgreSQL is down, starts it again and is up after, without crashing', async () => {
    const load = writeLoad(ops, session, 2, 20_000);
    try {
      await waitFor('some writes', () => load.acknowledged.length >= 5, 30_000, 50);
      process.kill(ops.postmasterPid(), 'SIGKILL');
      const down = await waitFor('health to report the database down', async () => {
        const res = await fetch(`${ops.base}/api/health`, { signal: AbortSignal.timeout(8_000) });
        return res.status === 503 ? res.json() : null;
      }, 20_000, 50);
      expect(down).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      await waitFor('health to be up again', async () => (await health(ops.base)) === 200, 60_000);
      const after = load.acknowledged.length;
      await waitFor('writes after the restart', () => load.acknowledged.length >= after + 5, 30_000, 50);
    } finally {
      await load.stop();
    }
    expect(running(ops), ops.current!.output()).toBe(true);
    expect(ops.current!.output()).toMatch(/stopped unexpectedly \(SIGKILL\); starting it again/);
  });
});
