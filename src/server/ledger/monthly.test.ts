import { describe, expect, it } from 'vitest';
import { ledgerGrain } from './monthly';

// Which monthly sums answer a question: a province, city or county reads the county grain (a dozen
// rows per city and month instead of every town's) unless the answer is grouped by town.
describe('ledgerGrain', () => {
  it('reads the county grain for a province, a city and a county', () => {
    for (const regionCode of ['370000', '371500', '371581']) expect(ledgerGrain({ regionCode, by: ['category', 'kind'] })).toBe('county');
    expect(ledgerGrain({ regionCode: '371500', by: [] })).toBe('county');
  });
  it('reads the county grain for a drill-down to counties, the town grain for one to towns', () => {
    expect(ledgerGrain({ regionCode: '371500', by: ['region'], regionDigits: 6 })).toBe('county');
    expect(ledgerGrain({ regionCode: '371581', by: ['region', 'kind'], regionDigits: 9 })).toBe('town');
    expect(ledgerGrain({ regionCode: '371500', by: ['region'] })).toBe('town');
  });
  it('reads the town grain for a town', () => {
    expect(ledgerGrain({ regionCode: '371581101', by: ['kind'] })).toBe('town');
  });
});
