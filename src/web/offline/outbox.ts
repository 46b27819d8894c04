import type { Message } from '../api';
import { idb } from './db';

// The outbox (issue 20): a signature made on the phone is stored here first, with its own
// Idempotency-Key, and sent from here, now if the network answers, otherwise when it returns
// (the `online` event, the app reopened, a retry every 20 s). The key makes a resend safe: the
// server answers a repeat with its first answer and never signs twice. What the server refuses (the
// load cancelled, another phone signed first) stays in the queue as failed, with the server's own
// words, until the driver discards it. Photos taken with a signature wait here too, as blobs: when
// the network returns they are uploaded first, each name kept on the entry as soon as the server
// gives it (a retry uploads only what is missing), and the signature then names them, so the body
// sent under the key is the same on every try.

export interface OutboxEntry {
  /** Also the Idempotency-Key. */
  id: string;
  userId: string;
  manifestId: string;
  number: string;
  action: 'sign_transport' | 'sign_handover';
  body: { action: string; data: Record<string, unknown>; place?: string };
  /** Photos to upload before the signature; `name` once the server has stored one. */
  photos?: OutboxPhoto[];
  createdAt: string;
  status: 'pending' | 'failed';
  attempts: number;
  lastTriedAt: string | null;
  /** Why it is not sent: the server's refusal (failed), or why it waits (pending). */
  error: { status: number; code: string; message: Message } | null;
}

export interface OutboxPhoto { blob: Blob; name: string | null }

/** The signature as sent: its photos by the names the server gave them. */
export const signatureBody = (entry: OutboxEntry) => {
  const names = (entry.photos ?? []).map((p) => p.name).filter((n): n is string => !!n);
  return names.length ? { ...entry.body, photos: names } : entry.body;
};

const CHANGED = 'wufei-outbox-changed';
const changed = () => window.dispatchEvent(new Event(CHANGED));
export const onOutboxChange = (listener: () => void) => { window.addEventListener(CHANGED, listener); return () => window.removeEventListener(CHANGED, listener); };

export async function outboxOf(userId: string): Promise<OutboxEntry[]> {
  return (await idb.all<OutboxEntry>('outbox')).filter((e) => e.userId === userId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`);

export async function enqueue(entry: Pick<OutboxEntry, 'userId' | 'manifestId' | 'number' | 'action' | 'body' | 'photos'>): Promise<OutboxEntry> {
  const stored: OutboxEntry = { ...entry, id: newKey(), createdAt: new Date().toISOString(), status: 'pending', attempts: 0, lastTriedAt: null, error: null };
  await idb.put('outbox', stored);
  changed();
  return stored;
}

export async function discard(id: string) {
  await idb.delete('outbox', id);
  changed();
}

/** A failed entry sent once more (after the driver fixed what was wrong elsewhere): same key, same body. */
export async function retry(id: string) {
  const entry = await idb.get<OutboxEntry>('outbox', id);
  if (entry) await idb.put('outbox', { ...entry, status: 'pending', error: null });
  changed();
  return drainOutbox();
}

const OFFLINE: Message = { zh: '网络不通，联网后自动发送', en: 'No network: sent automatically once back online' };
const LOGIN_AGAIN: Message = { zh: '登录已过期：重新登录后自动发送', en: 'The session has expired: log in again and it is sent' };

let draining: Promise<number> | null = null;

/**
 * Sends every pending entry of the person logged in, oldest first; answers how many were sent.
 * One drain at a time: an `online` event during a drain waits for it.
 */
export function drainOutbox(): Promise<number> {
  draining ??= send().finally(() => { draining = null; });
  return draining;
}

async function send(): Promise<number> {
  // The browser knows it has no network: nothing is tried (a request could still reach a captive portal).
  if (!navigator.onLine) return 0;
  let me: { user: { id: string }; csrfToken: string };
  try {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return 0;
    me = await res.json();
  } catch {
    return 0;
  }
  let sent = 0;
  for (const queued of await outboxOf(me.user.id)) {
    if (queued.status !== 'pending') continue;
    let entry = queued;
    let tried = { ...entry, attempts: entry.attempts + 1, lastTriedAt: new Date().toISOString() };
    let res: Response | null = null;
    try {
      // The photos first, each kept by its name at once: a retry sends only those still missing.
      for (const [i, photo] of (entry.photos ?? []).entries()) {
        if (photo.name) continue;
        const form = new FormData();
        form.append('photo', photo.blob, `photo-${i + 1}.${photo.blob.type === 'image/png' ? 'png' : photo.blob.type === 'image/webp' ? 'webp' : 'jpg'}`);
        res = await fetch(`/api/manifests/${entry.manifestId}/photos`, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': me.csrfToken }, body: form });
        if (!res.ok) break;
        const { name } = await res.json() as { name: string };
        entry = { ...entry, photos: entry.photos!.map((p, j) => (j === i ? { ...p, name } : p)) };
        tried = { ...tried, photos: entry.photos };
        await idb.put('outbox', entry);
      }
      if (!res || res.ok) {
        res = await fetch(`/api/manifests/${entry.manifestId}/sign`, {
          method: 'POST', credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': entry.id },
          body: JSON.stringify(signatureBody(entry)),
        });
      }
    } catch {
      // The network went again: the rest waits with it.
      await idb.put('outbox', { ...tried, error: { status: 0, code: 'OFFLINE', message: OFFLINE } });
      changed();
      break;
    }
    if (res.ok) {
      await idb.delete('outbox', entry.id);
      sent++;
      changed();
      continue;
    }
    const body = await res.json().catch(() => null) as { code?: string; message?: Message } | null;
    const error = { status: res.status, code: body?.code ?? 'HTTP', message: body?.message ?? { zh: `服务器答复 ${res.status}`, en: `The server answered ${res.status}` } };
    if (res.status === 401) { await idb.put('outbox', { ...tried, error: { ...error, message: LOGIN_AGAIN } }); changed(); break; }
    // Busy or broken for now (5xx, rate limit, timeout): kept pending and tried again later.
    if (res.status >= 500 || res.status === 429 || res.status === 408) { await idb.put('outbox', { ...tried, error }); changed(); break; }
    // Refused for good (409 signed by someone else or cancelled, 422, 403, 404, 400): kept as failed, in words.
    await idb.put('outbox', { ...tried, status: 'failed', error });
    changed();
  }
  return sent;
}
