import crypto from 'node:crypto';
import { and, eq, sql, desc, inArray, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { webhookSubscriptions, webhookDeliveries } from './schema';
import { notifications } from '../tasks/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import type { RaisedAlarm } from '../alarms/engine';
import { badRequest, conflict, forbidden, notFound, type Message } from '../http/errors';
import { webhookUrlProblem } from './url-guard';
import { sendWebhook, type Send } from './transport';
import { mayManageWebhooks, ownsSubscription } from './policy';

type Ctx = AuditContext & { actor: Actor };
export const WEBHOOK_EVENTS = ['manifest.created', 'manifest.signed', 'manifest.received', 'manifest.refused', 'alarm.raised', 'alarm.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Back-off between attempts, then the delivery is given up; this many failures in a row disable the endpoint. */
export const RETRY_MINUTES = [1, 5, 30, 120, 720];
export const DISABLE_AFTER = 8;
/** Endpoints one organisation may have: enough for its systems, few enough that nobody fans events out at us. */
export const MAX_SUBSCRIPTIONS = 20;
/** Deliveries sent at once by one pass of the worker. */
const PARALLEL = 8;

const URL_MESSAGES: Record<string, [string, string]> = {
  SCHEME: ['地址须以 http:// 或 https:// 开头', 'The URL must start with http:// or https://'],
  CREDENTIALS: ['地址中不能包含用户名或密码，请用签名密钥校验来源', 'The URL must not contain a user name or password: check the signature instead'],
  PRIVATE: ['不能推送到内网、本机或保留地址，请填写公网可访问的地址', 'Webhooks cannot point at private, loopback or reserved addresses: give a publicly reachable URL'],
  UNRESOLVABLE: ['无法解析该域名，请检查拼写', 'The host name does not resolve: check its spelling'],
  SELF: ['不能推送到本平台自身', 'Webhooks cannot point at this platform itself'],
};

const subscriptionNotFound = () => notFound({ zh: '推送订阅', en: 'Webhook subscription' });

async function ownSubscription(db: Pick<Db, 'select'>, actor: Actor, id: string, lock = false) {
  const query = db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  const [sub] = lock ? await query.for('update') : await query;
  if (!sub || !ownsSubscription(actor, sub)) throw subscriptionNotFound();
  return sub;
}

// Why an endpoint was switched off, as stored (Chinese, also the notice's title) and as shown in both languages.
const BY_OWNER = '由本单位停用';
const failuresReason = (count: number, last: string) => `连续 ${count} 次推送失败（最近：${last.slice(0, 100)}）`;

export function disabledNotice(reason: string | null): Message | null {
  if (!reason) return null;
  if (reason === BY_OWNER) return { zh: '已由本单位停用，事件不再推送', en: 'Switched off by your organisation: no events are sent' };
  const failures = /^连续 (\d+) 次推送失败（最近：(.*)）$/s.exec(reason);
  if (failures) {
    return {
      zh: `连续 ${failures[1]} 次推送失败，已自动停用（最近一次：${failures[2]}）。请检查接收地址后重新启用。`,
      en: `Switched off after ${failures[1]} failed deliveries in a row (last: ${failures[2]}). Check the endpoint, then switch it back on.`,
    };
  }
  return { zh: reason, en: reason };
}

const present = (s: typeof webhookSubscriptions.$inferSelect) => ({
  id: s.id, url: s.url, events: s.events, active: s.active, consecutiveFailures: s.consecutiveFailures,
  disabledReason: s.disabledReason, disabledNotice: s.active ? null : disabledNotice(s.disabledReason), createdAt: s.createdAt,
});

/** Subscribes a URL of the organisation's; the answer carries the signing secret, the only time it is shown. */
export async function subscribe(db: Db, ctx: Ctx, input: { url: string; events: WebhookEvent[] }, selfHosts: string[]) {
  const actor = ctx.actor;
  if (!mayManageWebhooks(actor)) throw forbidden('只有企业管理员可以订阅事件推送', 'Only an enterprise administrator can subscribe to webhooks');
  const url = input.url.trim();
  const problem = await webhookUrlProblem(url, selfHosts);
  if (problem) throw badRequest(`WEBHOOK_URL_${problem}`, URL_MESSAGES[problem][0], URL_MESSAGES[problem][1], 'url');
  const secret = crypto.randomBytes(24).toString('base64url');
  return db.transaction(async (tx) => {
    // Serialises the organisation's subscriptions, so that two at once cannot both pass the count.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('webhook_subscriptions'), hashtext(${actor.organisationId}))`);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(webhookSubscriptions).where(eq(webhookSubscriptions.organisationId, actor.organisationId));
    if (n >= MAX_SUBSCRIPTIONS) throw conflict('WEBHOOK_LIMIT', `每个单位最多 ${MAX_SUBSCRIPTIONS} 个推送地址，请先删除不用的`, `At most ${MAX_SUBSCRIPTIONS} endpoints per organisation: delete one you no longer use`);
    const [row] = await tx.insert(webhookSubscriptions).values({ organisationId: actor.organisationId, url, events: [...new Set(input.events)], secret, createdBy: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'webhook.subscribe', entityType: 'webhook', entityId: row.id, regionCode: actor.regionCode, organisationId: actor.organisationId, after: { url: row.url, events: row.events } });
    return { ...present(row), secret };
  });
}

export async function listSubscriptions(db: Db, actor: Actor, page: number, pageSize: number) {
  if (!mayManageWebhooks(actor)) throw forbidden();
  const where = eq(webhookSubscriptions.organisationId, actor.organisationId);
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(webhookSubscriptions).where(where).orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(webhookSubscriptions).where(where),
  ]);
  return { items: rows.map(present), total, page, pageSize };
}

export async function deliveries(db: Db, actor: Actor, subscriptionId: string, page: number, pageSize: number) {
  await ownSubscription(db, actor, subscriptionId);
  const where = eq(webhookDeliveries.subscriptionId, subscriptionId);
  const [items, [{ total }]] = await Promise.all([
    db.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(webhookDeliveries).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** Switches a subscription off, or back on (its failure count starts again); the organisation's own only. */
export async function setActive(db: Db, ctx: Ctx, subscriptionId: string, active: boolean) {
  return db.transaction(async (tx) => {
    const sub = await ownSubscription(tx, ctx.actor, subscriptionId, true);
    const [after] = await tx.update(webhookSubscriptions).set(active ? { active: true, consecutiveFailures: 0, disabledReason: null } : { active: false, disabledReason: BY_OWNER })
      .where(eq(webhookSubscriptions.id, subscriptionId)).returning();
    await recordAudit(tx, ctx, { action: active ? 'webhook.enable' : 'webhook.disable', entityType: 'webhook', entityId: sub.id, regionCode: ctx.actor.regionCode, organisationId: sub.organisationId,
      before: { active: sub.active, consecutiveFailures: sub.consecutiveFailures, disabledReason: sub.disabledReason }, after: { active } });
    return present(after);
  });
}

/** Deletes a subscription with its delivery log. */
export async function removeSubscription(db: Db, ctx: Ctx, subscriptionId: string) {
  return db.transaction(async (tx) => {
    const sub = await ownSubscription(tx, ctx.actor, subscriptionId, true);
    const gone = await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, sub.id)).returning({ id: webhookDeliveries.id });
    await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, sub.id));
    await recordAudit(tx, ctx, { action: 'webhook.delete', entityType: 'webhook', entityId: sub.id, regionCode: ctx.actor.regionCode, organisationId: sub.organisationId,
      before: { url: sub.url, events: sub.events, active: sub.active, deliveries: gone.length } });
    return { id: sub.id, deletedDeliveries: gone.length };
  });
}

const envelope = (event: string, data: Record<string, unknown>) => ({ event, id: crypto.randomUUID(), occurredAt: new Date().toISOString(), data });

/** Queues a `ping` for one subscription, to check the endpoint and the signature check on its side. */
export async function ping(db: Db, ctx: Ctx, subscriptionId: string) {
  return db.transaction(async (tx) => {
    const sub = await ownSubscription(tx, ctx.actor, subscriptionId);
    if (!sub.active) throw badRequest('WEBHOOK_DISABLED', '该推送地址已停用，请先重新启用', 'This endpoint is switched off: switch it back on first');
    const [row] = await tx.insert(webhookDeliveries).values({ subscriptionId: sub.id, event: 'ping', payload: envelope('ping', { subscriptionId: sub.id, hello: 'wufei' }) }).returning();
    await recordAudit(tx, ctx, { action: 'webhook.ping', entityType: 'webhook', entityId: sub.id, regionCode: ctx.actor.regionCode, organisationId: sub.organisationId, after: { deliveryId: row.id } });
    return row;
  });
}

/**
 * Queues an event for every active subscription of the organisations concerned (never anyone else's).
 * `webhook_deliveries` is the outbox: given the transaction of the write the event reports, the
 * delivery commits or rolls back with it, and the worker (deliverDue) sends what committed.
 */
export async function enqueue(q: Queryable, event: WebhookEvent, organisationIds: (string | null)[], payload: Record<string, unknown>) {
  const orgs = [...new Set(organisationIds.filter((o): o is string => !!o))];
  if (!orgs.length) return 0;
  const subs = await q.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions)
    .where(and(inArray(webhookSubscriptions.organisationId, orgs), eq(webhookSubscriptions.active, true), sql`${webhookSubscriptions.events} @> ARRAY[${event}]::text[]`));
  if (!subs.length) return 0;
  const body = envelope(event, payload);
  await q.insert(webhookDeliveries).values(subs.map((s) => ({ subscriptionId: s.id, event, payload: body })));
  return subs.length;
}

/**
 * What enqueue() writes, as one INSERT … SELECT over the subscriptions (null when no organisation is
 * named): a writer puts it into a statement of its own, so the outbox rows cost no round trip of their own.
 */
export function enqueueSql(event: WebhookEvent, organisationIds: (string | null)[], payload: Record<string, unknown>): SQL | null {
  const orgs = [...new Set(organisationIds.filter((o): o is string => !!o))];
  if (!orgs.length) return null;
  return sql`INSERT INTO ${webhookDeliveries} (subscription_id, event, payload)
    SELECT s.id, ${event}, ${JSON.stringify(envelope(event, payload))}::jsonb FROM ${webhookSubscriptions} s
    WHERE s.organisation_id = ANY(${sql.param(orgs)}::uuid[]) AND s.active AND s.events @> ARRAY[${event}]::text[]`;
}

/** The event a signature makes of a manifest, by the status it leaves it in. */
export function signingEvent(status: string): WebhookEvent {
  if (status === 'refused' || status === 'partially_refused') return 'manifest.refused';
  return status === 'received' ? 'manifest.received' : 'manifest.signed';
}

/**
 * Alarms reach the webhooks of the organisation they belong to (a producer's overdue receipt, a
 * transporter's truck off its corridor) as they are raised and as they change: queued in the
 * transaction that raises or moves them, so one alarm makes one delivery whichever process wrote it.
 */
export async function enqueueAlarmEvents(q: Queryable, type: 'raised' | 'changed', alarms: readonly RaisedAlarm[]) {
  const orgs = [...new Set(alarms.map((a) => a.organisationId).filter((o): o is string => !!o))];
  if (!orgs.length) return 0;
  const event: WebhookEvent = type === 'raised' ? 'alarm.raised' : 'alarm.changed';
  const subs = await q.select({ id: webhookSubscriptions.id, organisationId: webhookSubscriptions.organisationId }).from(webhookSubscriptions)
    .where(and(inArray(webhookSubscriptions.organisationId, orgs), eq(webhookSubscriptions.active, true), sql`${webhookSubscriptions.events} @> ARRAY[${event}]::text[]`));
  if (!subs.length) return 0;
  const rows = alarms.flatMap((a) => subs.filter((s) => s.organisationId === a.organisationId).map((s) => ({ subscriptionId: s.id, event, payload: envelope(event, { ...a }) })));
  if (rows.length) await q.insert(webhookDeliveries).values(rows);
  return rows.length;
}

/** `X-Wufei-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as receivers verify it. */
export function signature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** One pass of the delivery worker: due deliveries, locked so two workers never send one twice. */
export async function deliverDue(db: Db, send: Send = sendWebhook, limit = 50) {
  const due = await db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string }>(sql`SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
    if (!rows.rows.length) return [];
    // Claim them by pushing the next attempt out (longer than a pass can take: PARALLEL at a time, 10 s
    // each at most); a crash mid-send retries after the claim lapses.
    await tx.execute(sql`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '3 minutes' WHERE id = ANY(${sql.param(rows.rows.map((r) => r.id))}::uuid[])`);
    return rows.rows.map((r) => r.id);
  });
  const outcome = { delivered: 0, failed: 0 };
  for (let i = 0; i < due.length; i += PARALLEL) {
    const results = await Promise.all(due.slice(i, i + PARALLEL).map((id) => deliverOne(db, id, send)));
    for (const ok of results) if (ok !== null) outcome[ok ? 'delivered' : 'failed']++;
  }
  return outcome;
}

/** Sends one claimed delivery and records the outcome: true delivered, false failed, null gone meanwhile. */
async function deliverOne(db: Db, id: string, send: Send): Promise<boolean | null> {
  const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  const [sub] = d ? await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, d.subscriptionId)) : [];
  if (!d || !sub) return null;
  const body = JSON.stringify(d.payload);
  let code: number | null = null;
  let error: string | null = null;
  if (!sub.active) error = 'subscription switched off';
  else {
    const problem = await webhookUrlProblem(sub.url);
    if (problem) error = `refused: ${problem}`;
    else {
      try {
        code = await send(sub.url, body, { 'content-type': 'application/json', 'user-agent': 'Wufei-Webhooks/1', 'x-wufei-event': d.event, 'x-wufei-delivery': d.id, 'x-wufei-signature': signature(sub.secret, body) });
        if (code < 200 || code >= 300) error = `HTTP ${code}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
  }
  const attempts = d.attempts + 1;
  if (!error) {
    await db.update(webhookDeliveries).set({ status: 'delivered', attempts, lastStatusCode: code, lastError: null, deliveredAt: new Date() }).where(eq(webhookDeliveries.id, id));
    await db.update(webhookSubscriptions).set({ consecutiveFailures: 0 }).where(eq(webhookSubscriptions.id, sub.id));
    return true;
  }
  const giveUp = attempts > RETRY_MINUTES.length || !sub.active;
  await db.update(webhookDeliveries).set({ status: giveUp ? 'failed' : 'pending', attempts, lastStatusCode: code, lastError: error.slice(0, 500),
    nextAttemptAt: new Date(Date.now() + (RETRY_MINUTES[attempts - 1] ?? 0) * 60_000) }).where(eq(webhookDeliveries.id, id));
  if (sub.active) await countFailure(db, sub, error);
  return false;
}

/** One more failure in a row; at DISABLE_AFTER the endpoint is switched off (once) and its organisation notified. */
async function countFailure(db: Db, sub: typeof webhookSubscriptions.$inferSelect, error: string) {
  const [after] = await db.update(webhookSubscriptions).set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` }).where(eq(webhookSubscriptions.id, sub.id)).returning();
  if (!after || after.consecutiveFailures < DISABLE_AFTER) return;
  const reason = failuresReason(after.consecutiveFailures, error);
  const [disabled] = await db.update(webhookSubscriptions).set({ active: false, disabledReason: reason })
    .where(and(eq(webhookSubscriptions.id, sub.id), eq(webhookSubscriptions.active, true))).returning({ id: webhookSubscriptions.id });
  if (!disabled) return;
  await db.insert(notifications).values({ organisationId: sub.organisationId, kind: 'webhook_disabled', dedupeKey: `webhook-disabled:${sub.id}:${Date.now()}`,
    title: `推送地址 ${sub.url} ${reason}，已停用`, link: '/webhooks' }).onConflictDoNothing();
}
