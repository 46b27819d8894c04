import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './url-guard';

export const TIMEOUT_MS = 10_000;

/** Answer of an endpoint: its HTTP status (redirects are not followed: a 3xx is a failure). */
export type Send = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

/**
 * POSTs one delivery. It connects only to the public addresses its name resolves to at that moment
 * (guardedLookup), takes the status line and leaves the rest of the answer unread, and gives up after
 * TIMEOUT_MS however slowly the endpoint answers.
 */
export const sendWebhook: Send = (url, body, headers) => new Promise((resolve, reject) => {
  const target = new URL(url);
  const request = (target.protocol === 'https:' ? https : http).request(target, {
    method: 'POST', lookup: guardedLookup, agent: false,
    headers: { ...headers, 'content-length': Buffer.byteLength(body) },
  }, (response) => {
    clearTimeout(deadline);
    resolve(response.statusCode ?? 0);
    response.destroy();
  });
  const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  request.on('error', (error) => { clearTimeout(deadline); reject(error); });
  request.end(body);
});
