import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_FAMILIES, actionOptions, auditChanges, auditSummary, fieldLabel, valueText } from './audit-words';

// Every action the server writes to the audit log has words: a new action without a sentence fails here.

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? serverFiles(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The actions written: the literals of each `action: …, entityType` (an audit entry), a template as a pattern with `*`. */
function writtenActions(): Map<string, string> {
  const found = new Map<string, string>();
  // A table's column definitions (schema.ts) name `action` too, but write nothing.
  for (const file of serverFiles(path.resolve(__dirname, '../server')).filter((f) => !f.endsWith('schema.ts'))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\baction:\s*((?:[^,`]|`[^`]*`)*?),\s*entityType\b/gs)) {
      // A comparison's literal is a condition, not an action (`x === 'approved' ? 'a.approve' : 'a.reject'`).
      const expr = m[1].replace(/[!=]==\s*'[^']*'/g, '');
      for (const lit of expr.matchAll(/'([^']*)'|`((?:[^`$]|\$\{(?:[^{}]|\{[^}]*\})*\})*)`/g)) {
        const action = lit[1] ?? lit[2].replace(/\$\{(?:[^{}]|\{[^}]*\})*\}/g, '*');
        found.set(action, path.relative(process.cwd(), file));
      }
    }
  }
  return found;
}

describe('the audit vocabulary', () => {
  const written = writtenActions();

  it('finds the actions the server writes', () => {
    expect(written.size).toBeGreaterThan(120);
    expect(written.has('bulk_storage.rectification_open')).toBe(true);
    expect(written.has('manifest.*')).toBe(true);
  });

  it('has a sentence for every action written, and a family sentence for every action built at run time', () => {
    const missing = [...written].filter(([action]) => (action.includes('*') ? !AUDIT_FAMILIES[action] : !AUDIT_ACTIONS[action])).map(([a, f]) => `${a} (${f})`);
    expect(missing).toEqual([]);
  });

  it('writes a sentence with the actor and the record, in Chinese and English', () => {
    expect(auditSummary({ action: 'manifest.sign_transport', entityType: 'manifest', entityId: 'x', actorName: '王师傅', targetName: '37150120260001' }))
      .toEqual({ zh: '王师傅 签署了联单 37150120260001的承运人接收', en: '王师傅 signed the pickup of manifest 37150120260001 (carrier)' });
    expect(auditSummary({ action: 'bulk_storage.rectification_open', entityType: 'bulk_storage_rectification', entityId: 'x', actorName: 'Li', targetName: '东郊堆场' }).en)
      .toBe('Li opened a rectification at a storage site: storage rectification 东郊堆场');
  });

  it('falls back to a readable sentence for an action it does not know', () => {
    const s = auditSummary({ action: 'mystery.do_thing', entityType: 'mystery', entityId: '7', actorName: 'Li' });
    expect(s.en).toBe('Li did “do thing” on mystery 7');
    expect(s.zh).not.toMatch(/[{}]/);
  });

  it('lists field-level differences with names, tonnes and Shanghai times', () => {
    expect(auditChanges({ name: '甲公司', status: 'pending', updatedAt: '2026-01-01T00:00:00Z' }, { name: '乙公司', status: 'verified', updatedAt: '2026-01-02T00:00:00Z' })).toEqual([
      { field: 'name', label: { zh: '名称', en: 'name' }, before: { zh: '甲公司', en: '甲公司' }, after: { zh: '乙公司', en: '乙公司' } },
      { field: 'status', label: { zh: '状态', en: 'status' }, before: { zh: '待审核', en: 'pending' }, after: { zh: '已审核', en: 'verified' } },
    ]);
    expect(valueText('receivedWeightT', 12.34567, 'zh')).toBe('12.346 吨');
    expect(valueText('receivedWeightT', '3.5000', 'en')).toBe('3.5 t');
    expect(valueText('reviewedAt', '2026-12-07T16:05:00.000Z', 'zh')).toBe('2026-12-08 00:05');
    expect(valueText('data', { pickupWeightT: 2, plate: '鲁N12345' }, 'zh')).toBe('承运重量：2 吨；车牌号：鲁N12345');
    expect(valueText('data', { pickupWeightT: 2 }, 'en')).not.toContain('{');
    // A manifest's own fields are named by the streams' rule tables, and its statuses in words.
    expect(fieldLabel('handedOverBy').zh).toMatch(/[\u4e00-\u9fa5]/);
    expect(valueText('status', 'signed_by_producer', 'zh')).toBe('待承运人接收');
  });

  it('offers every action by name, grouped by area', () => {
    const groups = actionOptions();
    expect(groups.flatMap((g) => g.actions).length).toBe(Object.keys(AUDIT_ACTIONS).length);
    const manifests = groups.find((g) => g.area === 'manifest')!;
    expect(manifests.actions.find((a) => a.value === 'manifest.sign_transport')!.label).toEqual({ zh: '签署了联单的承运人接收', en: 'Signed the pickup of manifest (carrier)' });
  });
});
