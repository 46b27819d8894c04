// One client for the whole console: JSON in and out, the CSRF token on every write, errors as ApiError.
export interface Message { zh: string; en: string }
export interface Issue { path: string; message: Message }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly text: Message, readonly path: string | null, readonly issues: Issue[]) {
    super(text.en);
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => { csrfToken = token; };

export async function api<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP', e.message ?? { zh: `请求失败（${res.status}）`, en: `Request failed (${res.status})` }, e.path ?? null, e.issues ?? []);
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});

/** Query string from the non-empty values of a filter object. */
export function qs(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
