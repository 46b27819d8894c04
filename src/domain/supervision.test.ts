import { describe, expect, it } from 'vitest';
import { ageBand, capacityStatus, hazardousCategory } from './supervision';

describe('storage age bands', () => {
  it('puts other hazardous waste in bands at 90 days and one year', () => {
    expect(ageBand('900-249-08', 89 * 24)).toBe('recent');
    expect(ageBand('900-249-08', 90 * 24)).toBe('long');
    expect(ageBand('900-249-08', 365 * 24)).toBe('long');
    expect(ageBand('900-249-08', 365 * 24 + 1)).toBe('overdue');
  });

  it('counts medical waste overdue after two days, or the region’s own limit', () => {
    expect(ageBand('841-001-01', 48)).toBe('recent');
    expect(ageBand('841-001-01', 49)).toBe('overdue');
    expect(ageBand('841-001-01', 30, 24)).toBe('overdue');
  });
});

describe('capacity matching', () => {
  it('is sufficient up to 80 % of the licensed capacity, tight to 100 %, insufficient beyond or without capacity', () => {
    expect(capacityStatus(80, 100)).toBe('sufficient');
    expect(capacityStatus(80.1, 100)).toBe('tight');
    expect(capacityStatus(100, 100)).toBe('tight');
    expect(capacityStatus(100.1, 100)).toBe('insufficient');
    expect(capacityStatus(1, 0)).toBe('insufficient');
    expect(capacityStatus(0, 0)).toBe('sufficient');
  });

  it('reads a category from a code or a licence’s category entry', () => {
    expect(hazardousCategory('900-249-08')).toBe('HW08');
    expect(hazardousCategory('HW17')).toBe('HW17');
    expect(hazardousCategory('SW01')).toBeNull();
  });
});
