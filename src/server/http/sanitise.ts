import { AppError } from './errors';

// The one check every string passes where it enters, before any route's schema: control characters
// (NUL first: PostgreSQL cannot store it and answered with a 500) and broken UTF-16 (a lone
// surrogate) are refused with a 400 that names the field, never stripped silently, since a value
// that was changed on the way in is not the value the sender signed. Tab, line feed and carriage
// return stay allowed for remarks. Every string is then put in Unicode normal form C, and fields
// that identify something (a username, a plate, a credit code, a waste code) in form NFKC, so that
// full-width "鲁Ｐ３Ａ７２１" and "鲁P3A721" are one plate when compared.

// C0 controls except \t \n \r, DEL, the C1 controls, and the line/paragraph separators that break logs and CSV.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Keys whose values are identifiers, compared as written by people on different keyboards. */
const IDENTIFIER_KEYS = new Set(['username', 'plate', 'vehiclePlate', 'creditCode', 'wasteCode', 'code', 'licenceNo', 'number', 'paperNumber', 'phone', 'contactPhone']);

const MAX_DEPTH = 32;

function refuse(path: string, zh: string, en: string): never {
  const where = path || '(body)';
  throw new AppError(400, 'BAD_TEXT', { zh: `${where}：${zh}`, en: `${where}: ${en}` }, path || null, [{ path, message: { zh, en } }]);
}

function checkString(value: string, path: string): void {
  if (CONTROL.test(value)) refuse(path, '含有不可见的控制字符（如 NUL），请删除后重试', 'contains a control character (such as NUL): remove it and try again');
  if (LONE_SURROGATE.test(value)) refuse(path, '含有无效的 Unicode 字符', 'contains invalid Unicode (a lone surrogate)');
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Checks and normalises a parsed JSON body, query or params in place; returns the (possibly new) value.
 * Throws a 400 BAD_TEXT naming the first offending field.
 */
export function sanitiseInput(value: unknown, path = '', key = '', depth = 0): unknown {
  if (typeof value === 'string') {
    checkString(value, path);
    return IDENTIFIER_KEYS.has(key) ? value.normalize('NFKC') : value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) refuse(path, '嵌套层级过深', 'is nested too deeply');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sanitiseInput(value[i], join(path, i), key, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    checkString(k, join(path, k));
    record[k] = sanitiseInput(record[k], join(path, k), k, depth + 1);
  }
  return value;
}
