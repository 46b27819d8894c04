import type { LightMyRequestResponse } from 'fastify';

// A workflow example (after Trackdéchets' examples/workflows): one stream's whole flow as the demo
// users walk it over the HTTP API. test/api/workflows.test.ts runs it, and the same data renders
// docs/workflows/<stream>.md, so the published example is the one the build has just run.

/**
 * Values captured from earlier answers (a batch id, a manifest id …) and the run's day (`today`,
 * `month`, Asia/Shanghai). Rendered, each reads as its placeholder: `<batchId>`.
 */
export type Vars = Readonly<Record<string, string>>;

/** What a field of the answer must be: a value, at least a number, or not there at all. */
export type Expected = string | number | boolean | null | { atLeast: number } | { absent: true };
export const atLeast = (n: number): Expected => ({ atLeast: n });
export const ABSENT: Expected = { absent: true };

export interface WorkflowStep {
  /** The demo login that acts (password wufei-demo). */
  as: string;
  zh: string;
  en: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: (v: Vars) => string;
  body?: (v: Vars) => Record<string, unknown>;
  status: number;
  /**
   * Answer fields by path: `data.vehiclePlate`, `items[0].id`, `items[plate=鲁P3A721].id` (the first
   * item whose fields have these values; several as `[a=1&b=2]`), `signatures.length`.
   */
  expect?: (v: Vars) => Record<string, Expected>;
  /** Values to keep for later steps: name → answer path. */
  capture?: Record<string, string>;
}

export interface Workflow {
  stream: string;
  title: { zh: string; en: string };
  intro: { zh: string; en: string };
  steps: WorkflowStep[];
}

/** Whoever calls the API: the tests' logged-in Client. */
export interface Caller { request(method: WorkflowStep['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse> }

const TOKEN = /\.?([^.[\]]+)|\[([^\]]*)\]/y;

/** The value at a path of an answer (undefined when any part is missing). */
export function pick(answer: unknown, path: string): unknown {
  let at: unknown = answer;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(path); m; m = TOKEN.exec(path)) {
    if (at === null || at === undefined) return undefined;
    const [, key, bracket] = m;
    if (key !== undefined) at = (at as Record<string, unknown>)[key];
    else if (/^\d+$/.test(bracket)) at = (at as unknown[])[Number(bracket)];
    else {
      const wanted = bracket.split('&').map((pair) => pair.split('=') as [string, string]);
      at = Array.isArray(at) ? at.find((item) => wanted.every(([k, v]) => String((item as Record<string, unknown>)?.[k]) === v)) : undefined;
    }
    if (TOKEN.lastIndex === path.length) return at;
  }
  throw new Error(`bad answer path ${path}`);
}

function meets(actual: unknown, expected: Expected): boolean {
  if (expected !== null && typeof expected === 'object') {
    if ('absent' in expected) return actual === undefined;
    return typeof actual === 'number' && actual >= expected.atLeast;
  }
  return actual === expected;
}

/** The Shanghai day and month of a run, and the month before (a monthly declaration's period): the platform's calendar. */
export function runDay(now = new Date()) {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const before = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  before.setUTCMonth(before.getUTCMonth() - 1);
  return { today, month: today.slice(0, 7), lastMonth: before.toISOString().slice(0, 7) };
}

/**
 * Runs a workflow over HTTP, step by step, each as its demo user; throws at the first step whose
 * status or fields differ, naming the step and showing the answer.
 */
export async function runWorkflow(workflow: Workflow, login: (username: string) => Promise<Caller>): Promise<Vars> {
  const vars: Record<string, string> = { ...runDay() };
  const callers = new Map<string, Caller>();
  for (const [index, step] of workflow.steps.entries()) {
    if (!callers.has(step.as)) callers.set(step.as, await login(step.as));
    const url = step.path(vars);
    const res = await callers.get(step.as)!.request(step.method, url, step.body?.(vars));
    const where = `${workflow.stream} step ${index + 1} (${step.as} ${step.method} ${url})`;
    if (res.statusCode !== step.status) throw new Error(`${where}: expected ${step.status}, got ${res.statusCode}: ${res.body.slice(0, 2000)}`);
    const answer: unknown = res.body ? res.json() : null;
    const wrong = Object.entries(step.expect?.(vars) ?? {}).filter(([path, expected]) => !meets(pick(answer, path), expected))
      .map(([path, expected]) => `${path}: expected ${show(expected)}, got ${JSON.stringify(pick(answer, path))}`);
    if (wrong.length) throw new Error(`${where}:\n  ${wrong.join('\n  ')}\nanswer: ${res.body.slice(0, 2000)}`);
    for (const [name, path] of Object.entries(step.capture ?? {})) {
      const value = pick(answer, path);
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${where}: nothing to keep as ${name} at ${path}: ${res.body.slice(0, 2000)}`);
      vars[name] = String(value);
    }
  }
  return vars;
}

const show = (expected: Expected) => expected !== null && typeof expected === 'object'
  ? ('absent' in expected ? 'not there' : `≥ ${expected.atLeast}`)
  : JSON.stringify(expected);

/** Every variable as its placeholder, so the page holds no value of one run. */
const placeholders: Vars = new Proxy({}, { get: (_target, name) => `<${String(name)}>` });

/** The Markdown page of a workflow: docs/workflows/<stream>.md. */
export function workflowMarkdown(workflow: Workflow): string {
  const v = placeholders;
  const out = [
    `<!-- Generated by \`npm run docs:workflows\` from test/workflows/${workflow.stream}.ts. Do not edit by hand: test/api/workflows.test.ts runs these steps against the API and fails when this page differs. -->`,
    '',
    `# ${workflow.title.zh} · ${workflow.title.en}`,
    '',
    workflow.intro.zh,
    '',
    workflow.intro.en,
    '',
    'Every demo account\'s password is `wufei-demo`. A value in angle brackets (`<batchId>`) is kept from an earlier answer; `<today>` is the day of the run and `<month>` its month (Asia/Shanghai). 尖括号中的值取自前面步骤的应答；`<today>` 为当天日期，`<month>` 为当月。',
    '',
  ];
  for (const [index, step] of workflow.steps.entries()) {
    const body = step.body?.(v);
    out.push(`${index + 1}. **${step.as}**: ${step.zh}  `, `   ${step.en}`, '', '   ```http', `   ${step.method} ${step.path(v)}`);
    if (body) out.push('   Content-Type: application/json', '', ...JSON.stringify(body, null, 2).split('\n').map((line) => `   ${line}`));
    out.push('   ```', '');
    const expected = Object.entries(step.expect?.(v) ?? {});
    const kept = Object.entries(step.capture ?? {});
    out.push(`   Answer \`${step.status}\`${expected.length || kept.length ? ':' : '.'}`, '');
    for (const [path, value] of expected) out.push(`   - \`${path}\`: ${show(value)}`);
    if (kept.length) out.push(`   - keeps ${kept.map(([name, path]) => `\`<${name}>\` = \`${path}\``).join(', ')}`);
    if (expected.length || kept.length) out.push('');
  }
  return out.join('\n');
}
