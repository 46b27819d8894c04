// A small promise wrapper over IndexedDB for the driver's phone: two object stores, the outbox of
// signatures waiting for the network and the last answers kept for reading offline. No library: the
// few calls needed are here.

const NAME = 'wufei-offline';
const VERSION = 1;
export type StoreName = 'outbox' | 'cache';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache', { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opening = null; reject(request.error); };
  });
  return opening;
}

const done = <T>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });

async function store(name: StoreName, mode: IDBTransactionMode) {
  return (await open()).transaction(name, mode).objectStore(name);
}

export const idb = {
  get: async <T>(name: StoreName, key: string) => (await done((await store(name, 'readonly')).get(key))) as T | undefined,
  all: async <T>(name: StoreName) => (await done((await store(name, 'readonly')).getAll())) as T[],
  put: async <T>(name: StoreName, value: T) => { await done((await store(name, 'readwrite')).put(value)); },
  delete: async (name: StoreName, key: string) => { await done((await store(name, 'readwrite')).delete(key)); },
  clear: async (name: StoreName) => { await done((await store(name, 'readwrite')).clear()); },
};
