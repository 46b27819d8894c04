import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { treeCpuSeconds } from '../../bench/support';

// The manifest benchmark's server CPU per step reads the server's whole process tree: worker
// processes (WUFEI_WORKERS) must count, whether still running or already exited.
const burn = (ms: number) => new Promise<number>((resolve, reject) => {
  const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${ms}; while (Date.now() < end);`], { stdio: 'ignore' });
  child.on('error', reject);
  child.on('exit', () => resolve(child.pid!));
});

describe.runIf(process.platform === 'linux')('the benchmark\'s CPU reading', () => {
  it('counts the CPU of child processes that have exited', async () => {
    const before = treeCpuSeconds(process.pid)!;
    await burn(400);
    const after = treeCpuSeconds(process.pid)!;
    // 400 ms of busy loop in the child; clock ticks are 10 ms and the machine may be shared.
    expect(after - before).toBeGreaterThan(0.2);
  }, 20_000);

  it('is null for a process that is not there', () => {
    expect(treeCpuSeconds(2 ** 22 + 12345)).toBeNull();
  });
});
