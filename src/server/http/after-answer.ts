import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Work a route starts after its answer is sent (alarm rules over what a batch just wrote): it runs on
 * its own, its failure is logged with the request, and closing the server waits for what is under way,
 * so none of it runs on a closed pool.
 */
export function afterAnswer(app: FastifyInstance) {
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => { await Promise.allSettled([...running]); });
  return (request: FastifyRequest, what: string, work: () => Promise<void>) => {
    const job = Promise.resolve().then(work)
      .catch((error) => request.log.error({ err: error }, `${what} failed`))
      .finally(() => running.delete(job));
    running.add(job);
  };
}
