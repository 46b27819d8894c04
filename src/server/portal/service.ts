import { and, asc, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { portalArticles as articles, openDatasets as datasets } from './schema';
import { regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { containsPattern } from '../http/pagination';
import { impliedParent, regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { datasetSlug, type ArticleKind, type DatasetFrequency, type DatasetLicence } from '../../domain/portal';
import { datasetDefinition, regionNameOf } from './datasets';
/** What a write clears so the portal shows it: the public answers cached for its area. */
type Forget = { forget: () => void };

type Ctx = AuditContext & { actor: Actor };
const ARTICLE = { zh: '信息公开稿件', en: 'Portal article' };
const DATASET = { zh: '开放数据集', en: 'Open dataset' };

// 信息公开 is the zero-waste office's (seed 000 五(三): 在政府网站开设信息公开专栏): it writes for its
// own area and below; the administrator may too. Nobody else edits the portal.
function editor(actor: Actor, regionCode?: string): string {
  if (actor.via !== 'session' || (actor.role !== 'office' && actor.role !== 'platform_admin')) throw forbidden('信息公开由无废城市建设办公室发布', 'The zero-waste office publishes on the portal');
  const region = regionCode ?? actor.regionCode;
  if (actor.role !== 'platform_admin' && !regionWithin(region, actor.regionCode)) throw badRequest('OUTSIDE_AREA', '只能为本地区发布', 'You publish for your own area', 'regionCode');
  return region;
}

const sees = (actor: Actor, regionCode: string) => actor.role === 'platform_admin' || regionWithin(regionCode, actor.regionCode);
const inArea = (column: Parameters<typeof like>[0], code: string) => like(column, `${regionScopePrefix(code)}%`);

export interface ArticleInput {
  regionCode?: string; kind: ArticleKind; title: string; summary?: string; body?: string; issuer?: string; documentNo?: string;
  attachments?: { name: string; note?: string }[]; publishedOn?: string;
}

async function regionExists(db: Db, code: string) {
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
  if (!r) throw badRequest('UNKNOWN_REGION', '行政区划代码不存在', 'No such region', 'regionCode');
}

/** A policy or plan names its issuing body and document number (发文机关、文号); news and notices need neither. */
function checkArticle(input: Pick<ArticleInput, 'kind' | 'issuer' | 'documentNo'>) {
  if ((input.kind === 'policy' || input.kind === 'plan') && !input.issuer?.trim()) throw badRequest('ISSUER_REQUIRED', '政策文件和建设方案须填写发文机关', 'A policy or plan names its issuing body', 'issuer');
}

export async function createArticle(db: Db, ctx: Ctx, input: ArticleInput, cache: Forget) {
  const regionCode = editor(ctx.actor, input.regionCode);
  await regionExists(db, regionCode);
  checkArticle(input);
  const row = await db.transaction(async (tx) => {
    const [a] = await tx.insert(articles).values({
      regionCode, kind: input.kind, title: input.title, summary: input.summary ?? '', body: input.body ?? '', issuer: input.issuer ?? '', documentNo: input.documentNo ?? '',
      attachments: input.attachments ?? [], publishedOn: input.publishedOn ?? null, createdBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'portal.article_create', entityType: 'portal_article', entityId: a.id, regionCode, organisationId: ctx.actor.organisationId, after: a });
    return a;
  });
  cache.forget();
  return row;
}

async function loadArticle(db: Db, actor: Actor, id: string) {
  const [a] = await db.select().from(articles).where(eq(articles.id, id));
  if (!a || !sees(actor, a.regionCode)) throw notFound(ARTICLE);
  return a;
}

/** Changes an article's text; a published one stays published with the new text, the audit keeps the old. */
export async function updateArticle(db: Db, ctx: Ctx, id: string, input: Partial<Omit<ArticleInput, 'regionCode'>>, cache: Forget) {
  editor(ctx.actor);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(articles).where(eq(articles.id, id)).for('update');
    if (!before || !sees(ctx.actor, before.regionCode)) throw notFound(ARTICLE);
    if (before.state === 'withdrawn') throw conflict('WITHDRAWN', '已撤回的稿件不能修改，请新建', 'A withdrawn article is not edited: write a new one');
    checkArticle({ kind: input.kind ?? before.kind, issuer: input.issuer ?? before.issuer });
    const [after] = await tx.update(articles).set({ ...input, updatedAt: new Date() }).where(eq(articles.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'portal.article_update', entityType: 'portal_article', entityId: id, regionCode: before.regionCode, organisationId: ctx.actor.organisationId, before, after });
    return after;
  });
  cache.forget();
  return row;
}

export async function publishArticle(db: Db, ctx: Ctx, id: string, cache: Forget, now = new Date()) {
  editor(ctx.actor);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(articles).where(eq(articles.id, id)).for('update');
    if (!before || !sees(ctx.actor, before.regionCode)) throw notFound(ARTICLE);
    if (before.state !== 'draft') throw conflict('NOT_DRAFT', '只有草稿可以发布', 'Only a draft is published');
    if (!before.body.trim() && !before.attachments.length) throw badRequest('EMPTY_ARTICLE', '请填写正文或附件后再发布', 'Write the text or attach the document before publishing', 'body');
    const [after] = await tx.update(articles).set({ state: 'published', publishedAt: now, publishedOn: before.publishedOn ?? shanghaiDate(now), updatedAt: now }).where(eq(articles.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'portal.article_publish', entityType: 'portal_article', entityId: id, regionCode: before.regionCode, organisationId: ctx.actor.organisationId, before, after });
    return after;
  });
  cache.forget();
  return row;
}

export async function withdrawArticle(db: Db, ctx: Ctx, id: string, reason: string, cache: Forget, now = new Date()) {
  editor(ctx.actor);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(articles).where(eq(articles.id, id)).for('update');
    if (!before || !sees(ctx.actor, before.regionCode)) throw notFound(ARTICLE);
    if (before.state !== 'published') throw conflict('NOT_PUBLISHED', '只有已发布的稿件可以撤回', 'Only a published article is withdrawn');
    const [after] = await tx.update(articles).set({ state: 'withdrawn', withdrawnAt: now, withdrawReason: reason, updatedAt: now }).where(eq(articles.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'portal.article_withdraw', entityType: 'portal_article', entityId: id, regionCode: before.regionCode, organisationId: ctx.actor.organisationId, before, after });
    return after;
  });
  cache.forget();
  return row;
}

export interface ArticleFilter { kind?: ArticleKind; state?: 'draft' | 'published' | 'withdrawn'; q?: string }

/** The office's list: every state, its area. */
export async function listArticles(db: Db, actor: Actor, f: ArticleFilter, page: number, pageSize: number) {
  editor(actor);
  const where = and(actor.role === 'platform_admin' ? undefined : inArea(articles.regionCode, actor.regionCode), f.kind ? eq(articles.kind, f.kind) : undefined,
    f.state ? eq(articles.state, f.state) : undefined, f.q ? or(sql`${articles.title} ILIKE ${containsPattern(f.q)}`, sql`${articles.documentNo} ILIKE ${containsPattern(f.q)}`) : undefined);
  return pageOf(db, where, page, pageSize, true);
}

export async function articleForEditor(db: Db, actor: Actor, id: string) {
  editor(actor);
  return loadArticle(db, actor, id);
}

const regionNameSql = regionNameOf(articles.regionCode);

async function pageOf(db: Db, where: SQL | undefined, page: number, pageSize: number, withBody: boolean) {
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: articles.id, regionCode: articles.regionCode, regionName: regionNameSql, kind: articles.kind, title: articles.title, summary: articles.summary, issuer: articles.issuer, documentNo: articles.documentNo,
      state: articles.state, publishedOn: articles.publishedOn, publishedAt: articles.publishedAt, updatedAt: articles.updatedAt, withdrawReason: articles.withdrawReason,
      ...(withBody ? { attachments: articles.attachments } : {}),
    }).from(articles).where(where).orderBy(desc(sql`coalesce(${articles.publishedOn}, ${articles.createdAt}::date)`), desc(articles.createdAt), asc(articles.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(articles).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** What anyone reads: published articles of the area and of the areas above it (a county's visitor reads the city's policies too). */
export async function publicArticles(db: Db, f: { regionCode: string; kind?: ArticleKind; page: number; pageSize: number }) {
  const where = and(eq(articles.state, 'published'), areaAndAbove(articles.regionCode, f.regionCode), f.kind ? eq(articles.kind, f.kind) : undefined);
  return pageOf(db, where, f.page, f.pageSize, false);
}

function areaAndAbove(column: typeof articles.regionCode, code: string) {
  const above: string[] = [];
  for (let c = impliedParent(code); c; c = impliedParent(c)) above.push(c);
  return above.length ? or(inArea(column, code), inArray(column, above)) : inArea(column, code);
}

export async function publicArticle(db: Db, id: string) {
  const [a] = await db.select({
    id: articles.id, regionCode: articles.regionCode, regionName: regionNameSql, kind: articles.kind, title: articles.title, summary: articles.summary, body: articles.body, issuer: articles.issuer,
    documentNo: articles.documentNo, attachments: articles.attachments, publishedOn: articles.publishedOn, publishedAt: articles.publishedAt, updatedAt: articles.updatedAt,
  }).from(articles).where(and(eq(articles.id, id), eq(articles.state, 'published')));
  if (!a) throw notFound(ARTICLE);
  return a;
}

// ---- Open data ------------------------------------------------------------------------------------

export interface DatasetInput { regionCode?: string; dataset: string; title?: string; description?: string; keywords?: string[]; publisher: string; licence: DatasetLicence; frequency?: DatasetFrequency }

/** The office publishes one of the registry's datasets for its area: one address per area and dataset. */
export async function publishDataset(db: Db, ctx: Ctx, input: DatasetInput, cache: Forget) {
  const regionCode = editor(ctx.actor, input.regionCode);
  await regionExists(db, regionCode);
  const def = datasetDefinition(input.dataset);
  if (!def) throw badRequest('UNKNOWN_DATASET', '没有该数据集', 'No such dataset', 'dataset');
  const slug = datasetSlug(regionCode, def.key);
  const row = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(datasets).where(eq(datasets.slug, slug)).for('update');
    if (existing && !existing.withdrawnAt) throw conflict('ALREADY_PUBLISHED', '该数据集已发布', 'This dataset is already published', 'dataset');
    const values = {
      title: input.title ?? def.title.zh, description: input.description ?? def.description.zh, keywords: input.keywords ?? def.keywords, publisher: input.publisher,
      licence: input.licence, frequency: input.frequency ?? def.frequency, publishedBy: ctx.actor.userId!, publishedAt: new Date(), withdrawnAt: null, withdrawReason: null, updatedAt: new Date(),
    };
    // A dataset published again keeps its address: links to it stay good.
    const [after] = existing
      ? await tx.update(datasets).set(values).where(eq(datasets.id, existing.id)).returning()
      : await tx.insert(datasets).values({ regionCode, dataset: def.key, slug, ...values }).returning();
    await recordAudit(tx, ctx, { action: 'portal.dataset_publish', entityType: 'open_dataset', entityId: after.id, regionCode, organisationId: ctx.actor.organisationId, before: existing ?? null, after });
    return after;
  });
  cache.forget();
  return row;
}

export async function withdrawDataset(db: Db, ctx: Ctx, id: string, reason: string, cache: Forget) {
  editor(ctx.actor);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(datasets).where(eq(datasets.id, id)).for('update');
    if (!before || !sees(ctx.actor, before.regionCode)) throw notFound(DATASET);
    if (before.withdrawnAt) throw conflict('NOT_PUBLISHED', '该数据集已撤回', 'This dataset is withdrawn already');
    const [after] = await tx.update(datasets).set({ withdrawnAt: new Date(), withdrawReason: reason, updatedAt: new Date() }).where(eq(datasets.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'portal.dataset_withdraw', entityType: 'open_dataset', entityId: id, regionCode: before.regionCode, organisationId: ctx.actor.organisationId, before, after });
    return after;
  });
  cache.forget();
  return row;
}

export async function listDatasets(db: Db, actor: Actor, page: number, pageSize: number) {
  editor(actor);
  const where = actor.role === 'platform_admin' ? undefined : inArea(datasets.regionCode, actor.regionCode);
  const [items, [{ total }]] = await Promise.all([
    db.select().from(datasets).where(where).orderBy(asc(datasets.regionCode), asc(datasets.dataset)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(datasets).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** The published datasets of an area and below (all areas when none is named), for the DCAT catalogue. */
export async function publishedDatasets(db: Db, regionCode?: string) {
  return db.select().from(datasets).where(and(isNull(datasets.withdrawnAt), regionCode ? inArea(datasets.regionCode, regionCode) : undefined)).orderBy(asc(datasets.regionCode), asc(datasets.dataset)).limit(1000);
}

export async function publishedDataset(db: Db, slug: string) {
  const [d] = await db.select().from(datasets).where(and(eq(datasets.slug, slug), isNull(datasets.withdrawnAt)));
  if (!d) throw notFound(DATASET);
  const def = datasetDefinition(d.dataset);
  if (!def) throw notFound(DATASET);
  return { row: d, def };
}
