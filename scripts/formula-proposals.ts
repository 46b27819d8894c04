import { guessColumns } from '../src/domain/indicators/columns';
import { effectiveUnit, proposeFormula, rowsFromTable } from '../src/server/indicators/service';
import { DEMO_PLANS } from '../src/server/demo/plans/load';
import { allQualitative, parseTarget } from '../src/domain/indicators/targets';

// Per seed plan, the rows the import preview proposes a formula for (npx tsx scripts/formula-proposals.ts):
// the columns guessed as the preview guesses them, each row's proposal from the formula registry.
for (const plan of DEMO_PLANS) {
  const { headers, rows } = plan.indicators;
  const read = rowsFromTable(headers, rows, guessColumns(headers, plan.baselineYear, rows));
  const proposed = read.rows.flatMap((r) => { const f = proposeFormula(r); return f ? [{ no: r.no, name: r.name, unit: effectiveUnit(r), key: f.key }] : []; });
  // The rest are reported by a department, or assessed by a person where every target is qualitative.
  const rest = read.rows.filter((r) => !proposed.some((p) => p.no === r.no));
  const qualitative = rest.filter((r) => allQualitative(Object.values(r.targets).map((t) => parseTarget(t) as unknown as Record<string, unknown>)));
  console.log(`${plan.title}: ${proposed.length} of ${read.rows.length} rows computed (${Math.round((100 * proposed.length) / read.rows.length)} %), ${rest.length - qualitative.length} reported, ${qualitative.length} qualitative`);
  console.log(`  reported: ${rest.filter((r) => !qualitative.includes(r)).map((r) => r.no).join(', ')}`);
  console.log(`  qualitative: ${qualitative.map((r) => r.no).join(', ')}`);
  for (const p of proposed) console.log(`  ${String(p.no).padStart(2)} ${p.name} [${p.unit || '—'}] → ${p.key}`);
}
