import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { PARTITIONED } from './partitions';
import { MAX_AGE_DAYS as GPS_MAX_AGE_DAYS } from '../telemetry/service';
import { MAX_AGE_DAYS as TICKET_MAX_AGE_DAYS } from '../household/weighbridge';

describe('retention settings', () => {
  it('keeps 36 months of GPS and 120 of weighbridge tickets unless told otherwise', () => {
    expect(loadConfig({}).retention).toEqual({ vehicle_positions: 36, weighbridge_tickets: 120 });
    expect(loadConfig({ WUFEI_RETENTION_GPS_MONTHS: '12', WUFEI_RETENTION_WEIGHBRIDGE_MONTHS: '60' }).retention).toEqual({ vehicle_positions: 12, weighbridge_tickets: 60 });
  });

  it('refuses a retention below the floor, saying why, and never reads "undefined"', () => {
    expect(() => loadConfig({ WUFEI_RETENTION_GPS_MONTHS: '3' })).toThrow(/WUFEI_RETENTION_GPS_MONTHS=3 is below the floor of 6 months: .*six months/);
    expect(() => loadConfig({ WUFEI_RETENTION_WEIGHBRIDGE_MONTHS: '24' })).toThrow(/below the floor of 38 months: tickets may be posted or corrected up to 1098 days late/);
    expect(() => loadConfig({ WUFEI_RETENTION_GPS_MONTHS: 'ten' })).toThrow(/whole number of months/);
    for (const env of [{ WUFEI_RETENTION_GPS_MONTHS: '3' }, { WUFEI_RETENTION_WEIGHBRIDGE_MONTHS: '1' }]) {
      expect(() => loadConfig(env)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('undefined') }));
    }
  });

  it('creates the months as far back as ingestion accepts (the windows copied from the services agree)', () => {
    const windows = Object.fromEntries(PARTITIONED.map((t) => [t.table, t.maxAgeDays]));
    expect(windows).toEqual({ vehicle_positions: GPS_MAX_AGE_DAYS, weighbridge_tickets: TICKET_MAX_AGE_DAYS });
    // The floor covers the window: a month ingestion still writes to is never dropped.
    for (const t of PARTITIONED) expect(t.floorMonths * 30).toBeGreaterThan(t.maxAgeDays + 30);
  });
});
