import { describe, expect, it } from 'vitest';
import { exemptionBreaches, isRegistrationNo, noPackages, overReturned, recoveryRate, TRANSPORT_MEASURE_VALUES } from './pesticide';

describe('pesticide packaging rules', () => {
  it('reads 农药登记证号 as the certificates print them, and nothing else', () => {
    for (const ok of ['PD20130987', 'PD85105-5', 'WP20180123', 'LS20200456', 'WL20190001']) expect(isRegistrationNo(ok), ok).toBe(true);
    for (const bad of ['pd20130987', 'PD2013098', 'XX20130987', 'PD201309871', '20130987', 'PD 20130987']) expect(isRegistrationNo(bad), bad).toBe(false);
  });

  it('keeps a load exempt only from a station, with all three transport measures, to a designated utiliser or household disposal', () => {
    expect(exemptionBreaches({ fromStation: true, measures: TRANSPORT_MEASURE_VALUES, destination: 'designated_utiliser' })).toEqual([]);
    expect(exemptionBreaches({ fromStation: true, measures: TRANSPORT_MEASURE_VALUES, destination: 'household_disposal' })).toEqual([]);
    expect(exemptionBreaches({ fromStation: true, measures: ['rainproof', 'spillproof'], destination: 'designated_utiliser' }).map((c) => c.key)).toEqual(['transport']);
    expect(exemptionBreaches({ fromStation: false, measures: [], destination: 'other' }).map((c) => c.key)).toEqual(['collection', 'transport', 'destination']);
  });

  it('refuses, by type, a return past what the dealer sold over its history', () => {
    const sold = { ...noPackages(), bottle: 100, bag: 40 };
    expect(overReturned(sold, { ...noPackages(), bottle: 90 }, { ...noPackages(), bottle: 10 })).toBeNull();
    expect(overReturned(sold, { ...noPackages(), bottle: 90 }, { ...noPackages(), bottle: 11 })).toEqual({ type: 'bottle', sold: 100, returned: 90, adding: 11 });
    expect(overReturned(sold, noPackages(), { ...noPackages(), drum: 1 })).toMatchObject({ type: 'drum', sold: 0 });
  });

  it('gives the recovery rate in % and none without sales', () => {
    expect(recoveryRate(83, 100)).toBe(83);
    expect(recoveryRate(1, 3)).toBe(33.333);
    expect(recoveryRate(5, 0)).toBeNull();
  });
});
