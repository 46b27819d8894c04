import { idb } from './db';

// The last answer of a read, kept per person, so that the phone shows the day's loads without network
// with the moment they were fetched ("离线 · 上次更新 …").

interface Cached<T> { key: string; savedAt: string; value: T }

export async function remember<T>(key: string, value: T) {
  await idb.put<Cached<T>>('cache', { key, savedAt: new Date().toISOString(), value });
}

export async function recall<T>(key: string): Promise<{ savedAt: string; value: T } | null> {
  const hit = await idb.get<Cached<T>>('cache', key);
  return hit ? { savedAt: hit.savedAt, value: hit.value } : null;
}

/** On logout: what one person read stays not on a phone another person may use next. */
export const forgetReads = () => idb.clear('cache');
