// Wufei's service worker (issue 20: the driver's phone app, offline-tolerant). Written by hand, no
// library: it keeps the app shell (the page and its built scripts and styles) so that the app opens
// without network after one visit, and the session answer (/api/auth/me) and the vocabularies so that
// the app knows who is logged in while offline. Writes are never touched here: the app's outbox
// (src/web/offline/outbox.ts) stores a signature and sends it with its Idempotency-Key.
const SHELL = 'wufei-shell-v1';
const DATA = 'wufei-data-v1';
const INDEX = '/index.html';
// Read while offline: who is logged in, and the labels of the vocabularies.
const KEPT_READS = ['/api/auth/me', '/api/meta/enums'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.add(INDEX)).catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('wufei-') && k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The page hands over what it loaded before this worker took control; the answer says they are kept.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'precache') return;
  const urls = (event.data.urls || []).filter((u) => new URL(u).origin === self.location.origin);
  // Who is logged in is kept too: the first answer may have come before this worker took control.
  const reads = caches.open(DATA).then((cache) => Promise.all(KEPT_READS.map((path) => fetch(path, { credentials: 'same-origin' })
    .then((response) => (response.ok ? cache.put(path, response) : undefined)).catch(() => {}))));
  event.waitUntil(caches.open(SHELL)
    .then((cache) => Promise.all([reads, ...urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u)).catch(() => {}))]))
    .then(() => event.ports[0]?.postMessage({ kept: urls.length })));
});

/** What one person read goes with his session: the kept answers and the phone's read cache. */
function forgetReads() {
  const clearIdb = new Promise((resolve) => {
    const open = indexedDB.open('wufei-offline');
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('cache')) { db.close(); resolve(); return; }
      const tx = db.transaction('cache', 'readwrite');
      tx.objectStore('cache').clear();
      tx.oncomplete = tx.onerror = () => { db.close(); resolve(); };
    };
    open.onerror = () => resolve();
  });
  return Promise.all([caches.delete(DATA), clearIdb]);
}

async function networkFirst(request, cacheName, key) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    else if (response.status === 401) await cache.delete(key);
    return response;
  } catch (error) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/api/auth/logout') { event.waitUntil(forgetReads()); return; }
  if (request.method !== 'GET') return;
  // A page of the console: the network's when it answers (a new build), the kept shell when not.
  if (request.mode === 'navigate') {
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/print/') || url.pathname.startsWith('/scan/')) return;
    event.respondWith(networkFirst(request, SHELL, INDEX));
    return;
  }
  if (KEPT_READS.includes(url.pathname)) { event.respondWith(networkFirst(request, DATA, url.pathname)); return; }
  // Built files carry their content's hash in the name: one kept copy is always right.
  if (url.pathname.startsWith('/assets/') || url.pathname === '/manifest.webmanifest' || url.pathname === '/app-icon.svg') event.respondWith(cacheFirst(request));
});
