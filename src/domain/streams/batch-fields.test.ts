import { describe, expect, it } from 'vitest';
import { batchFieldIssues } from './batch-fields';
import { SLUDGE_BATCH_FIELDS, harmlessDisposal } from './sludge';

describe('batch fields of a stream', () => {
  it('takes a sludge batch with its moisture content between 0 and 100 %', () => {
    expect(batchFieldIssues(SLUDGE_BATCH_FIELDS, { moisturePct: 78.5 })).toEqual([]);
    expect(batchFieldIssues(SLUDGE_BATCH_FIELDS, { moisturePct: 0 })).toEqual([]);
  });

  it('refuses a moisture content outside 0-100 %, as text, missing, or a field the stream does not have', () => {
    expect(batchFieldIssues(SLUDGE_BATCH_FIELDS, { moisturePct: 101 }).map((i) => [i.field, i.problem])).toEqual([['moisturePct', 'OUT_OF_RANGE']]);
    expect(batchFieldIssues(SLUDGE_BATCH_FIELDS, { moisturePct: -1 }).map((i) => i.problem)).toEqual(['OUT_OF_RANGE']);
    expect(batchFieldIssues(SLUDGE_BATCH_FIELDS, { moisturePct: '80' }).map((i) => i.problem)).toEqual(['WRONG_TYPE']);
    expect(batchFieldIssues(SLUDGE_BATCH_FIELDS, {}).map((i) => i.field)).toEqual(['moisturePct']);
    const unknown = batchFieldIssues(SLUDGE_BATCH_FIELDS, { moisturePct: 80, colour: 'grey' });
    expect(unknown.map((i) => i.field)).toEqual(['colour']);
    expect(unknown[0].zh).toContain('moisturePct');
    expect(batchFieldIssues([], { anything: 1 }).map((i) => i.field)).toEqual(['anything']);
  });
});

describe('无害化 disposal of sewage sludge', () => {
  it('counts incineration, cement kilns, building materials and land use after stabilisation', () => {
    for (const method of ['incineration', 'cement_kiln', 'building_materials', 'land_use']) expect(harmlessDisposal(method, 80)).toBe(true);
  });

  it('counts landfill only for sludge dewatered to 60 % moisture or less, and never a stockpile or an unknown method', () => {
    expect(harmlessDisposal('landfill', 60)).toBe(true);
    expect(harmlessDisposal('landfill', 60.1)).toBe(false);
    expect(harmlessDisposal('landfill', undefined)).toBe(false);
    expect(harmlessDisposal('temporary', 40)).toBe(false);
    expect(harmlessDisposal('R1', 40)).toBe(false);
  });
});
