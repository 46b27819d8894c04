import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/server/db/database';

// The fuzz test's machinery (test/api/fuzz.test.ts): read the write operations from the OpenAPI
// document, derive a valid request from each schema, and make bad requests from it one field at a
// time, each marked with whether the API must refuse it. Everything is read from the schemas, so a
// new route is fuzzed without the test being edited.

// ---- The OpenAPI document ---------------------------------------------------------------------

/** A JSON schema as @fastify/swagger writes it (OpenAPI 3.0: `nullable`, `anyOf`, `x-…` extensions). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  description?: string;
  /** Set by the shared date primitives (src/server/http/inputs.ts) on dates that may not lie in the future. */
  'x-not-future'?: boolean;
  /** A measured real number kept in any precision (a GPS speed). */
  'x-float'?: boolean;
}

export type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface Param { name: string; schema: Schema; required: boolean }
export interface Operation {
  /** "POST /api/ledger/batches/{id}/movements" */
  key: string;
  method: Method;
  path: string;
  tags: string[];
  body: Schema | null;
  pathParams: Param[];
  queryParams: Param[];
}

interface OpenApiOperation {
  tags?: string[];
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const WRITE_METHODS: Method[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Every write operation under /api/ in the document, in its order. */
export function writeOperations(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [verb, op] of Object.entries(item)) {
      const method = verb.toUpperCase() as Method;
      if (!WRITE_METHODS.includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const params = (where: string) => (op.parameters ?? []).filter((p) => p.in === where).map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? where === 'path' }));
      operations.push({
        key: `${method} ${path}`, method, path, tags: op.tags ?? [],
        body: content['application/json']?.schema ?? null,
        pathParams: params('path'), queryParams: params('query'),
      });
    }
  }
  return operations;
}

// ---- What a schema accepts --------------------------------------------------------------------

const options = (s: Schema): Schema[] | null => s.anyOf ?? s.oneOf ?? null;
const isNullOption = (s: Schema) => s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);

/** The kind of value a schema wants: the first non-null option of a union decides. */
export function kindOf(s: Schema): 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'unknown' {
  const union = options(s);
  if (union) {
    const first = union.find((o) => !isNullOption(o));
    return first ? kindOf(first) : 'unknown';
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean' || type === 'array' || type === 'object') return type;
  if (s.properties || s.additionalProperties) return 'object';
  if (s.items) return 'array';
  if (s.enum?.length) return typeof s.enum[0] === 'number' ? 'number' : 'string';
  return 'unknown';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const realDay = (s: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

function formatHolds(format: string, value: string): boolean {
  switch (format) {
    case 'uuid': return UUID.test(value);
    case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(value) && realDay(value);
    case 'date-time': return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && realDay(value) && !Number.isNaN(Date.parse(value));
    default: return true;
  }
}

/** Decimal places of a number as JSON writes it (1e-7 has 7). */
export function decimals(n: number): number {
  const [mantissa, exponent] = Math.abs(n).toString().split('e');
  const places = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, places - Number(exponent ?? 0));
}

/** True when the value breaks the schema (the JSON-schema subset @fastify/swagger writes). */
export function violates(s: Schema, value: unknown): boolean {
  if (value === undefined) return false;
  // An empty schema ({}: z.unknown()) takes any JSON value.
  if (kindOf(s) === 'unknown' && !s.enum && !('const' in s) && !s.allOf) return false;
  const union = options(s);
  if (union) return union.every((o) => violates({ ...o, nullable: o.nullable ?? s.nullable }, value));
  if (s.allOf && s.allOf.some((o) => violates(o, value))) return true;
  if (value === null) return !(s.nullable || s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null')) || s.enum?.includes(null));
  if (s.enum && !s.enum.some((e) => e === value)) return true;
  if ('const' in s && s.const !== value) return true;
  switch (kindOf(s)) {
    case 'string': {
      if (typeof value !== 'string') return true;
      const length = [...value].length;
      if (s.minLength !== undefined && length < s.minLength) return true;
      if (s.maxLength !== undefined && length > s.maxLength) return true;
      if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) return true;
      return s.format ? !formatHolds(s.format, value) : false;
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return true;
      if (kindOf(s) === 'integer' && !Number.isInteger(value)) return true;
      if (s.minimum !== undefined && (s.exclusiveMinimum === true ? value <= s.minimum : value < s.minimum)) return true;
      if (s.maximum !== undefined && (s.exclusiveMaximum === true ? value >= s.maximum : value > s.maximum)) return true;
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) return true;
      if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) return true;
      return s.multipleOf !== undefined && decimals(value) > decimals(s.multipleOf);
    }
    case 'boolean': return typeof value !== 'boolean';
    case 'array': {
      if (!Array.isArray(value)) return true;
      if (s.minItems !== undefined && value.length < s.minItems) return true;
      if (s.maxItems !== undefined && value.length > s.maxItems) return true;
      return s.items ? value.some((v) => violates(s.items!, v)) : false;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return true;
      const record = value as Record<string, unknown>;
      if ((s.required ?? []).some((k) => record[k] === undefined)) return true;
      for (const [k, v] of Object.entries(record)) {
        const known = s.properties?.[k];
        if (known) { if (violates(known, v)) return true; continue; }
        if (s.additionalProperties === false) return true;
        if (typeof s.additionalProperties === 'object' && violates(s.additionalProperties, v)) return true;
      }
      return false;
    }
    default: return false;
  }
}

// ---- Valid values -----------------------------------------------------------------------------

/** A fixed, well-formed UUID that no row has. */
export const UNKNOWN_UUID = '00000000-0000-4000-8000-00000000f022';

/** An example string for a regular expression (the subset request schemas use), or null. */
export function exampleForPattern(pattern: string): string | null {
  let i = 0;
  const source = pattern;
  function alternation(): string {
    const first = sequence();
    while (source[i] === '|') { i++; sequence(); }
    return first;
  }
  function sequence(): string {
    let out = '';
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const piece = atom();
      const [min] = quantifier();
      out += piece.repeat(min);
    }
    return out;
  }
  function quantifier(): [number] {
    const c = source[i];
    if (c === '?' || c === '*') { i++; return [0]; }
    if (c === '+') { i++; return [1]; }
    if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i));
      if (m) { i += m[0].length; return [Number(m[1])]; }
    }
    return [1];
  }
  function escaped(c: string): string {
    return c === 'd' ? '1' : c === 'w' ? 'a' : c === 's' ? ' ' : c;
  }
  function atom(): string {
    const c = source[i++];
    if (c === '^' || c === '$') return '';
    if (c === '\\') return escaped(source[i++]);
    if (c === '.') return 'a';
    if (c === '(') {
      if (source.startsWith('?:', i)) i += 2;
      const inner = alternation();
      i++; // ')'
      return inner;
    }
    if (c === '[') {
      const negated = source[i] === '^';
      if (negated) i++;
      let first: string | null = null;
      while (i < source.length && source[i] !== ']') {
        const ch = source[i] === '\\' ? escaped(source[++i]) : source[i];
        first ??= ch;
        i++;
      }
      i++; // ']'
      return negated ? 'x' : (first ?? 'x');
    }
    return c;
  }
  try {
    const example = alternation();
    return new RegExp(pattern, 'u').test(example) ? example : null;
  } catch {
    return null;
  }
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Whether a field holds a date or a time: by format, by the YYYY-MM-DD pattern, or (schema-less) by its name. */
export function dateKind(s: Schema, name: string): 'date' | 'date-time' | null {
  const union = options(s);
  if (union) {
    const kinds = union.map((o) => dateKind(o, name));
    return kinds.includes('date-time') ? 'date-time' : kinds.includes('date') ? 'date' : null;
  }
  if (s.format === 'date-time') return 'date-time';
  if (s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date';
  // z.coerce.date() leaves no trace in the document: a schema-less field named like a time is read as one.
  if (kindOf(s) === 'unknown' && /^(at|.*At|.*Date|.*On|asOf)$/.test(name)) return 'date-time';
  return null;
}

/** A value the schema accepts, built from the schema alone (required properties only). */
export function exampleOf(s: Schema, name = ''): unknown {
  if (s.default !== undefined && s.default !== null) return structuredClone(s.default);
  const union = options(s);
  if (union) return exampleOf(union.find((o) => !isNullOption(o)) ?? union[0], name);
  if (s.enum?.length) return s.enum.find((e) => e !== null) ?? s.enum[0];
  if ('const' in s) return s.const;
  const date = dateKind(s, name);
  if (date === 'date') return isoDay(new Date());
  if (date === 'date-time') return new Date(Date.now() - 3_600_000).toISOString();
  switch (kindOf(s)) {
    case 'string': {
      if (s.format === 'uuid') return UNKNOWN_UUID;
      if (s.pattern) {
        const example = exampleForPattern(s.pattern);
        if (example !== null) return example;
      }
      const min = Math.max(s.minLength ?? 1, 4);
      return '测试fuzz'.padEnd(min, 'x').slice(0, Math.max(s.maxLength ?? min, s.minLength ?? 1));
    }
    case 'number':
    case 'integer': {
      const integer = kindOf(s) === 'integer';
      const low = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : 0);
      const high = s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : low + 100);
      let value = Math.min(low + 1, high);
      if (value === high && (s.exclusiveMaximum === true || typeof s.exclusiveMaximum === 'number')) value = (low + high) / 2;
      if (integer) value = Math.ceil(value);
      return value;
    }
    case 'boolean': return false;
    case 'array': return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => exampleOf(s.items ?? {}, name));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = exampleOf(s.properties?.[key] ?? {}, key);
      return out;
    }
    default: return '测试';
  }
}

// ---- Bad values -------------------------------------------------------------------------------

export interface BadValue { label: string; value: unknown; refuse: boolean }

/** Sent as JSON `-0` (JSON.stringify writes 0): see serialise(). */
const NEGATIVE_ZERO = -0;
const HUGE_STRING = 'x'.repeat(100_000);
const HUGE_ITEMS = 10_000;
const CONTROL = ['a\u0000b', '\u0007', '\u001b[31m'];
const ATTACKS = ['{{7*7}}', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\ud800'];
const NUMERIC_TEXT = ['NaN', '１２３', '12,345.6'];

const labelOf = (value: unknown): string => {
  if (typeof value === 'string' && value.length > 60) return `${Math.round(value.length / 1000)} kB string`;
  if (Array.isArray(value) && value.length > 60) return `${value.length.toLocaleString('en')}-item array`;
  if (Object.is(value, -0)) return '-0';
  return JSON.stringify(value) ?? String(value);
};

/**
 * The bad values sent to one field, most telling first. `refuse` is what the API must do: refuse
 * what the schema forbids, and beyond the schema (rules every field follows):
 * - control characters in any string (the edge refuses them);
 * - a 100 kB string or a 10,000-item array, unless the schema allows that much;
 * - 1e308 in any number, and 0.0000001 in a number with a lower bound (a quantity: the database would store 0);
 * - an impossible date (2025-02-30), one before 2000, "not a date"; 2099 where the field is marked x-not-future.
 */
export function badValues(s: Schema, name: string): BadValue[] {
  const out: BadValue[] = [];
  // Text is read after NFKC normalisation where a route chooses so (１２３ is 123): only what breaks the schema either way must be refused.
  const breaks = (value: unknown) => violates(s, value) && (typeof value !== 'string' || violates(s, value.normalize('NFKC')));
  const add = (value: unknown, alsoRefuse = false) => out.push({ label: labelOf(value), value, refuse: alsoRefuse || breaks(value) });
  const kind = kindOf(s);
  const date = dateKind(s, name);
  // A measured real number (x-float: a GPS speed) is stored as sent, however small.
  const bounded = (s.minimum !== undefined || s.exclusiveMinimum !== undefined) && s['x-float'] !== true;
  if (date) {
    const suffix = date === 'date-time' ? 'T08:00:00+08:00' : '';
    add(`2025-02-30${suffix}`, true);
    add(`1900-01-01${suffix}`, true);
    add(`2099-01-01${suffix}`, s['x-not-future'] === true || !!options(s)?.some((o) => o['x-not-future']));
    add('not a date', true);
    if (kind === 'unknown') { add(null, true); add(true, true); add(0, true); }
  }
  switch (kind) {
    case 'string':
      add(12345); add(true); add(null); add({}); add([]);
      add('');
      add(HUGE_STRING, (s.maxLength ?? 0) < HUGE_STRING.length);
      for (const c of CONTROL) add(c, true);
      for (const a of ATTACKS) add(a);
      // Numbers written as text only matter where a pattern, format or list decides (free text takes them as text).
      if (s.pattern || s.format || s.enum || options(s)) for (const n of ['-1', '0.0000001', '1e308', '-0', ...NUMERIC_TEXT]) add(n);
      break;
    case 'number':
    case 'integer':
      add(-1); add(0); add(NEGATIVE_ZERO); add(0.0000001, bounded); add(1e308, true);
      if (s.maximum !== undefined) add(s.maximum + 1);
      if (kind === 'integer') add(1.5);
      if (s.multipleOf !== undefined) add(1 + s.multipleOf / 10);
      add('1'); add(true); add(null); add({}); add([]); add('');
      for (const n of NUMERIC_TEXT) add(n);
      add(HUGE_STRING, true);
      break;
    case 'boolean':
      add('true'); add(1); add(null); add(''); add({});
      break;
    case 'array': {
      add([]);
      const item = exampleOf(s.items ?? {}, name);
      add(Array.from({ length: HUGE_ITEMS }, () => structuredClone(item)), (s.maxItems ?? Infinity) < HUGE_ITEMS || s.maxItems === undefined);
      add('x'); add(null); add({}); add(1);
      break;
    }
    case 'object':
      add({}); add('x'); add(null); add([]); add(1);
      break;
    default:
      if (!date) { add(''); add(null); add(HUGE_STRING, true); for (const c of CONTROL) add(c, true); add(ATTACKS[0]); add(1e308, true); }
  }
  return out;
}

/** Bad values for a path or query parameter: always text, read as the schema's type. */
export function badParamValues(s: Schema): BadValue[] {
  const numeric = kindOf(s) === 'number' || kindOf(s) === 'integer';
  const read = (text: string): unknown => (numeric ? (text.trim() === '' ? 0 : Number(text)) : text);
  const values = ['x', '-1', '0.0000001', '1e308', '-0', ...NUMERIC_TEXT, ...ATTACKS, ...CONTROL, 'x'.repeat(10_000), UNKNOWN_UUID];
  return values.map((text) => ({
    label: labelOf(text), value: text,
    refuse: violates(s, read(text)) || CONTROL.includes(text) || (numeric && text === '1e308') || text.length > 1000,
  }));
}

// ---- Requests and their mutations -------------------------------------------------------------

export interface FuzzRequest { path: Record<string, string>; query: Record<string, string>; body: unknown }
export interface Mutation { where: string; label: string; refuse: boolean; request: FuzzRequest }
type Segment = string | number;
interface Field { path: Segment[]; schema: Schema; required: boolean; chain: Schema[] }

/** A body's fields, nested objects and the first item of arrays included; records get one made-up key. */
export function fieldsOf(body: Schema): Field[] {
  const out: Field[] = [];
  const walk = (s: Schema, path: Segment[], chain: Schema[]) => {
    const union = options(s);
    const shape = union ? union.find((o) => !isNullOption(o) && (kindOf(o) === 'object' || kindOf(o) === 'array')) : s;
    if (!shape) return;
    if (kindOf(shape) === 'object') {
      for (const [key, child] of Object.entries(shape.properties ?? {})) {
        const field = { path: [...path, key], schema: child, required: (shape.required ?? []).includes(key), chain: [...chain, shape] };
        out.push(field);
        walk(child, field.path, field.chain);
      }
      if (!shape.properties && typeof shape.additionalProperties === 'object') {
        const field = { path: [...path, 'fuzzKey'], schema: shape.additionalProperties, required: false, chain: [...chain, shape] };
        out.push(field);
        walk(shape.additionalProperties, field.path, field.chain);
      }
    } else if (kindOf(shape) === 'array' && shape.items) {
      const field = { path: [...path, 0], schema: shape.items, required: true, chain: [...chain, shape] };
      out.push(field);
      walk(shape.items, field.path, field.chain);
    }
  };
  walk(body, [], []);
  return out;
}

const pathName = (path: Segment[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** The body with one value replaced (undefined: the key removed); containers on the way are made from their schemas. */
function withValue(body: unknown, field: Field, value: unknown): unknown {
  const root = structuredClone(body ?? {}) as Record<Segment, unknown>;
  let node: Record<Segment, unknown> = root;
  field.path.forEach((segment, depth) => {
    if (depth === field.path.length - 1) {
      if (value === undefined) delete node[segment];
      else node[segment] = value;
      return;
    }
    const childSchema = depth + 1 < field.chain.length ? field.chain[depth + 1] : field.schema;
    if (node[segment] === undefined || node[segment] === null || typeof node[segment] !== 'object') node[segment] = exampleOf(childSchema, String(segment));
    if (Array.isArray(node[segment]) && (node[segment] as unknown[]).length === 0) (node[segment] as unknown[]).push(exampleOf(childSchema.items ?? {}, String(segment)));
    node = node[segment] as Record<Segment, unknown>;
  });
  return root;
}

export interface Caps { valuesPerField: number; requestsPerRoute: number }

/** Every one-field-at-a-time bad request for an operation, at most `caps` of them (each field's most telling values first). */
export function mutationsOf(op: Operation, base: FuzzRequest, caps: Caps): Mutation[] {
  const perField: Mutation[][] = [];
  for (const where of ['path', 'query'] as const) {
    for (const param of where === 'path' ? op.pathParams : op.queryParams) {
      perField.push(badParamValues(param.schema).slice(0, caps.valuesPerField).map((bad) => ({
        where: `${where}.${param.name}`, label: bad.label, refuse: bad.refuse,
        request: { ...base, [where]: { ...base[where], [param.name]: bad.value as string } },
      })));
    }
  }
  if (op.body) {
    const top: Mutation[] = [
      { where: 'body', label: 'an unknown field', refuse: op.body.additionalProperties === false, request: { ...base, body: { ...(base.body as object), fuzzUnknownField: 1 } } },
      ...[{}, [], 'x', null].map((value) => ({ where: 'body', label: labelOf(value), refuse: violates(op.body!, value), request: { ...base, body: value } })),
    ];
    perField.push(top);
    for (const field of fieldsOf(op.body)) {
      const name = String(field.path[field.path.length - 1]);
      const values = badValues(field.schema, name);
      const list: Mutation[] = values.map((bad) => ({ where: `body.${pathName(field.path)}`, label: bad.label, refuse: bad.refuse, request: { ...base, body: withValue(base.body, field, bad.value) } }));
      if (field.required && typeof field.path[field.path.length - 1] === 'string') {
        list.unshift({ where: `body.${pathName(field.path)}`, label: 'left out', refuse: true, request: { ...base, body: withValue(base.body, field, undefined) } });
      }
      if (kindOf(field.schema) === 'object' && field.schema.properties) {
        list.push({ where: `body.${pathName(field.path)}`, label: 'an unknown field', refuse: field.schema.additionalProperties === false,
          request: { ...base, body: withValue(base.body, { ...field, path: [...field.path, 'fuzzUnknownField'], chain: [...field.chain, field.schema], schema: {} }, 1) } });
      }
      perField.push(list.slice(0, caps.valuesPerField));
    }
  }
  // Round robin over the fields, so that a cap cuts the least telling values of every field rather than whole fields.
  const out: Mutation[] = [];
  for (let round = 0; out.length < caps.requestsPerRoute; round++) {
    const before = out.length;
    for (const list of perField) if (list[round] && out.length < caps.requestsPerRoute) out.push(list[round]);
    if (out.length === before) break;
  }
  return out;
}

// ---- Sending ----------------------------------------------------------------------------------

const NEG_ZERO_MARK = '__fuzz_negative_zero__';

/** JSON text of a body, with -0 written as -0 (JSON.stringify would write 0). */
export function serialise(body: unknown): string {
  return JSON.stringify(body, (_key, value) => (Object.is(value, -0) ? NEG_ZERO_MARK : value)).replaceAll(`"${NEG_ZERO_MARK}"`, '-0');
}

const encodeSegment = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate has no UTF-8: send the bytes it would have
  }
};

/** The URL of a request: path parameters filled in, query appended. */
export function urlOf(op: Operation, request: FuzzRequest): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(request.path[name] ?? ''));
  const query = Object.entries(request.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeSegment(v)}`).join('&');
  return query ? `${path}?${query}` : path;
}

// ---- Checks -----------------------------------------------------------------------------------

/** Database refusals the error handler cannot tie to a field: the input should have caught them and named the field. */
const GENERIC_CODES = new Set(['BAD_VALUE', 'REFERENCE']);

/** What is wrong with an answer to a bad request, if anything. */
export function answerProblem(res: LightMyRequestResponse, mustRefuse: boolean): string | null {
  const status = res.statusCode;
  if (status >= 500) return `${status} ${res.body.slice(0, 160)}`;
  if (status < 400) return mustRefuse ? `accepted (${status})` : null;
  let error: { code?: unknown; message?: { zh?: unknown; en?: unknown }; path?: unknown; issues?: unknown };
  try {
    error = res.json();
  } catch {
    return `${status} without a JSON body: ${res.body.slice(0, 80)}`;
  }
  const shaped = typeof error.code === 'string' && typeof error.message?.zh === 'string' && typeof error.message?.en === 'string'
    && (error.path === null || typeof error.path === 'string') && Array.isArray(error.issues);
  if (!shaped) return `${status} not shaped {code, message:{zh,en}, path, issues}: ${res.body.slice(0, 120)}`;
  if (status === 400 && GENERIC_CODES.has(error.code as string) && !error.path) return `400 ${error.code as string} from the database, naming no field`;
  return null;
}

// ---- What was written -------------------------------------------------------------------------

export interface Snapshot { rows: Map<string, number>; serials: Map<string, string | null> }

/** Exact row counts of every table in the public schema, and the last value of every manifest serial sequence. */
const countQueries = new WeakMap<Db, string>();
export async function snapshot(db: Db): Promise<Snapshot> {
  if (!countQueries.has(db)) {
    const tables = (await db.execute<{ name: string }>(sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`)).rows.map((r) => r.name);
    countQueries.set(db, tables.map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '));
  }
  const counts = await db.execute<{ name: string; n: number }>(sql.raw(countQueries.get(db)!));
  const serials = await db.execute<{ name: string; last: string | null }>(sql`SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public' AND sequencename LIKE 'manifest_serial_%'`);
  return { rows: new Map(counts.rows.map((r) => [r.name, Number(r.n)])), serials: new Map(serials.rows.map((r) => [r.name, r.last])) };
}

/** Tables whose counts differ, and serial numbers consumed, between two snapshots (ignoring the named tables). */
export function changes(before: Snapshot, after: Snapshot, ignored: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [table, n] of after.rows) {
    if (ignored.has(table)) continue;
    const was = before.rows.get(table) ?? 0;
    if (n !== was) out.push(`${table}: ${was} → ${n} rows`);
  }
  for (const [sequence, last] of after.serials) {
    const was = before.serials.get(sequence);
    if (was === undefined ? last !== null : last !== was) out.push(`${sequence}: serial ${was ?? 'unused'} → ${last}`);
  }
  return out;
}

/** Runs `work` over the items, `width` at a time. */
export async function inPool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  }));
  return results;
}
