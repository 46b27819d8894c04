import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { idempotencyKeys } from '../manifests/schema';
import { AppError, badRequest } from './errors';

/**
 * Runs a create or sign once per Idempotency-Key and caller: a retry (a driver's phone resending
 * after losing signal) gets the first answer back instead of a second manifest or signature. A
 * transaction-scoped advisory lock on the key makes a concurrent duplicate wait for the first.
 */
export async function idempotent<T>(db: Db, request: FastifyRequest, reply: FastifyReply, status: number, run: () => Promise<T>) {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return reply.status(status).send(await run());
  if (typeof key !== 'string' || !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
    throw badRequest('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key 应为8-100位字母、数字或 _.:-', 'Idempotency-Key must be 8-100 letters, digits or _.:-', 'Idempotency-Key');
  }
  const principal = request.actor?.userId ?? `token:${request.actor?.tokenId ?? 'anonymous'}`;
  const route = `${request.method} ${request.routeOptions.url}`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`${principal}|${key}`}))`);
    const [seen] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    if (seen) {
      if (seen.route !== route) throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', { zh: '该 Idempotency-Key 已用于其他操作', en: 'This Idempotency-Key was used for another request' });
      return reply.status(seen.status).header('idempotent-replayed', 'true').send(seen.body);
    }
    const result = await run();
    const body = JSON.parse(JSON.stringify(result));
    await tx.insert(idempotencyKeys).values({ principal, key, route, status, body });
    return reply.status(status).send(body);
  });
}
