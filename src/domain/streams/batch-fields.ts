import { checkValue, type ValueIssue } from '../manifests/values';
import type { BatchField } from './definition';

/**
 * The problems with what a batch records beyond the common columns: each value checked by its
 * field's kind, a required field present, and no field the stream does not define.
 */
export function batchFieldIssues(fields: BatchField[], values: Record<string, unknown>, now = new Date()): ValueIssue[] {
  const issues: ValueIssue[] = [];
  for (const [name, value] of Object.entries(values)) {
    const rule = fields.find((f) => f.field === name);
    if (!rule) {
      const known = fields.map((f) => f.field).join('、') || '—';
      issues.push({ field: name, problem: 'NOT_IN_LIST', zh: `该类废物的批次没有字段 ${name}（可填：${known}）`, en: `Batches of this stream have no field ${name} (known: ${known})` });
      continue;
    }
    const found = checkValue(rule, value, now);
    if (found) issues.push(found);
  }
  for (const rule of fields) {
    if (rule.required && (values[rule.field] === undefined || values[rule.field] === null)) {
      issues.push({ field: rule.field, problem: 'WRONG_TYPE', zh: `请填写${rule.label.zh}`, en: `Give the ${rule.label.en.toLowerCase()}` });
    }
  }
  return issues;
}
