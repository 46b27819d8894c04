import { describe, expect, it } from 'vitest';
import { DEMO_PLANS } from '../demo/plans/load';
import { guessColumns, splitMark, unitFromName } from '../../domain/indicators/columns';
import { allFormulas, formulaFor } from './formulas';
import { annualised, yearElapsed } from './formula';

// The formula registry against the three seed plans: which rows the platform computes, that a name
// never means two formulas, and that each bound row's unit is one its formula can give.

const rowsOf = DEMO_PLANS.flatMap((plan) => {
  const mapping = guessColumns(plan.indicators.headers);
  const nameCol = mapping.find((m) => m.role === 'name')!.index;
  const unitCol = mapping.find((m) => m.role === 'unit')?.index;
  return plan.indicators.rows.filter((r) => r[nameCol]).map((r) => {
    const { name } = splitMark(r[nameCol]);
    return { plan: plan.regionCode, no: r[0], name, unit: unitCol === undefined ? unitFromName(name) : r[unitCol] };
  });
});

describe('the formula registry', () => {
  it('has one key per formula, each with its method in words and its inputs', () => {
    const keys = allFormulas().map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of allFormulas()) {
      expect(f.method.zh.length, f.key).toBeGreaterThan(20);
      expect(f.inputs.length, f.key).toBeGreaterThan(0);
    }
  });

  it('gives every indicator name of the seed plans at most one formula', () => {
    for (const row of rowsOf) {
      const matching = allFormulas().filter((f) => f.matches.test(row.name)).map((f) => f.key);
      expect(matching.length, `${row.plan} ${row.no} ${row.name}: ${matching.join(', ')}`).toBeLessThanOrEqual(1);
    }
  });

  it('binds each row only where its formula can give the row’s unit', () => {
    for (const row of rowsOf) {
      const formula = formulaFor(row.name);
      if (formula) expect(formula.units.test(row.unit), `${row.plan} ${row.no} ${row.name} [${row.unit}] → ${formula.key}`).toBe(true);
    }
  });

  it('computes at least 40 % of the 140 rows of the three seed plans', () => {
    expect(rowsOf.length).toBe(140);
    const bound = rowsOf.filter((r) => formulaFor(r.name));
    console.log(`bound ${bound.length} of ${rowsOf.length}: ${DEMO_PLANS.map((p) => `${p.regionCode} ${bound.filter((b) => b.plan === p.regionCode).length}`).join(', ')}`);
    expect(bound.length / rowsOf.length).toBeGreaterThanOrEqual(0.4);
  });
});

describe('docs/indicator-formulas.md', () => {
  it('is what `npm run docs:formulas` writes from the registry', async () => {
    const fs = await import('node:fs');
    const { formulasMarkdown } = await import('./formulas-doc');
    expect(fs.readFileSync('docs/indicator-formulas.md', 'utf8')).toBe(formulasMarkdown(allFormulas()));
  });
});

describe('a year so far, as a full year', () => {
  // 12:00 in Shanghai on the day given.
  const noon = (day: string) => new Date(`${day}T12:00:00+08:00`);
  it('counts the days gone by in Shanghai, today included', () => {
    expect(yearElapsed(2026, noon('2026-01-01'))).toBeCloseTo(1 / 365, 9);
    expect(yearElapsed(2024, noon('2024-12-31'))).toBe(1);
    // Just after midnight in Shanghai it is already the 2nd of January there, still the 1st in UTC.
    expect(yearElapsed(2026, new Date('2026-01-01T16:30:00Z'))).toBeCloseTo(2 / 365, 9);
    expect(yearElapsed(2025, noon('2026-03-01'))).toBe(1);
    expect(yearElapsed(2027, noon('2026-03-01'))).toBe(0);
  });
  it('scales only a year that is running', () => {
    expect(annualised(2026, 50, noon('2026-07-02'))).toBeCloseTo(50 / (183 / 365), 9);
    expect(annualised(2025, 50, noon('2026-07-02'))).toBe(50);
  });
});
