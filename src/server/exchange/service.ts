import { and, desc, eq, inArray, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { exchangeListings, exchangeContacts, exchangeDeals } from './schema';
import { organisations } from '../platform/organisations/schema';
import { manifests } from '../manifests/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { regulatedBy } from '../../domain/streams';
import { requireStreamCode } from '../ledger/service';
import { regionScopePrefix } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';

// 工业固体废物交易信息平台 and 再生产品供求信息: companies post offers and demands, the board matches
// them by class and distance, the two get in touch through the platform, and deals are recorded
// for the regulators. Contact details of a listing stay hidden from other companies until they
// have written about it: first contact goes through the platform (the owner knows who asks, and
// phone numbers cannot be harvested by browsing the board).

type Ctx = AuditContext & { actor: Actor };
export type Category = 'waste' | 'product';
const LISTING = { zh: '供需信息', en: 'Listing' };
const CONTACT = { zh: '留言', en: 'Message' };

const SW_CODE = /^SW\d{2}$/;
// 国家危险废物名录 codes (900-249-08): hazardous waste goes to licensed operators on its own manifest, never over the board.
const HW_CODE = /^\d{3}-\d{3}-\d{2}$/;

function refuseHazardous(code: string) {
  if (HW_CODE.test(code)) {
    throw badRequest('HAZARDOUS_CODE', `${code} 是危险废物代码：危险废物不在交易信息平台发布，须交持证单位并按转移联单办理`,
      `${code} is a hazardous-waste code: hazardous waste is not traded on the board but handed to a licensed operator on its manifest`, 'wasteClass');
  }
}

/** A class as written in a filter: SW codes in capitals, product kinds as they are. */
const filterClass = (raw: string) => (SW_CODE.test(raw.trim().toUpperCase()) ? raw.trim().toUpperCase() : raw.trim());

// ── who may do what ─────────────────────────────────────────────────────────────────────────────

// The board's categories follow the streams' regulators: ecology-environment the general industrial
// solid waste, the housing bureau and urban management the recycled products of construction waste.
const STREAM_OF: Record<Category, string> = { waste: 'industrial', product: 'construction' };
const isAdmin = (a: Actor) => a.role === 'platform_admin';
const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';
const isTrader = (a: Actor) => a.organisationKind === 'enterprise' && a.organisationStatus === 'verified' && (a.role === 'enterprise_admin' || a.role === 'enterprise_member') && !!a.organisationId;

/** The categories an official supervises (the office and the admin both). */
export function supervisedCategories(a: Actor): Category[] {
  if (isAdmin(a)) return ['waste', 'product'];
  if (!isOfficial(a)) return [];
  return (['waste', 'product'] as const).filter((c) => regulatedBy(a.domain, STREAM_OF[c], ''));
}

/** A company that may post, write and record deals: verified, and not a driver's login. */
function requireTrader(a: Actor): string {
  if (a.organisationKind !== 'enterprise' || !a.organisationId) throw forbidden('供需信息由企业发布和联系', 'Listings are posted and answered by companies');
  if (a.organisationStatus !== 'verified') throw new AppError(409, 'NOT_VERIFIED', { zh: '单位尚未审核通过', en: 'Your organisation is not verified yet' });
  if (!isTrader(a)) throw forbidden();
  return a.organisationId;
}

/** Reading the board: companies that trade on it and the officials who supervise it. */
export function requireBoardReader(a: Actor) {
  if (isTrader(a)) return;
  if (supervisedCategories(a).length > 0) return;
  if (a.organisationKind === 'enterprise' && a.organisationStatus !== 'verified') throw new AppError(409, 'NOT_VERIFIED', { zh: '单位尚未审核通过', en: 'Your organisation is not verified yet' });
  throw forbidden('交易信息供企业和相关监管部门使用', 'The exchange board is for companies and the departments that supervise it');
}

const today = () => shanghaiDate(new Date());
const TODAY_SQL = sql`(now() AT TIME ZONE 'Asia/Shanghai')::date`;
const L = exchangeListings;
/** Open and not past its validity date: what the board shows as available. */
const effectivelyOpen = sql`(${L.status} = 'open' AND (${L.validUntil} IS NULL OR ${L.validUntil} >= ${TODAY_SQL}))`;
const stateSql = sql<'open' | 'closed' | 'expired'>`CASE WHEN ${L.status} = 'closed' THEN 'closed' WHEN ${L.validUntil} < ${TODAY_SQL} THEN 'expired' ELSE 'open' END`;
const inRegion = (column: AnyColumn, code: string) => sql`${column} LIKE ${`${regionScopePrefix(code)}%`}`;
const categoryList = (cats: Category[]) => sql.join(cats.map((c) => sql`${c}`), sql`, `);

/** The other company wrote about this listing, or this listing was pointed at in a message to one of ours. */
const inTouchWith = (org: string) => sql`(
  EXISTS (SELECT 1 FROM exchange_contacts c WHERE c.listing_id = ${L.id} AND c.from_organisation_id = ${org}::uuid)
  OR EXISTS (SELECT 1 FROM exchange_contacts c JOIN exchange_listings mine ON mine.id = c.listing_id WHERE c.from_listing_id = ${L.id} AND mine.organisation_id = ${org}::uuid))`;

/** Which listings the actor may see at all. */
function listingVisibility(a: Actor): SQL {
  if (isAdmin(a)) return sql`true`;
  const cats = supervisedCategories(a);
  if (cats.length) return sql`(${inRegion(L.regionCode, a.regionCode)} AND ${L.category} IN (${categoryList(cats)}))`;
  if (isTrader(a)) return sql`(${L.organisationId} = ${a.organisationId}::uuid OR ${effectivelyOpen} OR ${inTouchWith(a.organisationId!)})`;
  return sql`false`;
}

/** Whether the listing's contact name and phone are shown to the actor. */
function contactShown(a: Actor): SQL {
  if (isAdmin(a) || supervisedCategories(a).length) return sql`true`;
  if (isTrader(a)) return sql`(${L.organisationId} = ${a.organisationId}::uuid OR ${inTouchWith(a.organisationId!)})`;
  return sql`false`;
}

// ── listings ────────────────────────────────────────────────────────────────────────────────────

const className = sql<string>`CASE WHEN ${L.category} = 'product' THEN ${L.wasteClass} ELSE coalesce((SELECT e.name FROM catalogue_entries e JOIN catalogue_versions v ON v.id = e.version_id
  WHERE v.catalogue = 'industrial' AND v.is_current AND e.code = ${L.wasteClass}), ${L.wasteClass}) END`;

function listingColumns(a: Actor) {
  const shown = contactShown(a);
  return {
    id: L.id, kind: L.kind, category: L.category, wasteClass: L.wasteClass, className, title: L.title, quantity: L.quantityT, unit: L.unit, priceYuan: L.priceYuan,
    frequency: L.frequency, place: L.place, longitude: L.longitude, latitude: L.latitude, composition: L.composition, validUntil: L.validUntil, status: L.status, state: stateSql,
    regionCode: L.regionCode, organisationId: L.organisationId, organisationName: organisations.name, createdAt: L.createdAt, closedAt: L.closedAt,
    mine: a.organisationId ? sql<boolean>`${L.organisationId} = ${a.organisationId}::uuid` : sql<boolean>`false`,
    contactShown: shown.mapWith(Boolean),
    contactName: sql<string | null>`CASE WHEN ${shown} THEN ${L.contactName} END`,
    contactPhone: sql<string | null>`CASE WHEN ${shown} THEN ${L.contactPhone} END`,
  };
}

export interface NewListing {
  kind: 'offer' | 'demand'; category: Category; wasteClass: string; title?: string; quantity: number; unit?: string; priceYuan?: number; frequency?: string;
  place?: string; longitude?: number; latitude?: number; composition?: string; contactName?: string; contactPhone?: string; validUntil?: string;
}

/** An offer (what the company has) or a demand (what it needs): waste by its SW class, a product by its kind. */
export async function createListing(db: Db, ctx: Ctx, input: NewListing) {
  const orgId = requireTrader(ctx.actor);
  let wasteClass = input.wasteClass.trim();
  refuseHazardous(wasteClass);
  let unit: string;
  let defaultTitle: string;
  if (input.category === 'waste') {
    wasteClass = wasteClass.toUpperCase();
    const entry = await requireStreamCode(db, 'industrial', wasteClass, 'wasteClass');
    if (input.unit && input.unit !== '吨') throw badRequest('BAD_UNIT', '一般工业固体废物以吨计', 'General industrial solid waste is counted in tonnes', 'unit');
    unit = '吨';
    defaultTitle = entry.name;
  } else {
    if (!wasteClass) throw badRequest('PRODUCT_KIND_REQUIRED', '请填写再生产品种类（如再生骨料、再生砖）', 'Name the kind of product (e.g. recycled aggregate, recycled bricks)', 'wasteClass');
    if (SW_CODE.test(wasteClass.toUpperCase())) throw badRequest('PRODUCT_KIND_IS_WASTE', '工业固体废物类别请按“工业固体废物”发布', 'Post a solid-waste class under the waste category', 'wasteClass');
    if (!input.unit) throw badRequest('UNIT_REQUIRED', '请选择再生产品的计量单位', 'Choose the unit the product is counted in', 'unit');
    unit = input.unit;
    defaultTitle = wasteClass;
  }
  if (input.validUntil && input.validUntil < today()) throw badRequest('VALID_UNTIL_PAST', '有效期不能早于今天', 'The validity date cannot be in the past', 'validUntil');
  if ((input.longitude === undefined) !== (input.latitude === undefined)) throw badRequest('COORDINATES', '经度和纬度须同时填写', 'Give both longitude and latitude, or neither', input.longitude === undefined ? 'longitude' : 'latitude');
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, orgId));
    const [listing] = await tx.insert(exchangeListings).values({
      regionCode: org.regionCode, organisationId: org.id, kind: input.kind, category: input.category, wasteClass, title: input.title || defaultTitle,
      quantityT: input.quantity, unit, priceYuan: input.priceYuan ?? null, frequency: input.frequency ?? '', place: input.place || org.address,
      // Where the material is (or is wanted): the company's own site unless the listing says otherwise.
      longitude: input.longitude ?? org.longitude, latitude: input.latitude ?? org.latitude, composition: input.composition ?? '',
      contactName: input.contactName || org.contactName, contactPhone: input.contactPhone || org.contactPhone, validUntil: input.validUntil ?? null, createdBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'exchange.listing', entityType: 'exchange_listing', entityId: listing.id, regionCode: listing.regionCode, organisationId: org.id, after: listing });
    return listing;
  });
}

export interface ListingFilter { kind?: 'offer' | 'demand'; category?: Category; wasteClass?: string; mine?: boolean; state?: 'open' | 'closed' | 'expired'; page: number; pageSize: number }

/**
 * The board: for a company, what is open now (or, with `mine`, its own in every state); for an
 * official, every listing of the area in the categories the department supervises.
 */
export async function pageListings(db: Db, actor: Actor, f: ListingFilter) {
  requireBoardReader(actor);
  const conditions: SQL[] = [listingVisibility(actor)];
  const official = !isTrader(actor);
  if (f.mine) {
    if (official) throw badRequest('NOT_A_COMPANY', '“我的发布”仅适用于企业', '"Mine" applies to companies only', 'mine');
    conditions.push(eq(L.organisationId, actor.organisationId!));
  } else if (!official) conditions.push(effectivelyOpen);
  if (f.state) conditions.push(sql`${stateSql} = ${f.state}`);
  if (f.kind) conditions.push(eq(L.kind, f.kind));
  if (f.category) conditions.push(eq(L.category, f.category));
  if (f.wasteClass) conditions.push(eq(L.wasteClass, filterClass(f.wasteClass)));
  const where = and(...conditions)!;
  const [items, [{ total }]] = await Promise.all([
    db.select(listingColumns(actor)).from(L).innerJoin(organisations, eq(organisations.id, L.organisationId)).where(where)
      .orderBy(desc(L.createdAt), L.id).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(L).where(where),
  ]);
  return { items, total, page: f.page, pageSize: f.pageSize };
}

async function loadVisible(q: Queryable, actor: Actor, id: string) {
  const [row] = await q.select(listingColumns(actor)).from(L).innerJoin(organisations, eq(organisations.id, L.organisationId)).where(and(eq(L.id, id), listingVisibility(actor)));
  if (!row) throw notFound(LISTING);
  return row;
}

/** One listing with what the actor may do with it. */
export async function listingDetail(db: Db, actor: Actor, id: string) {
  requireBoardReader(actor);
  const listing = await loadVisible(db, actor, id);
  const trader = isTrader(actor);
  return {
    ...listing,
    can: {
      close: trader && listing.mine && listing.status === 'open',
      contact: trader && !listing.mine && listing.state === 'open',
      reply: trader && listing.mine,
      recordDeal: trader,
    },
  };
}

/** For a listing, the open listings of the other kind and the same class, nearest first (great-circle km). */
export async function pageMatches(db: Db, actor: Actor, id: string, page: number, pageSize: number) {
  requireBoardReader(actor);
  const source = await loadVisible(db, actor, id);
  const lat = source.latitude, lon = source.longitude;
  const distance = lat === null || lon === null ? sql<number | null>`NULL::float8` : sql<number | null>`CASE WHEN ${L.latitude} IS NULL OR ${L.longitude} IS NULL THEN NULL ELSE
    round((2 * 6371 * asin(least(1, sqrt(power(sin(radians(${L.latitude} - ${lat}::float8) / 2), 2)
      + cos(radians(${lat}::float8)) * cos(radians(${L.latitude})) * power(sin(radians(${L.longitude} - ${lon}::float8) / 2), 2)))))::numeric, 1)::float8 END`;
  // Uses exchange_listings_match_idx (class, kind, status); a company's own listings are no match for it.
  const where = and(eq(L.wasteClass, source.wasteClass), eq(L.kind, source.kind === 'offer' ? 'demand' : 'offer'), eq(L.category, source.category), effectivelyOpen,
    sql`${L.organisationId} <> ${source.organisationId}::uuid`, listingVisibility(actor))!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ ...listingColumns(actor), distanceKm: distance.mapWith((v) => (v === null ? null : Number(v))) }).from(L).innerJoin(organisations, eq(organisations.id, L.organisationId)).where(where)
      .orderBy(sql`${distance} ASC NULLS LAST`, desc(L.createdAt), L.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(L).where(where),
  ]);
  return { items, total, page, pageSize, from: { longitude: lon, latitude: lat } };
}

/** 撤下: only the owner closes a listing, once. */
export async function closeListing(db: Db, ctx: Ctx, id: string) {
  const orgId = requireTrader(ctx.actor);
  return db.transaction(async (tx) => {
    // A listing the caller may read (an open one on the board) but does not own is refused, not hidden.
    await loadVisible(tx, ctx.actor, id);
    const [listing] = await tx.select().from(L).where(eq(L.id, id)).for('update');
    if (!listing) throw notFound(LISTING);
    if (listing.organisationId !== orgId) throw forbidden('只能撤下本单位发布的信息', 'Only the company that posted a listing closes it');
    if (listing.status === 'closed') throw conflict('ALREADY_CLOSED', '该信息已撤下', 'This listing is closed already');
    const [after] = await tx.update(L).set({ status: 'closed', closedAt: new Date() }).where(eq(L.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'exchange.listing_close', entityType: 'exchange_listing', entityId: id, regionCode: listing.regionCode, organisationId: orgId, before: { status: listing.status }, after: { status: after.status } });
    return after;
  });
}

// ── contacts ────────────────────────────────────────────────────────────────────────────────────

/** 联系: a company writes about another's open listing, optionally pointing at its own listing. */
export async function sendContact(db: Db, ctx: Ctx, listingId: string, input: { message: string; fromListingId?: string }) {
  const orgId = requireTrader(ctx.actor);
  return db.transaction(async (tx) => {
    const listing = await loadVisible(tx, ctx.actor, listingId);
    if (listing.organisationId === orgId) throw badRequest('OWN_LISTING', '不能联系本单位发布的信息', 'You cannot write about your own listing');
    if (listing.state !== 'open') throw conflict('LISTING_NOT_OPEN', '该信息已撤下或已过期', 'This listing is closed or expired');
    if (input.fromListingId) {
      const [own] = await tx.select().from(L).where(eq(L.id, input.fromListingId));
      if (!own || own.organisationId !== orgId) throw badRequest('NOT_YOUR_LISTING', '所附信息须为本单位发布的信息', 'The listing you point at must be one of yours', 'fromListingId');
      if (own.kind === listing.kind) throw badRequest('SAME_KIND', '所附信息应为相对的供应或需求', 'Point at a listing of the other kind (an offer for a demand, a demand for an offer)', 'fromListingId');
    }
    const [contact] = await tx.insert(exchangeContacts).values({ listingId, fromOrganisationId: orgId, fromListingId: input.fromListingId ?? null, message: input.message, createdBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'exchange.contact', entityType: 'exchange_contact', entityId: contact.id, regionCode: listing.regionCode, organisationId: orgId, after: contact });
    return contact;
  });
}

/** The owner answers a message on its listing (one answer per message). */
export async function replyContact(db: Db, ctx: Ctx, contactId: string, reply: string) {
  const orgId = requireTrader(ctx.actor);
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ contact: exchangeContacts, listing: L }).from(exchangeContacts).innerJoin(L, eq(L.id, exchangeContacts.listingId)).where(eq(exchangeContacts.id, contactId)).for('update', { of: exchangeContacts });
    if (!row || (row.listing.organisationId !== orgId && row.contact.fromOrganisationId !== orgId)) throw notFound(CONTACT);
    if (row.listing.organisationId !== orgId) throw forbidden('只有信息发布单位可以回复', 'Only the company that posted the listing replies');
    if (row.contact.reply !== null) throw conflict('ALREADY_REPLIED', '该留言已回复', 'This message has been answered already');
    const [after] = await tx.update(exchangeContacts).set({ reply, repliedAt: new Date() }).where(eq(exchangeContacts.id, contactId)).returning();
    await recordAudit(tx, ctx, { action: 'exchange.reply', entityType: 'exchange_contact', entityId: contactId, regionCode: row.listing.regionCode, organisationId: orgId, after: { reply } });
    return after;
  });
}

const C = exchangeContacts;
const contactColumns = {
  id: C.id, listingId: C.listingId, message: C.message, reply: C.reply, createdAt: C.createdAt, repliedAt: C.repliedAt, fromListingId: C.fromListingId,
  fromOrganisationId: C.fromOrganisationId,
  fromOrganisationName: sql<string>`(SELECT o.name FROM organisations o WHERE o.id = ${C.fromOrganisationId})`,
  // The writer's contact: the listing it pointed at, else its company's.
  fromContactName: sql<string>`coalesce((SELECT nullif(f.contact_name, '') FROM exchange_listings f WHERE f.id = ${C.fromListingId}), (SELECT o.contact_name FROM organisations o WHERE o.id = ${C.fromOrganisationId}))`,
  fromContactPhone: sql<string>`coalesce((SELECT nullif(f.contact_phone, '') FROM exchange_listings f WHERE f.id = ${C.fromListingId}), (SELECT o.contact_phone FROM organisations o WHERE o.id = ${C.fromOrganisationId}))`,
  sentBy: sql<string>`(SELECT u.display_name FROM users u WHERE u.id = ${C.createdBy})`,
  listingTitle: L.title, listingKind: L.kind, listingClass: L.wasteClass, listingOrganisationId: L.organisationId,
  listingOrganisationName: sql<string>`(SELECT o.name FROM organisations o WHERE o.id = ${L.organisationId})`,
};

/** The messages on one listing: all of them for its owner and officials, a company's own otherwise. */
export async function pageListingContacts(db: Db, actor: Actor, listingId: string, page: number, pageSize: number) {
  requireBoardReader(actor);
  const listing = await loadVisible(db, actor, listingId);
  const all = listing.mine || !isTrader(actor);
  const where = and(eq(C.listingId, listingId), all ? undefined : eq(C.fromOrganisationId, actor.organisationId!))!;
  const [items, [{ total }]] = await Promise.all([
    db.select(contactColumns).from(C).innerJoin(L, eq(L.id, C.listingId)).where(where).orderBy(desc(C.createdAt), C.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(C).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** A company's messages: received on its listings, or sent about others'. */
export async function pageInbox(db: Db, actor: Actor, box: 'received' | 'sent', page: number, pageSize: number) {
  const orgId = requireTrader(actor);
  const where = box === 'received' ? eq(L.organisationId, orgId) : eq(C.fromOrganisationId, orgId);
  const [items, [{ total, unanswered }]] = await Promise.all([
    db.select(contactColumns).from(C).innerJoin(L, eq(L.id, C.listingId)).where(where).orderBy(desc(C.createdAt), C.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number), unanswered: sql<number>`count(*) FILTER (WHERE ${C.reply} IS NULL)`.mapWith(Number) }).from(C).innerJoin(L, eq(L.id, C.listingId)).where(where),
  ]);
  return { items, total, unanswered, page, pageSize };
}

/** The companies this one has been in touch with on the board, for the deal form. */
export async function counterparties(db: Db, actor: Actor) {
  const orgId = requireTrader(actor);
  const rows = await db.execute<{ id: string; name: string }>(sql`
    SELECT o.id, o.name FROM organisations o WHERE o.id IN (
      SELECT c.from_organisation_id FROM exchange_contacts c JOIN exchange_listings l ON l.id = c.listing_id WHERE l.organisation_id = ${orgId}::uuid
      UNION SELECT l.organisation_id FROM exchange_contacts c JOIN exchange_listings l ON l.id = c.listing_id WHERE c.from_organisation_id = ${orgId}::uuid)
    ORDER BY o.name LIMIT 200`);
  return { items: rows.rows };
}

// ── deals ───────────────────────────────────────────────────────────────────────────────────────

export interface NewDeal { supplierId: string; buyerId: string; wasteClass: string; quantity: number; agreedOn: string; manifestId?: string; offerListingId?: string; demandListingId?: string; note?: string }

/** 成交: either party records what was agreed; a hand-over manifest, if named, must run between the two. */
export async function recordDeal(db: Db, ctx: Ctx, input: NewDeal) {
  const orgId = requireTrader(ctx.actor);
  if (input.supplierId === input.buyerId) throw badRequest('DEAL_WITH_SELF', '供方与需方不能是同一单位', 'The supplier and the buyer cannot be the same company', 'buyerId');
  if (input.supplierId !== orgId && input.buyerId !== orgId) throw forbidden('只能记录本单位参与的成交', 'You can record only deals your company is a party to');
  let wasteClass = input.wasteClass.trim();
  refuseHazardous(wasteClass);
  if (SW_CODE.test(wasteClass.toUpperCase())) {
    wasteClass = wasteClass.toUpperCase();
    await requireStreamCode(db, 'industrial', wasteClass, 'wasteClass');
  } else if (/^sw\d*$/i.test(wasteClass)) {
    throw badRequest('UNKNOWN_CODE', `类别代码 ${wasteClass} 不在现行一般工业固体废物分类中`, `Class ${wasteClass} is not in the current general industrial solid-waste classes`, 'wasteClass');
  }
  if (input.agreedOn > today()) throw badRequest('FUTURE_DATE', '成交日期不能晚于今天', 'The deal date cannot be in the future', 'agreedOn');
  return db.transaction(async (tx) => {
    const parties = await tx.select().from(organisations).where(inArray(organisations.id, [input.supplierId, input.buyerId]));
    const supplier = parties.find((p) => p.id === input.supplierId), buyer = parties.find((p) => p.id === input.buyerId);
    for (const [party, path] of [[supplier, 'supplierId'], [buyer, 'buyerId']] as const) {
      if (!party || party.kind !== 'enterprise' || party.status !== 'verified') throw badRequest('UNKNOWN_PARTY', '成交对方须为已审核的企业', 'The other party must be a verified company', path);
    }
    const listingOf = async (id: string | undefined, owner: string, kind: 'offer' | 'demand', path: string) => {
      if (!id) return;
      const [l] = await tx.select().from(L).where(eq(L.id, id));
      if (!l || l.organisationId !== owner || l.kind !== kind || l.wasteClass !== wasteClass) {
        throw badRequest('BAD_LISTING', kind === 'offer' ? '供应信息须为供方发布的同类信息' : '需求信息须为需方发布的同类信息', `The ${kind} must be the ${kind === 'offer' ? 'supplier' : 'buyer'}'s, of the same class`, path);
      }
      return l;
    };
    const offer = await listingOf(input.offerListingId, input.supplierId, 'offer', 'offerListingId');
    const demand = await listingOf(input.demandListingId, input.buyerId, 'demand', 'demandListingId');
    if (input.manifestId) {
      // One manifest, one deal: the two parties may record at the same moment, so the check and the insert are serialised per manifest.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`exchange-deal-manifest:${input.manifestId}`}))`);
      const [m] = await tx.select({ stream: manifests.stream, producerId: manifests.producerId, receiverId: manifests.receiverId, wasteCode: manifests.wasteCode, status: manifests.status })
        .from(manifests).where(eq(manifests.id, input.manifestId));
      if (!m || m.stream !== 'industrial' || m.producerId !== input.supplierId || m.receiverId !== input.buyerId || m.status === 'cancelled') {
        throw badRequest('MANIFEST_NOT_BETWEEN_PARTIES', '交接联单须为供方交给需方的一般工业固体废物联单', 'The hand-over manifest must be a general industrial manifest from the supplier to the buyer', 'manifestId');
      }
      // A load the buyer refused whole was no hand-over: it cannot stand behind a deal.
      if (m.status === 'refused') throw badRequest('MANIFEST_REFUSED', '该联单的货物已被接受单位全部拒收', 'The buyer refused the whole load on this manifest', 'manifestId');
      if (m.wasteCode !== wasteClass) throw badRequest('MANIFEST_CLASS', `交接联单的废物类别（${m.wasteCode}）与成交类别不同`, `The manifest carries ${m.wasteCode}, not the class of the deal`, 'manifestId');
      const [used] = await tx.select({ id: exchangeDeals.id }).from(exchangeDeals).where(eq(exchangeDeals.manifestId, input.manifestId)).limit(1);
      if (used) throw conflict('MANIFEST_USED', '该联单已登记在另一笔成交中', 'This manifest is on another deal already', 'manifestId');
    }
    const [deal] = await tx.insert(exchangeDeals).values({
      // A deal belongs to the supplier's area: where the material comes from, whose regulator follows it.
      regionCode: supplier!.regionCode, supplierId: input.supplierId, buyerId: input.buyerId, offerListingId: offer?.id ?? null, demandListingId: demand?.id ?? null,
      wasteClass, quantityT: input.quantity, agreedOn: input.agreedOn, manifestId: input.manifestId ?? null, note: input.note ?? '', recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'exchange.deal', entityType: 'exchange_deal', entityId: deal.id, regionCode: deal.regionCode, organisationId: orgId, after: deal });
    return deal;
  });
}

const D = exchangeDeals;
// A deal of an SW class is general industrial solid waste; anything else is a recycled product.
const dealCategory = sql<Category>`CASE WHEN ${D.wasteClass} ~ '^SW[0-9]{2}$' THEN 'waste' ELSE 'product' END`;
const dealUnit = sql<string>`coalesce((SELECT l.unit FROM exchange_listings l WHERE l.id = coalesce(${D.offerListingId}, ${D.demandListingId})), '吨')`;
const dealClassName = sql<string>`coalesce((SELECT e.name FROM catalogue_entries e JOIN catalogue_versions v ON v.id = e.version_id
  WHERE v.catalogue = 'industrial' AND v.is_current AND e.code = ${D.wasteClass}), ${D.wasteClass})`;

function dealVisibility(a: Actor): SQL {
  if (isAdmin(a)) return sql`true`;
  const cats = supervisedCategories(a);
  if (cats.length) return sql`(${inRegion(D.regionCode, a.regionCode)} AND ${dealCategory} IN (${categoryList(cats)}))`;
  if (isTrader(a)) return sql`(${D.supplierId} = ${a.organisationId}::uuid OR ${D.buyerId} = ${a.organisationId}::uuid)`;
  return sql`false`;
}

export interface DealFilter { from?: string; to?: string; wasteClass?: string }

function dealWhere(actor: Actor, f: DealFilter) {
  requireBoardReader(actor);
  if (f.from && f.to && f.from > f.to) throw badRequest('BAD_DATES', '起始日期不能晚于截止日期', 'The start date cannot come after the end date', 'from');
  return and(dealVisibility(actor), f.from ? sql`${D.agreedOn} >= ${f.from}` : undefined, f.to ? sql`${D.agreedOn} <= ${f.to}` : undefined, f.wasteClass ? eq(D.wasteClass, filterClass(f.wasteClass)) : undefined)!;
}

/** Deals: a company's own; for a regulator, those of its area in its categories. */
export async function pageDeals(db: Db, actor: Actor, f: DealFilter & { page: number; pageSize: number }) {
  const where = dealWhere(actor, f);
  const name = (column: AnyColumn) => sql<string>`(SELECT o.name FROM organisations o WHERE o.id = ${column})`;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: D.id, supplierId: D.supplierId, supplierName: name(D.supplierId), buyerId: D.buyerId, buyerName: name(D.buyerId), wasteClass: D.wasteClass, className: dealClassName,
      category: dealCategory, quantity: D.quantityT, unit: dealUnit, agreedOn: D.agreedOn, manifestId: D.manifestId,
      manifestNumber: sql<string | null>`(SELECT m.number FROM manifests m WHERE m.id = ${D.manifestId})`, note: D.note, regionCode: D.regionCode, createdAt: D.createdAt })
      .from(D).where(where).orderBy(desc(D.agreedOn), desc(D.createdAt)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(D).where(where),
  ]);
  return { items, total, page: f.page, pageSize: f.pageSize };
}

/** Totals by class (in each class's unit) and by month (deals, and tonnes of those counted in tonnes). */
export async function dealTotals(db: Db, actor: Actor, f: DealFilter) {
  const where = dealWhere(actor, f);
  const month = sql<string>`to_char(${D.agreedOn}, 'YYYY-MM')`;
  const [byClass, byMonth, [all]] = await Promise.all([
    db.select({ wasteClass: D.wasteClass, className: dealClassName, category: dealCategory, unit: dealUnit, deals: sql<number>`count(*)`.mapWith(Number), quantity: sql<number>`sum(${D.quantityT})`.mapWith(Number) })
      .from(D).where(where).groupBy(D.wasteClass, dealUnit).orderBy(D.wasteClass).limit(200),
    db.select({ month, deals: sql<number>`count(*)`.mapWith(Number), tonnes: sql<number>`coalesce(sum(${D.quantityT}) FILTER (WHERE ${dealUnit} = '吨'), 0)`.mapWith(Number) })
      .from(D).where(where).groupBy(month).orderBy(desc(month)).limit(36),
    db.select({ deals: sql<number>`count(*)`.mapWith(Number), tonnes: sql<number>`coalesce(sum(${D.quantityT}) FILTER (WHERE ${dealUnit} = '吨'), 0)`.mapWith(Number) }).from(D).where(where),
  ]);
  return { byClass, byMonth, deals: all.deals, tonnes: all.tonnes };
}

// ── the public 再生产品供求信息 ─────────────────────────────────────────────────────────────────────

/**
 * Open recycled-product listings for anyone, without login. The company's name and place are shown;
 * the contact person and phone are not (there is no per-listing consent to publish them): a buyer
 * logs in and writes through the board, which is what makes the first contact visible to both.
 */
export async function publicProducts(db: Db, f: { kind?: 'offer' | 'demand'; product?: string; page: number; pageSize: number }) {
  const where = and(eq(L.category, 'product'), effectivelyOpen, f.kind ? eq(L.kind, f.kind) : undefined, f.product ? eq(L.wasteClass, f.product.trim()) : undefined)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: L.id, kind: L.kind, product: L.wasteClass, title: L.title, quantity: L.quantityT, unit: L.unit, priceYuan: L.priceYuan, frequency: L.frequency, place: L.place,
      composition: L.composition, validUntil: L.validUntil, createdAt: L.createdAt, organisationName: organisations.name, regionCode: L.regionCode })
      .from(L).innerJoin(organisations, eq(organisations.id, L.organisationId)).where(where).orderBy(desc(L.createdAt), L.id).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(L).where(where),
  ]);
  return { items, total, page: f.page, pageSize: f.pageSize };
}

/** The product kinds on offer or in demand now, for the public filter. */
export async function publicProductKinds(db: Db) {
  const rows = await db.select({ product: L.wasteClass, listings: sql<number>`count(*)`.mapWith(Number) }).from(L)
    .where(and(eq(L.category, 'product'), effectivelyOpen)).groupBy(L.wasteClass).orderBy(desc(sql`count(*)`), L.wasteClass).limit(50);
  return { items: rows };
}
