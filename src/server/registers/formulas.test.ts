import { describe, expect, it } from 'vitest';
import { guessColumns } from '../../domain/indicators/columns';
import { rowsFromTable } from '../indicators/service';
import { formulaFor } from '../indicators/formulas';
import { registerFormulas, asOfDay } from './formulas';
import { constructionAttributeFormulas } from '../construction/formulas';
import { DEMO_PLANS } from '../demo/plans/load';
import { isIndustrialTrade, inForceOn } from '../../domain/registers';

// The names of the three seed plans' rows, read as the importer reads them, against the registers'
// formulas: each formula binds exactly the rows it was written for, those rows go to no other formula
// of the registry, and the row's unit is one the formula gives.

const rows = DEMO_PLANS.flatMap((plan) => rowsFromTable(plan.indicators.headers, plan.indicators.rows, guessColumns(plan.indicators.headers, plan.baselineYear)).rows
  .map((r) => ({ plan: plan.regionCode, no: r.no, name: r.name, unit: r.unit })));
const ours = [...registerFormulas, ...constructionAttributeFormulas];

const EXPECTED: Record<string, [string, number][]> = {
  clean_production_audit_share: [['371581', 3], ['370829', 3], ['370105', 3]],
  green_factory_share: [['370105', 4]],
  green_factories_new_provincial: [['371581', 4]],
  green_factories_provincial: [['370829', 4]],
  zero_waste_factories: [['370829', 5]],
  circular_parks_share: [['371581', 5]],
  eco_or_circular_parks_share: [['370829', 6]],
  zero_waste_cells: [['371581', 34], ['370829', 35], ['370105', 34]],
  pollution_insurance_coverage: [['371581', 37], ['370829', 38], ['370105', 37]],
  compliance_check_pass_rate: [['371581', 39], ['370829', 42], ['370105', 41]],
  green_building_share: [['371581', 7], ['370829', 10], ['370105', 8]],
  prefabricated_share: [['371581', 8], ['370105', 9]],
};
const key = (r: { plan: string; no: number }) => `${r.plan}#${r.no}`;

describe('the registers’ formulas against the three seed plans', () => {
  it('reads the three plans (140 rows)', () => {
    expect(rows.length).toBe(45 + 48 + 47);
  });

  it.each(ours.map((f) => [f.key, f] as const))('%s matches exactly its rows by name', (formulaKey, formula) => {
    const matched = rows.filter((r) => formula.matches.test(r.name)).map(key).sort();
    expect(matched).toEqual(EXPECTED[formulaKey].map(([plan, no]) => key({ plan, no })).sort());
  });

  it.each(ours.map((f) => [f.key, f] as const))('%s is the formula the registry gives its rows, and takes their units', (formulaKey, formula) => {
    for (const [plan, no] of EXPECTED[formulaKey]) {
      const row = rows.find((r) => r.plan === plan && r.no === no)!;
      expect(formulaFor(row.name)?.key, `${plan} ${no} ${row.name}`).toBe(formulaKey);
      expect(formula.units.test(row.unit), `${plan} ${no} unit "${row.unit}"`).toBe(true);
    }
  });

  it('has a key, a method in both languages and its inputs for every formula, keys unique', () => {
    expect(new Set(ours.map((f) => f.key)).size).toBe(ours.length);
    for (const f of ours) {
      expect(f.method.zh.length, f.key).toBeGreaterThan(20);
      expect(f.method.en.length, f.key).toBeGreaterThan(20);
      expect(f.inputs.length, f.key).toBeGreaterThan(0);
      expect(typeof f.records, f.key).toBe('function');
    }
    expect(Object.keys(EXPECTED).sort()).toEqual(ours.map((f) => f.key).sort());
  });
});

describe('the day a year is read on, and what counts then', () => {
  it('reads a past year on its last day and the year under way today', () => {
    expect(asOfDay(2024, '2026-03-10')).toBe('2024-12-31');
    expect(asOfDay(2026, '2026-03-10')).toBe('2026-03-10');
    expect(asOfDay(2027, '2026-03-10')).toBe('2026-03-10');
  });
  it('counts a credential from its issue to its term, until the day it ends', () => {
    const c = { issuedOn: '2024-05-01', validUntil: '2025-04-30', endedOn: null };
    expect(inForceOn(c, '2024-04-30')).toBe(false);
    expect(inForceOn(c, '2024-05-01')).toBe(true);
    expect(inForceOn(c, '2025-04-30')).toBe(true);
    expect(inForceOn(c, '2025-05-01')).toBe(false);
    expect(inForceOn({ ...c, validUntil: null, endedOn: '2024-09-01' }, '2024-08-31')).toBe(true);
    expect(inForceOn({ ...c, validUntil: null, endedOn: '2024-09-01' }, '2024-09-01')).toBe(false);
  });
  it('tells industrial trades from the social sources', () => {
    for (const trade of ['轴承制造', '纺织', '造纸', '电力', '化工', '铸造', '金属板材', '建材']) expect(isIndustrialTrade(trade), trade).toBe(true);
    for (const trade of ['医疗卫生', '汽车维修', '检验检测', '道路货物运输', '畜禽养殖', '', null]) expect(isIndustrialTrade(trade), String(trade)).toBe(false);
  });
});
