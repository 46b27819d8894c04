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

/**
 * A form upload that reports how much has been sent (XMLHttpRequest: fetch cannot), then waits
 * for the server; `onProgress` gets 0–1 while sending and 1 while the server works.
 */
export function upload<T = unknown>(url: string, form: FormData, onProgress: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data: Record<string, unknown> | null = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(data as T); return; }
      const e = (data ?? {}) as { code?: string; message?: { zh: string; en: string }; path?: string; issues?: [] };
      reject(new ApiError(xhr.status, e.code ?? 'HTTP', e.message ?? { zh: `请求失败（${xhr.status}）`, en: `Request failed (${xhr.status})` }, e.path ?? null, e.issues ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', { zh: '网络中断，请重试', en: 'The connection failed: try again' }, null, []));
    xhr.send(form);
  });
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
