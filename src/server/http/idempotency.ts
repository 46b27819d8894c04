import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { idempotencyKeys } from '../manifests/schema';
import { AppError, badRequest } from './errors';
import { canonicalJson } from '../platform/audit/service';

/**
 * Runs a create or sign once per Idempotency-Key and caller: a retry (a driver's phone resending
 * after losing signal) gets the first answer back instead of a second manifest or signature. A
 * transaction-scoped advisory lock on the key makes a concurrent duplicate wait for the first.
 *
 * `run` gets the key's transaction and does its writes in it (a service's own transaction becomes a
 * savepoint), so the write, its events and the key commit together or not at all: a crash between
 * them cannot leave a manifest without its key for a retry to duplicate. Without a key it gets `db`.
 * `afterCommit` reads what was committed (an alarm rule over the signed manifest) before the answer
 * goes out; a replay does not run it again.
 */
const KEY_REUSED = {
  zh: '该 Idempotency-Key 已用于另一个请求（地址或内容不同）：新的请求请使用新的 Idempotency-Key',
  en: 'This Idempotency-Key was used for a different request (another address or body): send a new request with a new key',
};
const keyReused = () => new AppError(422, 'IDEMPOTENCY_KEY_REUSED', KEY_REUSED, 'Idempotency-Key', [{ path: 'Idempotency-Key', message: KEY_REUSED }]);

export async function idempotent<T>(db: Db, request: FastifyRequest, reply: FastifyReply, status: number, run: (q: Queryable) => Promise<T>,
  afterCommit?: (result: T) => Promise<unknown>) {
  const key = request.headers['idempotency-key'];
  if (key === undefined) {
    const result = await run(db);
    if (afterCommit) await afterCommit(result);
    return reply.status(status).send(result);
  }
  if (typeof key !== 'string' || !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
    throw badRequest('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key 应为8-100位字母、数字或 _.:-', 'Idempotency-Key must be 8-100 letters, digits or _.:-', 'Idempotency-Key');
  }
  const principal = request.actor?.userId ?? `token:${request.actor?.tokenId ?? 'anonymous'}`;
  const route = `${request.method} ${request.routeOptions.url}`;
  // The request as sent (the path with its ids, the body in canonical JSON): a resend under the key must be this one.
  const requestHash = crypto.createHash('sha256').update(`${request.method} ${request.url.split('?')[0]}\n${canonicalJson(JSON.parse(JSON.stringify(request.body ?? null)))}`).digest('hex');
  const outcome = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`${principal}|${key}`}))`);
    const [seen] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    if (seen) {
      if (seen.route !== route || (seen.requestHash !== null && seen.requestHash !== requestHash)) throw keyReused();
      return { replayed: true as const, status: seen.status, body: seen.body };
    }
    const result = await run(tx);
    const body = JSON.parse(JSON.stringify(result));
    await tx.insert(idempotencyKeys).values({ principal, key, route, requestHash, status, body });
    return { replayed: false as const, status, body, result };
  });
  // Answered only once committed: a failed commit must not have told the client it worked.
  if (outcome.replayed) return reply.status(outcome.status).header('idempotent-replayed', 'true').send(outcome.body);
  if (afterCommit) await afterCommit(outcome.result);
  return reply.status(status).send(outcome.body);
}
