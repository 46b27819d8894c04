import { and, eq, sql, desc, isNull, type SQL, type Column } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database';
import { organisations, licences, vehicles, drivers } from './schema';
import { regions } from '../regions/schema';
import { users } from '../accounts/schema';
import { recordAudit, type AuditContext } from '../audit/service';
import { canOrganisation, organisationScope, type Actor, type OrganisationAction, type Scope } from '../policy';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors';
import { containsPattern, type Page } from '../../http/pagination';
import { hashPassword } from '../accounts/passwords';
import { regionScopePrefix } from '../../../domain/region-code';
import type { OrganisationFields } from './inputs';
import type { z } from 'zod';
import type { licenceInput, licenceCorrection, licenceEnd, vehicleInput, driverInput, organisationPatch } from './inputs';
import { licenceRecords } from './licences';
import { canLicence, type LicenceAction } from './policy';
import { shanghaiDate } from '../../../domain/labels';
import type { OrgKind, OrgStatus, Capability, Domain } from '../../../domain/enums';

const ORG = { zh: '单位', en: 'Organisation' };
const LICENCE = { zh: '许可证', en: 'Licence' };
export type OrganisationRow = typeof organisations.$inferSelect;

export async function requireRegion(q: Queryable, code: string, path = 'regionCode', levels: string[] = ['province', 'city', 'county', 'town']) {
  const [region] = await q.select().from(regions).where(eq(regions.code, code));
  if (!region) throw badRequest('UNKNOWN_REGION', `行政区划代码 ${code} 不存在`, `Region code ${code} is not known`, path);
  if (!levels.includes(region.level)) throw badRequest('REGION_LEVEL', '请选择到县（市、区）或乡镇（街道）一级', 'Choose a county or a town, not a province or city', path);
  return region;
}

async function assertCreditCodeFree(q: Queryable, creditCode: string, exceptId?: string) {
  const [existing] = await q.select({ id: organisations.id }).from(organisations).where(eq(organisations.creditCode, creditCode));
  if (existing && existing.id !== exceptId) {
    throw conflict('DUPLICATE_CREDIT_CODE', '该统一社会信用代码已注册，如需加入该单位请联系其管理员', 'This credit code is already registered: ask that organisation’s administrator for an account', 'organisation.creditCode');
  }
}

export async function assertUsernameFree(q: Queryable, username: string, path = 'username') {
  const [existing] = await q.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
  if (existing) throw conflict('DUPLICATE_USERNAME', '用户名已被使用', 'This username is taken', path);
}

/** The WHERE clause that limits a list to what the actor may see. */
export function scopeCondition(scope: Scope, regionColumn: Column | SQL, orgColumn: Column | SQL): SQL {
  if ('all' in scope) return sql`true`;
  if ('regionCode' in scope) return sql`${regionColumn} LIKE ${`${regionScopePrefix(scope.regionCode)}%`}`;
  if ('organisationId' in scope) return sql`${orgColumn} = ${scope.organisationId}`;
  return sql`false`;
}

export interface OrganisationFilter { q?: string; status?: OrgStatus; kind?: OrgKind; capability?: Capability; regionCode?: string }

function filterConditions(actor: Actor, filter: OrganisationFilter): SQL {
  const conditions: SQL[] = [scopeCondition(organisationScope(actor), organisations.regionCode, organisations.id)];
  if (filter.q) conditions.push(sql`(${organisations.name} ILIKE ${containsPattern(filter.q)} OR ${organisations.creditCode} = ${filter.q.toUpperCase()})`);
  if (filter.status) conditions.push(eq(organisations.status, filter.status));
  if (filter.kind) conditions.push(eq(organisations.kind, filter.kind));
  if (filter.capability) conditions.push(sql`${organisations.capabilities} @> ARRAY[${filter.capability}]::text[]`);
  if (filter.regionCode) conditions.push(sql`${organisations.regionCode} LIKE ${`${regionScopePrefix(filter.regionCode)}%`}`);
  return and(...conditions)!;
}

const listColumns = {
  id: organisations.id, name: organisations.name, kind: organisations.kind, creditCode: organisations.creditCode,
  regionCode: organisations.regionCode, regionName: regions.name, capabilities: organisations.capabilities, domain: organisations.domain,
  status: organisations.status, contactName: organisations.contactName, contactPhone: organisations.contactPhone, createdAt: organisations.createdAt,
};

export async function listOrganisations(db: Db, actor: Actor, filter: OrganisationFilter, offset: number, limit: number) {
  return db.select(listColumns).from(organisations).innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(filterConditions(actor, filter)).orderBy(desc(organisations.createdAt), organisations.id).limit(limit).offset(offset);
}

export async function pageOrganisations(db: Db, actor: Actor, filter: OrganisationFilter, page: number, pageSize: number): Promise<Page<Awaited<ReturnType<typeof listOrganisations>>[number]>> {
  const [items, [{ total }]] = await Promise.all([
    listOrganisations(db, actor, filter, (page - 1) * pageSize, pageSize),
    db.select({ total: sql<number>`count(*)` }).from(organisations).where(filterConditions(actor, filter)),
  ]);
  return { items, total, page, pageSize };
}

/** Loads an organisation the actor may act on, or answers 404 (never revealing that it exists elsewhere). */
export async function loadOrganisation(q: Queryable, actor: Actor, id: string, action: OrganisationAction = 'read', lock = false): Promise<OrganisationRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(ORG);
  const query = q.select().from(organisations).where(eq(organisations.id, id));
  const [org] = lock ? await query.for('update') : await query;
  if (!org || !canOrganisation(actor, 'read', org)) throw notFound(ORG);
  if (action !== 'read' && !canOrganisation(actor, action, org)) throw forbidden();
  return org;
}

export async function organisationDetail(db: Db, actor: Actor, id: string) {
  const org = await loadOrganisation(db, actor, id);
  const [region] = await db.select().from(regions).where(eq(regions.code, org.regionCode));
  const [lic, veh, drv] = await Promise.all([
    licenceRecords(db, id),
    db.select().from(vehicles).where(eq(vehicles.organisationId, id)).orderBy(vehicles.plate),
    db.select({ id: drivers.id, name: drivers.name, phone: drivers.phone, licenceNo: drivers.licenceNo, qualificationNo: drivers.qualificationNo, active: drivers.active, username: users.username })
      .from(drivers).leftJoin(users, eq(users.id, drivers.userId)).where(eq(drivers.organisationId, id)).orderBy(drivers.name),
  ]);
  const actions: OrganisationAction[] = ['update', 'verify', 'manage', 'resubmit'];
  const licenceActions: LicenceAction[] = ['correct', 'end'];
  return {
    ...org, regionName: region?.name ?? '', licences: lic, vehicles: veh, drivers: drv,
    permissions: actions.filter((a) => canOrganisation(actor, a, org) && !(a === 'verify' && org.status === 'verified')),
    // What the actor may do with a licence still in force (the console's 终止 and 更正 buttons).
    licencePermissions: actor.via === 'session' ? licenceActions.filter((a) => canLicence(actor, a, org)) : [],
  };
}

export interface CreateOrganisation extends OrganisationFields { kind: OrgKind; domain?: Domain | null; status: OrgStatus }

export async function insertOrganisation(tx: Queryable, ctx: AuditContext, input: CreateOrganisation, path = 'creditCode'): Promise<OrganisationRow> {
  await assertCreditCodeFree(tx, input.creditCode);
  const [org] = await tx.insert(organisations).values({
    kind: input.kind, name: input.name, creditCode: input.creditCode, regionCode: input.regionCode, capabilities: input.capabilities,
    domain: input.kind === 'government' ? input.domain ?? 'general' : null, industry: input.industry ?? null, address: input.address,
    longitude: input.longitude ?? null, latitude: input.latitude ?? null, contactName: input.contactName, contactPhone: input.contactPhone,
    status: input.status, reviewedBy: input.status === 'verified' ? ctx.actor?.userId ?? null : null, reviewedAt: input.status === 'verified' ? new Date() : null,
  }).returning().catch((error) => {
    // drizzle wraps the driver's error; the SQLSTATE is on its cause.
    const e = error as { code?: string; cause?: { code?: string } };
    if ((e.code ?? e.cause?.code) === '23505') throw conflict('DUPLICATE_CREDIT_CODE', '该统一社会信用代码已注册', 'This credit code is already registered', path);
    throw error;
  });
  await recordAudit(tx, ctx, { action: 'organisation.create', entityType: 'organisation', entityId: org.id, regionCode: org.regionCode, organisationId: org.id, after: org });
  return org;
}

export interface Registration { organisation: OrganisationFields; admin: { username: string; password: string; displayName: string; phone?: string } }

/** 企业自主注册: the company and its first administrator, pending verification by its region's regulator. */
export async function registerEnterprise(db: Db, ip: string, input: Registration) {
  await requireRegion(db, input.organisation.regionCode, 'organisation.regionCode', ['county', 'town']);
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction(async (tx) => {
    const ctx: AuditContext = { actor: null, actorLabel: `registration:${input.admin.username}`, ip };
    await assertCreditCodeFree(tx, input.organisation.creditCode);
    await assertUsernameFree(tx, input.admin.username, 'admin.username');
    const org = await insertOrganisation(tx, ctx, { ...input.organisation, kind: 'enterprise', status: 'pending' }, 'organisation.creditCode');
    const [user] = await tx.insert(users).values({
      username: input.admin.username, passwordHash, displayName: input.admin.displayName, phone: input.admin.phone ?? null,
      role: 'enterprise_admin', organisationId: org.id, regionCode: org.regionCode,
    }).returning({ id: users.id, username: users.username, role: users.role });
    await recordAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: org.regionCode, organisationId: org.id, after: user });
    return { organisationId: org.id, status: org.status };
  });
}

export async function createOrganisation(db: Db, ctx: AuditContext & { actor: Actor }, input: OrganisationFields & { kind: OrgKind; domain?: Domain | null }) {
  const region = await requireRegion(db, input.regionCode);
  const actor = ctx.actor;
  if (actor.role !== 'platform_admin' && !canOrganisation(actor, 'read', { id: '', regionCode: region.code, kind: input.kind, status: 'verified' })) {
    throw forbidden('只能在本辖区内新增单位', 'You can only add organisations within your own area');
  }
  // Added by an official, so already verified.
  return db.transaction((tx) => insertOrganisation(tx, ctx, { ...input, status: 'verified' }));
}

export async function updateOrganisation(db: Db, ctx: AuditContext & { actor: Actor }, id: string, patch: z.infer<typeof organisationPatch>, action: 'update' | 'resubmit') {
  if (patch.regionCode) await requireRegion(db, patch.regionCode, 'regionCode', ['county', 'town']);
  return db.transaction(async (tx) => {
    const before = await loadOrganisation(tx, ctx.actor, id, action, true);
    if (action === 'update' && ctx.actor.organisationId === id && (patch.name || patch.creditCode || patch.regionCode)) {
      throw forbidden('单位名称、信用代码和所在区划的变更须由监管部门办理', 'Name, credit code and region are changed by the regulator');
    }
    if (patch.regionCode && ctx.actor.role !== 'platform_admin' && action === 'update' && !canOrganisation(ctx.actor, 'read', { ...before, regionCode: patch.regionCode })) {
      throw forbidden('不能把单位移出本辖区', 'You cannot move an organisation out of your area');
    }
    if (patch.creditCode) await assertCreditCodeFree(tx, patch.creditCode, id);
    const values = { ...patch, ...(before.kind === 'enterprise' ? { domain: null } : {}), updatedAt: new Date(),
      ...(action === 'resubmit' ? { status: 'pending' as const, rejectionReason: null } : {}) };
    const [after] = await tx.update(organisations).set(values).where(eq(organisations.id, id)).returning();
    if (patch.regionCode) await tx.update(users).set({ regionCode: patch.regionCode }).where(eq(users.organisationId, id));
    await recordAudit(tx, ctx, { action: `organisation.${action}`, entityType: 'organisation', entityId: id, regionCode: after.regionCode, organisationId: id, before, after });
    return after;
  });
}

export async function reviewOrganisation(db: Db, ctx: AuditContext & { actor: Actor }, id: string, decision: { verdict: 'verified' } | { verdict: 'rejected'; reason: string }) {
  return db.transaction(async (tx) => {
    const before = await loadOrganisation(tx, ctx.actor, id, 'verify', true);
    if (before.status === 'verified') throw conflict('ALREADY_VERIFIED', '该单位已审核通过', 'This organisation is already verified');
    const [after] = await tx.update(organisations).set({
      status: decision.verdict, rejectionReason: decision.verdict === 'rejected' ? decision.reason : null,
      reviewedBy: ctx.actor.userId, reviewedAt: new Date(), updatedAt: new Date(),
    }).where(eq(organisations.id, id)).returning();
    await recordAudit(tx, ctx, { action: decision.verdict === 'verified' ? 'organisation.verify' : 'organisation.reject', entityType: 'organisation', entityId: id, regionCode: after.regionCode, organisationId: id, before, after });
    return after;
  });
}

async function addAsset<T extends { id: string }>(db: Db, ctx: AuditContext & { actor: Actor }, organisationId: string, entityType: string, insert: (tx: Queryable, org: OrganisationRow) => Promise<T>) {
  return db.transaction(async (tx) => {
    const org = await loadOrganisation(tx, ctx.actor, organisationId, 'manage');
    if (org.status !== 'verified') throw new AppError(409, 'NOT_VERIFIED', { zh: '单位尚未审核通过', en: 'The organisation is not verified yet' });
    const row = await insert(tx, org);
    await recordAudit(tx, ctx, { action: `${entityType}.create`, entityType, entityId: row.id, regionCode: org.regionCode, organisationId, after: row });
    return row;
  });
}

async function assertLicenceNumberFree(tx: Queryable, number: string) {
  const [dup] = await tx.select({ id: licences.id }).from(licences).where(and(eq(licences.number, number), isNull(licences.endedOn)));
  if (dup) throw conflict('DUPLICATE_LICENCE', '许可证编号已登记', 'This licence number is already registered', 'number');
}

export function addLicence(db: Db, ctx: AuditContext & { actor: Actor }, organisationId: string, input: z.infer<typeof licenceInput>) {
  return addAsset(db, ctx, organisationId, 'licence', async (tx, org) => {
    if (!org.capabilities.includes('receiver')) throw badRequest('NOT_RECEIVER', '只有利用处置单位可以登记经营许可证', 'Only receivers hold operating licences', 'number');
    await assertLicenceNumberFree(tx, input.number);
    const [row] = await tx.insert(licences).values({ ...input, organisationId, createdBy: ctx.actor.userId }).returning();
    return row;
  });
}

type LicenceRow = typeof licences.$inferSelect;

/** A licence still in force on record (neither ended nor superseded), locked, for an actor allowed the action. */
async function loadLicenceFor(tx: Queryable, actor: Actor, organisationId: string, licenceId: string, action: LicenceAction) {
  const org = await loadOrganisation(tx, actor, organisationId);
  if (!canLicence(actor, action, org)) throw forbidden();
  const [licence] = /^[0-9a-f-]{36}$/i.test(licenceId)
    ? await tx.select().from(licences).where(and(eq(licences.id, licenceId), eq(licences.organisationId, org.id))).for('update') : [];
  if (!licence) throw notFound(LICENCE);
  if (licence.endedOn !== null || !licence.active) {
    throw conflict('LICENCE_ENDED', '该许可证已终止或已被更正，不能再终止或更正', 'This licence has already ended or been corrected');
  }
  return { org, licence };
}

const ended = (ctx: AuditContext & { actor: Actor }, endedOn: string, reason: string): Partial<LicenceRow> =>
  ({ endedOn, endReason: reason, endedBy: ctx.actor.userId, endedAt: new Date(), active: false });

/**
 * 注销、吊销: the licence no longer counts from `endedOn` on. The day is one that has come (an end is
 * recorded when it happens, so `active` is right at once for every reader) and lies within the
 * licence's validity; a licence not yet in force may be ended today.
 */
export async function endLicence(db: Db, ctx: AuditContext & { actor: Actor }, organisationId: string, licenceId: string, input: z.infer<typeof licenceEnd>) {
  return db.transaction(async (tx) => {
    const { org, licence } = await loadLicenceFor(tx, ctx.actor, organisationId, licenceId, 'end');
    const today = shanghaiDate(new Date());
    if (input.endedOn > today) throw badRequest('END_IN_FUTURE', `终止日期不能晚于今天（${today}）`, `The end date cannot be after today (${today})`, 'endedOn');
    const earliest = licence.validFrom < today ? licence.validFrom : today;
    if (input.endedOn < earliest) throw badRequest('END_BEFORE_START', `终止日期不能早于许可证生效日期 ${earliest}`, `The end date cannot be before the licence starts (${earliest})`, 'endedOn');
    if (input.endedOn > licence.validTo) throw badRequest('END_AFTER_EXPIRY', `许可证已于 ${licence.validTo} 到期，终止日期不能晚于到期日`, `The licence expired on ${licence.validTo}: the end date cannot be later`, 'endedOn');
    const [after] = await tx.update(licences).set(ended(ctx, input.endedOn, input.reason)).where(eq(licences.id, licence.id)).returning();
    await recordAudit(tx, ctx, { action: 'licence.end', entityType: 'licence', entityId: licence.id, regionCode: org.regionCode, organisationId: org.id, before: licence, after });
    return after;
  });
}

/**
 * 更正: a new record for the licence as it should read, naming the one it supersedes. The old record
 * ends the day the correction starts (or today, if the correction starts later), so the two never
 * count on the same day; it stays, with the reason, in the history.
 */
export async function correctLicence(db: Db, ctx: AuditContext & { actor: Actor }, organisationId: string, licenceId: string, input: z.infer<typeof licenceCorrection>) {
  const { reason, ...fields } = input;
  return db.transaction(async (tx) => {
    const { org, licence } = await loadLicenceFor(tx, ctx.actor, organisationId, licenceId, 'correct');
    const today = shanghaiDate(new Date());
    const [old] = await tx.update(licences).set(ended(ctx, fields.validFrom < today ? fields.validFrom : today, reason)).where(eq(licences.id, licence.id)).returning();
    await assertLicenceNumberFree(tx, fields.number);
    const [row] = await tx.insert(licences).values({ ...fields, organisationId: org.id, createdBy: ctx.actor.userId, supersedesId: licence.id }).returning();
    await recordAudit(tx, ctx, { action: 'licence.supersede', entityType: 'licence', entityId: licence.id, regionCode: org.regionCode, organisationId: org.id, before: licence, after: old });
    await recordAudit(tx, ctx, { action: 'licence.correct', entityType: 'licence', entityId: row.id, regionCode: org.regionCode, organisationId: org.id, before: licence, after: row });
    return row;
  });
}

export function addVehicle(db: Db, ctx: AuditContext & { actor: Actor }, organisationId: string, input: z.infer<typeof vehicleInput>) {
  return addAsset(db, ctx, organisationId, 'vehicle', async (tx, org) => {
    if (!org.capabilities.includes('transporter')) throw badRequest('NOT_TRANSPORTER', '只有运输单位可以登记车辆', 'Only transporters register vehicles', 'plate');
    const [dup] = await tx.select({ id: vehicles.id }).from(vehicles).where(eq(vehicles.plate, input.plate));
    if (dup) throw conflict('DUPLICATE_PLATE', '该车牌已登记', 'This plate is already registered', 'plate');
    const [row] = await tx.insert(vehicles).values({ ...input, dgPermitNo: input.dgPermitNo ?? null, organisationId }).returning();
    return row;
  });
}

export function addDriver(db: Db, ctx: AuditContext & { actor: Actor }, organisationId: string, input: z.infer<typeof driverInput>) {
  return addAsset(db, ctx, organisationId, 'driver', async (tx, org) => {
    if (!org.capabilities.includes('transporter')) throw badRequest('NOT_TRANSPORTER', '只有运输单位可以登记驾驶员', 'Only transporters register drivers', 'name');
    let userId: string | null = null;
    if (input.username) {
      const [user] = await tx.select().from(users).where(sql`lower(${users.username}) = lower(${input.username})`);
      if (!user || user.organisationId !== organisationId || user.role !== 'driver') {
        throw badRequest('DRIVER_ACCOUNT', '关联账号须为本单位的驾驶员账号', 'The linked account must be a driver account of this company', 'username');
      }
      userId = user.id;
    }
    const { username: _ignored, ...fields } = input;
    const [row] = await tx.insert(drivers).values({ ...fields, qualificationNo: fields.qualificationNo ?? null, organisationId, userId }).returning();
    return row;
  });
}
