import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

type Refusal = { code: string; path: string | null; message: { zh: string; en: string }; issues?: { path: string }[] };

/** The status, the code and a message in Chinese and in English, as every refusal carries them. */
function refusal(res: LightMyRequestResponse, status: number, code: string): Refusal {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as Refusal;
  expect(body.code, res.body).toBe(code);
  expect(body.message.zh, res.body).toMatch(/[\u4e00-\u9fff]/);
  expect(body.message.en, res.body).toMatch(/[A-Za-z]{3}/);
  return body;
}

/** A refusal as a user meets it: the status, the code, the one field it names, and its message in both languages. */
export function expectRefused(res: LightMyRequestResponse, status: number, code: string, path: string | null) {
  expect(refusal(res, status, code).path, res.body).toBe(path);
}

/** The same, where the field may be named among the issues of a request refused for several (a zod refusal names each). */
export function expectRefusedAmong(res: LightMyRequestResponse, status: number, code: string, path: string | null) {
  const body = refusal(res, status, code);
  if (path !== null) expect([body.path, ...(body.issues ?? []).map((i) => i.path)], res.body).toContain(path);
}
