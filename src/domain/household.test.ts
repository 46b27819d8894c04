import { describe, expect, it } from 'vitest';
import { checkTicket, incinerationShare, sortingCovered, splitByMonths } from './household';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+08:00`);

describe('a weighbridge ticket', () => {
  const good = { grossT: 18.42, tareT: 11.3, netT: 7.12, inAt: at('08:10'), outAt: at('08:24') };

  it('holds together when net is gross minus tare and the truck left after it came', () => {
    expect(checkTicket(good)).toEqual([]);
    // A scale rounds to 10 kg: a difference within that is no error.
    expect(checkTicket({ ...good, netT: 7.13 })).toEqual([]);
  });

  it('names the field of each thing wrong', () => {
    expect(checkTicket({ ...good, netT: 7.5 }).map((i) => [i.field, i.code])).toEqual([['netT', 'NET_MISMATCH']]);
    expect(checkTicket({ ...good, netT: 7.5 })[0].zh).toContain('7.12');
    expect(checkTicket({ ...good, outAt: at('08:00') }).map((i) => i.code)).toEqual(['OUT_BEFORE_IN']);
    expect(checkTicket({ ...good, tareT: -1, netT: 19.42 }).map((i) => [i.field, i.code])).toEqual([['tareT', 'NEGATIVE_WEIGHT']]);
    expect(checkTicket({ ...good, grossT: 180, netT: 168.7 }).map((i) => i.code)).toEqual(['ABSURD_WEIGHT']);
    expect(checkTicket({ grossT: 10, tareT: 12, netT: -2, inAt: at('09:00'), outAt: at('09:05') }).map((i) => i.code)).toEqual(['NEGATIVE_WEIGHT', 'TARE_OVER_GROSS']);
    expect(checkTicket({ ...good, grossT: Number.NaN }).map((i) => i.code)).toContain('NEGATIVE_WEIGHT');
  });
});

describe('the register', () => {
  it('counts a place as covered only when all four stages are sorted', () => {
    expect(sortingCovered({ deposit: true, collection: true, transport: true, treatment: true })).toBe(true);
    expect(sortingCovered({ deposit: true, collection: true, transport: true })).toBe(false);
    expect(sortingCovered({})).toBe(false);
  });

  it('gives incineration’s share of the capacity that treats residual waste, kitchen and faecal plants aside', () => {
    expect(incinerationShare([{ kind: 'incineration', capacityTPerDay: 600 }, { kind: 'sanitary_landfill', capacityTPerDay: 200 }, { kind: 'kitchen_plant', capacityTPerDay: 100 }])).toBe(75);
    expect(incinerationShare([{ kind: 'incineration', capacityTPerDay: 600 }, { kind: 'transfer_station', capacityTPerDay: 300 }])).toBe(100);
    expect(incinerationShare([{ kind: 'transfer_station', capacityTPerDay: 300 }])).toBeNull();
  });
});

describe('a period split into whole months and the days around them', () => {
  it('reads a whole year as twelve months and no days', () => {
    expect(splitByMonths('2026-01-01', '2026-12-31')).toEqual({ months: ['2026-01-01', '2026-12-01'], days: [] });
  });

  it('keeps the days before the first 1st and after the last month end apart', () => {
    expect(splitByMonths('2026-01-15', '2026-04-10')).toEqual({ months: ['2026-02-01', '2026-03-01'], days: [['2026-01-15', '2026-01-31'], ['2026-04-01', '2026-04-10']] });
    // February of a leap year ends on the 29th.
    expect(splitByMonths('2028-02-01', '2028-02-29')).toEqual({ months: ['2028-02-01', '2028-02-01'], days: [] });
    expect(splitByMonths('2028-01-20', '2028-02-28')).toEqual({ months: null, days: [['2028-01-20', '2028-02-28']] });
  });

  it('reads a period within one month, or across a year end, as it should', () => {
    expect(splitByMonths('2026-06-03', '2026-06-20')).toEqual({ months: null, days: [['2026-06-03', '2026-06-20']] });
    expect(splitByMonths('2025-12-31', '2026-02-01')).toEqual({ months: ['2026-01-01', '2026-01-01'], days: [['2025-12-31', '2025-12-31'], ['2026-02-01', '2026-02-01']] });
    expect(splitByMonths('2026-06-20', '2026-06-03')).toEqual({ months: null, days: [] });
  });
});
