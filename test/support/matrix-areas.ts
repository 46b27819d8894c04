import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client, type TestApp } from './app';
import { anonymous, expand, distinctRoutes, requestLine, type Cell, type Resolved, type Row } from './matrix';
import { buildWorld, LOGINS, type World } from './feeds';
import { shanghaiDate } from '../../src/domain/labels';

// The permission matrix of the areas beyond the platform registers (manifests, ledger, plans and
// declarations, construction, storage sites, exchange, rounds, alarms, webhooks, indicators, tasks,
// projects, settings): the callers, the machine tokens, a runner that sends each cell and checks
// the status and the error's shape, and what the coverage check reads (the app's write routes from
// its OpenAPI document, and the routes the matrix files hold rows for).

export const ANONYMOUS = 'nobody logged in';
export const RESIDENT = 'resident.demo';
/** Machine tokens, each acting for its company within its scopes. */
export const TOKEN = {
  manifests: '恒通’s ERP token (manifests:write)',
  ledger: '恒通’s ledger token (ledger:write)',
  telemetry: '恒通’s GPS token (telemetry:write only)',
  site: '城建’s site system token (manifests:write)',
  weighbridge: '绿源’s weighbridge token (manifests:write)',
  gps: '安运’s GPS token (telemetry:write)',
  household: '绿能’s weighbridge token (weighbridge:write)',
} as const;

const TOKEN_OWNERS: Record<string, { who: keyof typeof LOGINS; scopes: string[] }> = {
  [TOKEN.manifests]: { who: 'producer', scopes: ['manifests:write'] },
  [TOKEN.ledger]: { who: 'producer', scopes: ['ledger:write'] },
  [TOKEN.telemetry]: { who: 'producer', scopes: ['telemetry:write'] },
  [TOKEN.site]: { who: 'site', scopes: ['manifests:write'] },
  [TOKEN.weighbridge]: { who: 'receiver', scopes: ['manifests:write'] },
  [TOKEN.gps]: { who: 'transporter', scopes: ['telemetry:write'] },
  [TOKEN.household]: { who: 'wte', scopes: ['weighbridge:write'] },
};

/** Who calls: a logged-in client, or a client without a session that sends a token. */
export interface Caller { client: Client; headers: Record<string, string> }

export interface Arena {
  t: TestApp;
  w: World;
  callers: Map<string, Caller>;
  /** The client of a demo login, by username. */
  as: (username: string) => Client;
}

export const today = () => shanghaiDate(new Date());
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Throws with the answer when a fixture's request does not succeed. */
export function ok(res: LightMyRequestResponse, what: string, status = [200, 201, 204]) {
  if (!status.includes(res.statusCode)) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}

/** The isolation suite's world (a load of each kind on the road, what is in store, alarms …), every demo login, the resident and the machine tokens. */
export async function buildArena(t: TestApp): Promise<Arena> {
  const w = await buildWorld(t);
  const callers = new Map<string, Caller>();
  for (const [key, username] of Object.entries(LOGINS)) callers.set(username, { client: w.as[key as keyof typeof LOGINS], headers: {} });
  callers.set(RESIDENT, { client: await Client.login(t.app, RESIDENT), headers: {} });
  callers.set(ANONYMOUS, { client: anonymous(t.app), headers: {} });
  for (const [name, { who, scopes }] of Object.entries(TOKEN_OWNERS)) {
    const token = ok(await w.as[who].post('/api/tokens', { name, scopes, expiresAt: inDays(30) }), `token ${name}`);
    callers.set(name, { client: anonymous(t.app), headers: { authorization: `Bearer ${token.secret}` } });
  }
  const as = (username: string) => {
    const caller = callers.get(username);
    if (!caller || Object.keys(caller.headers).length) throw new Error(`no login ${username}`);
    return caller.client;
  };
  return { t, w, callers, as };
}

// ---- the table ------------------------------------------------------------------------------------

/** What a cell acts on; `params` fills the path's other parameters (`:year`, `:revisionId` …). */
export interface AreaResolved extends Resolved { params?: Record<string, string> }
export type Target = (who: string) => AreaResolved | Promise<AreaResolved>;

export interface Matrix {
  rows: Row[];
  targets: Record<string, Target>;
  /** The body each route sends when its target brings none, by route (as the row writes it). */
  bodies?: Record<string, (who: string) => unknown | Promise<unknown>>;
  /** More to check on an answer, by `${route} ${who}` or by route. */
  checks?: Record<string, (res: LightMyRequestResponse, who: string) => void>;
}

/** Every cell of the table, and every route once more without a session (on the first target its rows name). */
export function cellsOf(m: Matrix): Cell<unknown>[] {
  const cells = expand<unknown>(m.rows);
  return [...cells, ...distinctRoutes(cells).map((c) => ({ ...c, who: ANONYMOUS, status: 401 }))];
}

/**
 * A target built afresh for the callers whose act would use it up (a signature, an approval, a
 * deletion), and shared by the callers who are refused (a refusal changes nothing).
 */
export const consumedBy = (who: string[], fresh: () => Promise<AreaResolved>, shared: () => AreaResolved | Promise<AreaResolved>): Target =>
  (caller) => (who.includes(caller) ? fresh() : shared());

/** Runs a fixture builder once and keeps what it made. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= build());
}

const isUpload = (body: unknown): body is { payload: Buffer; headers: Record<string, string> } =>
  !!body && typeof body === 'object' && 'payload' in body && 'headers' in body;

export async function sendCell(arena: Arena, m: Matrix, cell: Cell<unknown>) {
  const caller = arena.callers.get(cell.who);
  if (!caller) throw new Error(`no caller ${cell.who}`);
  const target = m.targets[cell.target];
  if (!target) throw new Error(`no target ${cell.target}`);
  const resolved = await target(cell.who);
  const route = cell.route.replace(/:(\w+)/g, (whole, name: string) => (name !== 'id' && resolved.params?.[name]) || whole);
  const { method, url } = requestLine(route, resolved);
  const body = resolved.body ?? (await m.bodies?.[cell.route]?.(cell.who));
  const verb = method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  if (isUpload(body)) return caller.client.request(verb, url, body.payload, { ...body.headers, ...caller.headers });
  return caller.client.request(verb, url, verb === 'GET' || verb === 'DELETE' ? undefined : body ?? {}, caller.headers);
}

const ERROR_CODES: Record<number, RegExp> = { 401: /^UNAUTHENTICATED$/, 404: /^NOT_FOUND$/, 403: /^(FORBIDDEN|MANIFEST_NOT_A_PARTY)$/ };

/** The status, and for a refusal the error's shape: its code and a message in Chinese and English. */
export function expectCell(res: LightMyRequestResponse, cell: Cell<unknown>, m: Matrix) {
  expect(res.statusCode, `${cell.who} ${cell.route} on ${cell.target || 'its own'}: ${res.body.slice(0, 400)}`).toBe(cell.status);
  if (res.statusCode >= 400) {
    const error = res.json();
    if (ERROR_CODES[cell.status]) expect(error.code).toMatch(ERROR_CODES[cell.status]);
    expect(error.message.zh).toMatch(/\p{Script=Han}/u);
    expect(error.message.en).toMatch(/[a-z]/);
  }
  m.checks?.[`${cell.route} ${cell.who}`]?.(res, cell.who);
  m.checks?.[cell.route]?.(res, cell.who);
}

// ---- files --------------------------------------------------------------------------------------------

/** An .xlsx workbook of one sheet with these rows, as the upload routes take it. */
export async function workbook(sheet: string, rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- coverage -------------------------------------------------------------------------------------------

/** Every write route the app serves ("POST /api/x/:id"), read from its OpenAPI document. */
export async function writeRoutes(app: FastifyInstance): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const paths = (res.json() as { paths: Record<string, Record<string, unknown>> }).paths;
  return Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).filter((verb) => ['post', 'put', 'patch', 'delete'].includes(verb))
    .map((verb) => `${verb.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)).sort();
}

/** The routes that the permission matrix files (test/api/permissions*.test.ts) hold rows for, as their rows write them (`['POST /api/…'` in a table, `name: 'POST /api/…'` in a list of cases). */
export function matrixRows(): string[] {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../api');
  const routes = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => /^permissions.*\.test\.ts$/.test(f))) {
    for (const match of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/(?:\['|name: ')((?:POST|PUT|PATCH|DELETE) \/[^' ]+)/g)) routes.add(match[1]);
  }
  return [...routes];
}

/** Whether a row's route ("POST /api/plans/:id/approve", "PUT /api/settings/medical.storage_hours") is a call of the app's route. */
export function rowMatches(route: string, row: string): boolean {
  const [verb, pattern] = route.split(' ');
  const [rowVerb, rowPath] = row.split(' ');
  const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/?]+')}(\\?.*)?$`);
  return verb === rowVerb && re.test(rowPath);
}
