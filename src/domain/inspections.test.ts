import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHECKLIST, assess, checklistProblem, findingsSummary, maskName, runDraw, sameDraw, sha256Hex, type ItemFinding } from './inspections';

// The draw is a pure function of the seed and the member lists: anyone re-running it with the
// published inputs gets the same enterprises and inspectors; another seed gives another draw.

const enterprises = Array.from({ length: 30 }, (_, i) => ({ id: `e-${String(i).padStart(2, '0')}`, name: `企业${i}` }));
const inspectors = Array.from({ length: 8 }, (_, i) => ({ id: `u-${i}`, name: `执法人员${i}` }));
const input = { seed: '2026Q1-linqing-0001', enterprises, inspectors, enterpriseCount: 6, inspectorsPerEnterprise: 2 };

describe('sha256Hex', () => {
  it('gives the standard digest, as any SHA-256 tool does', () => {
    for (const text of ['', 'abc', '2026Q1:临清市恒通轴承制造有限公司', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(200)]) {
      expect(sha256Hex(text), text).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('the draw', () => {
  it('gives the same result for the same seed and members, whatever their order', () => {
    const a = runDraw(input);
    const b = runDraw({ ...input, enterprises: [...enterprises].reverse(), inspectors: [...inspectors].reverse() });
    expect(a).toHaveLength(6);
    expect(b).toEqual(a);
    expect(sameDraw(a, b)).toBe(true);
  });

  it('gives another result for another seed', () => {
    const a = runDraw(input);
    const b = runDraw({ ...input, seed: '2026Q1-linqing-0002' });
    expect(b.map((x) => x.organisationId)).not.toEqual(a.map((x) => x.organisationId));
    expect(sameDraw(a, b)).toBe(false);
  });

  it('takes the enterprises with the smallest sha256(seed:id), each with distinct inspectors ranked by sha256(seed:enterprise:inspector)', () => {
    const result = runDraw(input);
    const expected = enterprises.map((e) => ({ id: e.id, rank: createHash('sha256').update(`${input.seed}:${e.id}`).digest('hex') }))
      .sort((x, y) => (x.rank < y.rank ? -1 : 1)).slice(0, 6).map((e) => e.id);
    expect(result.map((r) => r.organisationId)).toEqual(expected);
    for (const r of result) {
      expect(new Set(r.inspectors.map((i) => i.id)).size).toBe(2);
      const best = inspectors.map((i) => ({ id: i.id, rank: createHash('sha256').update(`${input.seed}:${r.organisationId}:${i.id}`).digest('hex') }))
        .sort((x, y) => (x.rank < y.rank ? -1 : 1)).slice(0, 2).map((i) => i.id);
      expect(r.inspectors.map((i) => i.id)).toEqual(best);
    }
  });

  it('a published result that was tampered with no longer matches the re-run', () => {
    const published = runDraw(input);
    const tampered = published.map((r, i) => (i === 0 ? { ...r, organisationId: 'e-99' } : r));
    expect(sameDraw(runDraw(input), tampered)).toBe(false);
    const swapped = published.map((r, i) => (i === 1 ? { ...r, inspectors: [...r.inspectors].reverse() } : r));
    expect(sameDraw(runDraw(input), swapped)).toBe(false);
  });
});

const all = (result: ItemFinding['result'] = 'conform'): ItemFinding[] => CHECKLIST.map((c) => ({ key: c.key, result }));

describe('the checklist', () => {
  it('passes a unit conforming throughout with 100', () => {
    expect(assess(all())).toEqual({ score: 100, vetoed: [], passed: true });
  });

  it('fails a unit on a veto item however good the rest', () => {
    const items = all().map((f) => (f.key === 'manifest' ? { ...f, result: 'nonconform' as const, note: '两批废切削液未运行联单' } : f));
    expect(assess(items)).toMatchObject({ passed: false, vetoed: ['manifest'] });
    expect(findingsSummary(items)).toBe('转移联单制度（不符合）：两批废切削液未运行联单');
  });

  it('fails a unit scoring under 70 without a veto; items not applying are left out of the score', () => {
    const items = all().map((f) => (['responsibility', 'labelling', 'declaration', 'source_sorting'].includes(f.key) ? { ...f, result: 'nonconform' as const, note: '未落实' } : f));
    expect(assess(items)).toEqual({ score: 66.7, vetoed: [], passed: false });
    expect(assess(items.map((f) => (f.key === 'labelling' ? { ...f, result: 'partly' as const } : f)))).toMatchObject({ score: 70.8, passed: true });
    const na = all().map((f) => (f.key === 'facilities' ? { ...f, result: 'na' as const } : f));
    expect(assess(na).score).toBe(100);
  });

  it('names what is wrong: an item missing, twice, not applicable where it always applies, a failing item without a note', () => {
    expect(checklistProblem(all().slice(1))).toMatchObject({ code: 'MISSING_ITEM', path: 'items' });
    expect(checklistProblem([...all(), { key: 'storage', result: 'conform' }])).toMatchObject({ code: 'DUPLICATE_ITEM', path: `items.${CHECKLIST.length}.key` });
    expect(checklistProblem(all().map((f) => (f.key === 'storage' ? { ...f, result: 'na' as const } : f)))).toMatchObject({ code: 'ITEM_APPLIES' });
    expect(checklistProblem(all().map((f) => (f.key === 'labelling' ? { ...f, result: 'nonconform' as const } : f)))).toMatchObject({ code: 'NOTE_REQUIRED', path: 'items.1.note' });
    expect(checklistProblem(all())).toBeNull();
  });

  it('masks officers’ names on public pages', () => {
    expect(maskName('李建国')).toBe('李**');
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳明月')).toBe('欧阳**');
  });
});
