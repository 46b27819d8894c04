import { describe, expect, it } from 'vitest';
import { forbiddenMulch, ledgerOf, recoveryRate } from './film';

describe('farm film rules', () => {
  it('forbids PE mulch thinner than 0.010 mm, and nothing else', () => {
    expect(forbiddenMulch('pe_mulch', 0.008)).toBe(true);
    expect(forbiddenMulch('pe_mulch', 0.0099)).toBe(true);
    expect(forbiddenMulch('pe_mulch', 0.01)).toBe(false);
    expect(forbiddenMulch('greenhouse', 0.008)).toBe(false);
    expect(forbiddenMulch('biodegradable_mulch', 0.008)).toBe(false);
  });
  it('gives each company the ledger of its capability', () => {
    expect(ledgerOf(['agri_dealer'])).toBe('sale');
    expect(ledgerOf(['farm'])).toBe('use');
    expect(ledgerOf(['collection_station'])).toBe('takeback');
    expect(ledgerOf(['recycler', 'transporter'])).toBe('intake');
    expect(ledgerOf(['producer'])).toBeNull();
  });
  it('computes 农膜回收率 as collected over used', () => {
    expect(recoveryRate(92, 100)).toBe(92);
    expect(recoveryRate(5, 0)).toBeNull();
  });
});
