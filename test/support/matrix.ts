import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client } from './app';
import { registrationBody, type RegistrationOverrides } from './factories';
import type { Db } from '../../src/server/db/database';

// Helpers for the permission matrix and the other HTTP suites: anonymous callers from their own
// address (the registration limiter counts per address), multipart bodies, row counts, and the
// matrix itself (routes × callers × targets as data).

export const randomIp = () => `10.${crypto.randomInt(2, 250)}.${crypto.randomInt(1, 250)}.${crypto.randomInt(1, 250)}`;

/** A caller without a session, from an address of its own. */
export const anonymous = (app: FastifyInstance) => new Client(app, randomIp());

/** Registers a company through the public endpoint (from a fresh address) and logs its admin in. */
export async function registerCompany(app: FastifyInstance, overrides: RegistrationOverrides = {}) {
  const body = registrationBody(overrides);
  const res = await anonymous(app).post('/api/register/enterprise', body);
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.statusCode} ${res.body}`);
  const { organisationId } = res.json() as { organisationId: string };
  const client = await Client.login(app, body.admin.username, body.admin.password);
  return { organisationId, client, body };
}

/** Rows in a table (or matching a condition), counted in the database itself. */
export async function countRows(db: Db, table: string, where = 'true'): Promise<number> {
  const result = await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`));
  return Number(result.rows[0].n);
}

export interface UploadFile { field?: string; filename: string; content: Buffer | string; contentType?: string }

/** A multipart/form-data body with text fields and one file, as a browser's form would send it. */
export function multipart(fields: Record<string, string>, file?: UploadFile): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----wufei${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(typeof file.content === 'string' ? Buffer.from(file.content) : file.content);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Sends a multipart body as the client (cookie and CSRF token included). */
export function upload(client: Client, url: string, fields: Record<string, string>, file?: UploadFile) {
  const { payload, headers } = multipart(fields, file);
  return client.request('POST', url, payload, headers);
}

// ---- The matrix -------------------------------------------------------------------------------

export type Method = 'GET' | 'POST' | 'PATCH';

/** What a cell acts on: the `:id` of the path and/or the body to send (for create routes, where it goes). */
export interface Resolved { id?: string; body?: unknown }

/** One cell: a route, who calls it, on what, and the status they get (plus, for lists, what they see). */
export interface Cell<F> {
  route: string;
  who: string;
  target: string;
  status: number;
  check?: (res: LightMyRequestResponse, fx: F) => void;
}

export const verdict = (status: number) =>
  status === 401 ? 'is asked to log in (401)'
    : status === 403 ? 'is refused (403)'
      : status === 404 ? 'is told it does not exist (404)'
        : `gets ${status}`;

export const cellName = <F>(c: Cell<F>) => `${c.who} ${verdict(c.status)} on ${c.route}${c.target ? ` for ${c.target}` : ''}`;

/** Splits "POST /api/organisations/:id/verify" and fills in the target's id. */
export function requestLine(route: string, resolved: Resolved): { method: Method; url: string } {
  const [method, path] = route.split(' ') as [Method, string];
  const url = path.replace(/:id\b/, () => {
    if (!resolved.id) throw new Error(`${route} needs a target id`);
    return resolved.id;
  });
  return { method, url };
}

/** One line of the table: a route on a target, and the status each caller gets. */
export type Row = [route: string, target: string, statuses: Record<string, number>];

/** Expands the table's lines into cells, one per caller. */
export const expand = <F>(rows: Row[]): Cell<F>[] =>
  rows.flatMap(([route, target, statuses]) => Object.entries(statuses).map(([who, status]) => ({ route, who, target, status })));

/** Every distinct route of the table, once: for the "not logged in" column that every route gets. */
export const distinctRoutes = <F>(cells: Cell<F>[]) => cells.filter((c, i) => cells.findIndex((d) => d.route === c.route) === i);
