import { z } from 'zod';
import { bilingual, freeRecord, instant } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about webhook subscriptions and their deliveries. The signing secret leaves
// once, in the answer to the subscription.

/** A subscription, with why a switched-off one was switched off. */
export const subscriptionSchema = z.object({
  id: z.string(), url: z.string(), events: z.array(z.string()), active: z.boolean(), consecutiveFailures: z.number(),
  disabledReason: z.string().nullable().describe('as stored (Chinese)'), disabledNotice: bilingual.nullable().describe('why it is off, in both languages; null while on'),
  createdAt: instant,
});
export const subscriptionPage = pageSchema(subscriptionSchema);
export const newSubscriptionSchema = subscriptionSchema.extend({ secret: z.string().describe('the HMAC-SHA256 signing secret: shown this once') });

/** What is POSTed to the endpoint. */
export const webhookEnvelope = z.object({ event: z.string(), id: z.string(), occurredAt: z.string().describe('ISO 8601'), data: freeRecord.describe('the event’s record: a manifest’s or an alarm’s fields') });
export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;

export const deliverySchema = z.object({
  id: z.string(), subscriptionId: z.string(), event: z.string(), payload: webhookEnvelope, status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(), nextAttemptAt: instant, lastStatusCode: z.number().nullable(), lastError: z.string().nullable(), createdAt: instant, deliveredAt: instant.nullable(),
});
export const deliveryPage = pageSchema(deliverySchema);

export const removedSubscriptionSchema = z.object({ id: z.string(), deletedDeliveries: z.number() });
