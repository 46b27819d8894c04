import crypto from 'node:crypto';
import { and, eq, sql, desc, inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { webhookSubscriptions, webhookDeliveries } from './schema';
import { notifications } from '../tasks/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { badRequest, forbidden, notFound } from '../http/errors';
import { webhookUrlProblem } from './url-guard';

type Ctx = AuditContext & { actor: Actor };
export const WEBHOOK_EVENTS = ['manifest.created', 'manifest.signed', 'manifest.received', 'manifest.refused', 'alarm.raised', 'alarm.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Back-off between attempts, then the delivery is given up; this many failures in a row disable the endpoint. */
export const RETRY_MINUTES = [1, 5, 30, 120, 720];
export const DISABLE_AFTER = 8;

const URL_MESSAGES: Record<string, [string, string]> = {
  SCHEME: ['地址须以 http:// 或 https:// 开头', 'The URL must start with http:// or https://'],
  CREDENTIALS: ['地址中不能包含用户名或密码', 'The URL must not contain a user name or password'],
  PRIVATE: ['不能推送到内网、本机或保留地址', 'Webhooks cannot point at private, loopback or reserved addresses'],
  UNRESOLVABLE: ['无法解析该域名', 'The host name does not resolve'],
  SELF: ['不能推送到本平台自身', 'Webhooks cannot point at this platform itself'],
};

export async function subscribe(db: Db, ctx: Ctx, input: { url: string; events: WebhookEvent[] }, selfHosts: string[]) {
  const actor = ctx.actor;
  if (!actor.organisationId || (actor.role !== 'enterprise_admin' && actor.role !== 'office' && actor.role !== 'platform_admin')) throw forbidden();
  const problem = await webhookUrlProblem(input.url, selfHosts);
  if (problem) throw badRequest(`WEBHOOK_URL_${problem}`, URL_MESSAGES[problem][0], URL_MESSAGES[problem][1], 'url');
  const secret = crypto.randomBytes(24).toString('base64url');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(webhookSubscriptions).values({ organisationId: actor.organisationId!, url: input.url, events: [...new Set(input.events)], secret, createdBy: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'webhook.subscribe', entityType: 'webhook', entityId: row.id, regionCode: actor.regionCode, organisationId: actor.organisationId, after: { url: row.url, events: row.events } });
    return row;
  });
}

export async function listSubscriptions(db: Db, actor: Actor) {
  if (!actor.organisationId) return { items: [] };
  const items = await db.select({ id: webhookSubscriptions.id, url: webhookSubscriptions.url, events: webhookSubscriptions.events, active: webhookSubscriptions.active, consecutiveFailures: webhookSubscriptions.consecutiveFailures, disabledReason: webhookSubscriptions.disabledReason, createdAt: webhookSubscriptions.createdAt })
    .from(webhookSubscriptions).where(eq(webhookSubscriptions.organisationId, actor.organisationId)).orderBy(desc(webhookSubscriptions.createdAt)).limit(100);
  return { items };
}

export async function deliveries(db: Db, actor: Actor, subscriptionId: string, page: number, pageSize: number) {
  const [sub] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
  if (!sub || sub.organisationId !== actor.organisationId) throw notFound({ zh: '订阅', en: 'Subscription' });
  const where = eq(webhookDeliveries.subscriptionId, subscriptionId);
  const [items, [{ total }]] = await Promise.all([
    db.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(webhookDeliveries).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** Switches a subscription off, or back on (its failure count starts again); the organisation's own only. */
export async function setActive(db: Db, ctx: Ctx, subscriptionId: string, active: boolean) {
  return db.transaction(async (tx) => {
    const [sub] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId)).for('update');
    if (!sub || sub.organisationId !== ctx.actor.organisationId) throw notFound({ zh: '订阅', en: 'Subscription' });
    const [after] = await tx.update(webhookSubscriptions).set(active ? { active: true, consecutiveFailures: 0, disabledReason: null } : { active: false, disabledReason: '由本单位停用' })
      .where(eq(webhookSubscriptions.id, subscriptionId)).returning({ id: webhookSubscriptions.id, active: webhookSubscriptions.active, disabledReason: webhookSubscriptions.disabledReason });
    await recordAudit(tx, ctx, { action: active ? 'webhook.enable' : 'webhook.disable', entityType: 'webhook', entityId: sub.id, regionCode: ctx.actor.regionCode, organisationId: sub.organisationId, before: { active: sub.active }, after: { active } });
    return after;
  });
}

/** Queues a `ping` for one subscription, to check the endpoint and the signature check on its side. */
export async function ping(db: Db, actor: Actor, subscriptionId: string) {
  const [sub] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
  if (!sub || sub.organisationId !== actor.organisationId) throw notFound({ zh: '订阅', en: 'Subscription' });
  if (!sub.active) throw badRequest('WEBHOOK_DISABLED', '该推送地址已停用，请先启用', 'This endpoint is switched off: switch it on first');
  const [row] = await db.insert(webhookDeliveries).values({ subscriptionId: sub.id, event: 'ping', payload: { event: 'ping', id: crypto.randomUUID(), occurredAt: new Date().toISOString(), data: { hello: 'wufei' } } }).returning();
  return row;
}

/** Queues an event for every active subscription of the organisations concerned (never anyone else's). */
export async function enqueue(db: Db, event: WebhookEvent, organisationIds: (string | null)[], payload: Record<string, unknown>) {
  const orgs = [...new Set(organisationIds.filter((o): o is string => !!o))];
  if (!orgs.length) return 0;
  const subs = await db.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions)
    .where(and(inArray(webhookSubscriptions.organisationId, orgs), eq(webhookSubscriptions.active, true), sql`${webhookSubscriptions.events} @> ARRAY[${event}]::text[]`));
  if (!subs.length) return 0;
  await db.insert(webhookDeliveries).values(subs.map((s) => ({ subscriptionId: s.id, event, payload: { event, id: crypto.randomUUID(), occurredAt: new Date().toISOString(), data: payload } })));
  return subs.length;
}

/** `X-Wufei-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as receivers verify it. */
export function signature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** One pass of the delivery worker: due deliveries, locked so two workers never send one twice. */
export async function deliverDue(db: Db, fetchImpl: typeof fetch = fetch, limit = 50) {
  const due = await db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string }>(sql`SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
    if (!rows.rows.length) return [];
    // Claim them by pushing the next attempt out; a crash mid-send retries after the claim lapses.
    await tx.execute(sql`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '2 minutes' WHERE id = ANY(${sql.param(rows.rows.map((r) => r.id))}::uuid[])`);
    return rows.rows.map((r) => r.id);
  });
  let delivered = 0, failed = 0;
  for (const id of due) {
    const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    const [sub] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, d.subscriptionId));
    const body = JSON.stringify(d.payload);
    let code: number | null = null;
    let error: string | null = null;
    if (!sub.active) error = 'subscription disabled';
    else {
      const problem = await webhookUrlProblem(sub.url);
      if (problem) error = `refused: ${problem}`;
      else {
        try {
          const res = await fetchImpl(sub.url, { method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(10_000),
            headers: { 'content-type': 'application/json', 'user-agent': 'Wufei-Webhooks/1', 'x-wufei-event': d.event, 'x-wufei-delivery': d.id, 'x-wufei-signature': signature(sub.secret, body) } });
          code = res.status;
          if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      }
    }
    const attempts = d.attempts + 1;
    if (!error) {
      delivered++;
      await db.update(webhookDeliveries).set({ status: 'delivered', attempts, lastStatusCode: code, lastError: null, deliveredAt: new Date() }).where(eq(webhookDeliveries.id, id));
      await db.update(webhookSubscriptions).set({ consecutiveFailures: 0 }).where(eq(webhookSubscriptions.id, sub.id));
      continue;
    }
    failed++;
    const giveUp = attempts > RETRY_MINUTES.length || !sub.active;
    await db.update(webhookDeliveries).set({ status: giveUp ? 'failed' : 'pending', attempts, lastStatusCode: code, lastError: error.slice(0, 500),
      nextAttemptAt: new Date(Date.now() + (RETRY_MINUTES[attempts - 1] ?? 0) * 60_000) }).where(eq(webhookDeliveries.id, id));
    if (sub.active) {
      const [after] = await db.update(webhookSubscriptions).set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` }).where(eq(webhookSubscriptions.id, sub.id)).returning();
      if (after.consecutiveFailures >= DISABLE_AFTER) {
        await db.update(webhookSubscriptions).set({ active: false, disabledReason: `连续 ${after.consecutiveFailures} 次推送失败（最近：${error.slice(0, 100)}）` }).where(eq(webhookSubscriptions.id, sub.id));
        await db.insert(notifications).values({ organisationId: sub.organisationId, kind: 'webhook_disabled', dedupeKey: `webhook-disabled:${sub.id}:${Date.now()}`, title: `推送地址 ${sub.url} 连续失败已停用`, link: '/webhooks' }).onConflictDoNothing();
      }
    }
  }
  return { delivered, failed };
}
