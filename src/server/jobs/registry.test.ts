import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { everyMinutes, platformJobs } from './registry';

describe('the job registry', () => {
  it('turns an export period into a cron step: minutes under an hour, whole hours above', () => {
    expect(everyMinutes(1)).toEqual({ cron: '*/1 * * * *', periodSeconds: 60 });
    expect(everyMinutes(15)).toEqual({ cron: '*/15 * * * *', periodSeconds: 900 });
    expect(everyMinutes(120)).toEqual({ cron: '0 */2 * * *', periodSeconds: 7200 });
    expect(everyMinutes(0.2)).toEqual({ cron: '*/1 * * * *', periodSeconds: 60 });
  });

  it('lists each job once, and the audit export only when it is switched on', () => {
    const names = (minutes: string) => platformJobs(loadConfig({ WUFEI_AUDIT_EXPORT_MINUTES: minutes })).map((j) => j.name);
    expect(names('15')).toEqual(['audit-seal', 'ledger-fold', 'webhook-delivery', 'periodic-scan', 'daily-backup', 'partition-maintenance', 'audit-export']);
    expect(names('0')).not.toContain('audit-export');
    expect(new Set(names('15')).size).toBe(names('15').length);
  });

  it('reads WUFEI_WORKERS, at least one, the number of cores when unset', () => {
    expect(loadConfig({ WUFEI_WORKERS: '3' }).workers).toBe(3);
    expect(loadConfig({ WUFEI_WORKERS: '0' }).workers).toBe(1);
    expect(loadConfig({}).workers).toBeGreaterThanOrEqual(1);
  });
});
