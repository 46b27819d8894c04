import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { regionSettings, regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { SETTINGS, settingByKey } from '../../domain/settings';
import { badRequest, forbidden, notFound } from '../http/errors';

type Ctx = AuditContext & { actor: Actor };

/**
 * The value in force for a region: the setting of the longest region code that contains it. As SQL,
 * for rules that evaluate it per row (`regionCode` is an SQL expression of the row's region).
 */
export function settingInForce(key: string, regionCode: unknown) {
  const def = settingByKey(key)!;
  return sql`coalesce((SELECT (rs.value #>> '{}')::numeric FROM region_settings rs WHERE rs.key = ${key} AND ${regionCode} LIKE rs.region_code || '%' ORDER BY length(rs.region_code) DESC LIMIT 1), ${def.default})`;
}

async function valueFor(q: Queryable, key: string, regionCode: string) {
  const [row] = await q.select({ regionCode: regionSettings.regionCode, value: regionSettings.value, updatedAt: regionSettings.updatedAt }).from(regionSettings)
    .where(and(eq(regionSettings.key, key), sql`${regionCode} LIKE ${regionSettings.regionCode} || '%'`)).orderBy(sql`length(${regionSettings.regionCode}) DESC`).limit(1);
  return row ?? null;
}

/** The value in force for a region, as a number. */
export async function settingFor(q: Queryable, key: string, regionCode: string): Promise<number> {
  const set = await valueFor(q, key, regionCode);
  return set ? Number(set.value) : settingByKey(key)!.default;
}

const mayChange = (actor: Actor, key: string) => {
  const def = settingByKey(key)!;
  return actor.role === 'platform_admin' || actor.role === 'office' || (actor.role === 'regulator' && !!actor.domain && def.domains.includes(actor.domain));
};

/** Every setting as it stands for the actor's region, with where the value comes from. */
export async function settingsFor(db: Db, actor: Actor) {
  return {
    regionCode: actor.regionCode,
    items: await Promise.all(SETTINGS.map(async (def) => {
      const set = await valueFor(db, def.key, actor.regionCode);
      return { ...def, value: set ? Number(set.value) : def.default, setBy: set?.regionCode ?? null, updatedAt: set?.updatedAt ?? null, editable: mayChange(actor, def.key) };
    })),
  };
}

/** Sets a value for the actor's own region (never for a region the client names). */
export async function changeSetting(db: Db, ctx: Ctx, key: string, value: number) {
  const def = settingByKey(key);
  if (!def) throw notFound({ zh: '设置项', en: 'Setting' });
  const actor = ctx.actor;
  if (!mayChange(actor, key)) throw forbidden('该设置由无废办或主管部门调整', 'The zero-waste office or the competent department changes this setting');
  if (!Number.isFinite(value) || value < def.min || value > def.max) {
    throw badRequest('OUT_OF_RANGE', `${def.label.zh}应在 ${def.min}–${def.max} ${def.unit.zh}之间`, `${def.label.en} must be between ${def.min} and ${def.max} ${def.unit.en}`, 'value');
  }
  const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, actor.regionCode));
  if (!region) throw forbidden();
  return db.transaction(async (tx) => {
    const before = await valueFor(tx, key, actor.regionCode);
    await tx.insert(regionSettings).values({ regionCode: actor.regionCode, key, value, updatedBy: actor.userId! })
      .onConflictDoUpdate({ target: [regionSettings.key, regionSettings.regionCode], set: { value, updatedBy: actor.userId!, updatedAt: new Date() } });
    await recordAudit(tx, ctx, { action: 'setting.change', entityType: 'setting', entityId: `${key}@${actor.regionCode}`, regionCode: actor.regionCode, organisationId: actor.organisationId, before: before ? { value: before.value, setBy: before.regionCode } : { value: def.default }, after: { value } });
    return { key, value, regionCode: actor.regionCode };
  });
}
