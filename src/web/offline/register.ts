import { drainOutbox, onOutboxChange } from './outbox';

// The installable app (issue 20): registers the service worker (public/sw.js), hands it what this
// page has already loaded so that the app shell opens without network after one visit, and sends
// the outbox when the network returns, when the app opens, and every 20 s while something waits.

let ready: Promise<boolean> | null = null;

/** Resolves true once the app shell is kept for offline use (false where service workers are not available). */
export const offlineReady = () => ready ?? Promise.resolve(false);

/** Asks the service worker to keep these same-origin files, and waits for its answer. */
function precache(worker: ServiceWorker): Promise<boolean> {
  const urls = [location.origin + '/index.html', ...performance.getEntriesByType('resource').map((e) => e.name)]
    .filter((u) => u.startsWith(location.origin) && !new URL(u).pathname.startsWith('/api/'));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(true);
    worker.postMessage({ type: 'precache', urls }, [channel.port2]);
  });
}

/** Chunks loaded later (a page opened) are kept by the worker as they pass; this also hands over any loaded before it took control. */
export const keepLoaded = async () => {
  if (!('serviceWorker' in navigator)) return false;
  const registration = await navigator.serviceWorker.ready;
  return registration.active ? precache(registration.active) : false;
};

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext || !(import.meta as { env?: { PROD?: boolean } }).env?.PROD) return;
  ready = navigator.serviceWorker.register('/sw.js', { scope: '/' })
    .then(() => keepLoaded())
    .catch(() => false);
  window.addEventListener('online', () => { void drainOutbox(); });
  if (navigator.onLine) void drainOutbox();
  // While something waits, a retry now and then: an `online` event is not sent for every recovery (a captive portal, a server back).
  let timer: number | undefined;
  const schedule = () => {
    window.clearInterval(timer);
    timer = window.setInterval(() => { if (navigator.onLine) void drainOutbox(); }, 20_000);
  };
  onOutboxChange(schedule);
  schedule();
}
