import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { AppError, badRequest, notFound } from '../http/errors';
import { regions, regionOutlines } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { isRegionCode } from '../../domain/region-code';
import { regionOutlineVersions } from './schema';
import { bboxOf, readOutline, vertexCount, type OutlineGeometry } from './geometry';
import { canImportOutline, canSeeOutline, mapRootOf } from './policy';

// Limits of one import: a county's surveyed town boundaries are some thousands of vertices each; a
// province's counties fit too. Beyond that the file is simplified first (README: 地图与边界).
export const MAX_FEATURES = 500;
export const MAX_VERTICES_PER_FEATURE = 50_000;
export const MAX_VERTICES = 500_000;

export interface OutlineInput { regionCode: string; geometry: OutlineGeometry; source: string; licence: string; approximate: boolean }
export interface ImportRequest { features: unknown[]; source: string; licence: string; approximate: boolean }

const fault = (code: string, path: string, zh: string, en: string) => badRequest(code, zh, en, path);

/** The region code a feature names: properties.adcode, properties.code or the feature's id (6 or 9 digits). */
function codeOf(feature: { id?: unknown; properties?: Record<string, unknown> | null }): string | null {
  const props = feature.properties ?? {};
  for (const value of [props.adcode, props.code, feature.id]) {
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/**
 * Checks a FeatureCollection's features as outlines of regions the actor may import for, and
 * writes them in one transaction with the audit row. Every fault refuses the whole file.
 */
export async function importOutlines(db: Db, actor: Actor, ctx: AuditContext, input: ImportRequest) {
  const { features } = input;
  if (features.length === 0) throw fault('OUTLINE_NO_FEATURES', 'features', '文件中没有要素', 'The file holds no features');
  if (features.length > MAX_FEATURES) throw fault('OUTLINE_TOO_MANY', 'features', `一次最多导入 ${MAX_FEATURES} 个区划边界，请拆分文件`, `At most ${MAX_FEATURES} outlines per import: split the file`);
  const wanted: { index: number; code: string | null; name: string | null; geometry: OutlineGeometry }[] = [];
  let total = 0;
  for (let i = 0; i < features.length; i++) {
    const at = `features[${i}]`;
    const feature = features[i] as { type?: unknown; id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') throw fault('OUTLINE_NOT_FEATURE', at, '每个要素须为 GeoJSON Feature', 'Each item must be a GeoJSON Feature');
    const read = readOutline(feature.geometry, `${at}.geometry`);
    if ('fault' in read) throw fault(read.fault.code, read.fault.path, read.fault.zh, read.fault.en);
    const vertices = vertexCount(read.geometry);
    total += vertices;
    if (vertices > MAX_VERTICES_PER_FEATURE) throw fault('OUTLINE_TOO_LARGE', `${at}.geometry`, `单个边界最多 ${MAX_VERTICES_PER_FEATURE} 个坐标点（本要素 ${vertices} 个），请先简化`, `At most ${MAX_VERTICES_PER_FEATURE} positions per outline (this one has ${vertices}): simplify it first`);
    if (total > MAX_VERTICES) throw fault('OUTLINE_TOO_LARGE', 'features', `一次导入最多 ${MAX_VERTICES} 个坐标点，请先简化或拆分文件`, `At most ${MAX_VERTICES} positions per import: simplify or split the file`);
    const code = codeOf(feature);
    const name = typeof feature.properties?.name === 'string' ? feature.properties.name.trim() : null;
    if (code !== null && !isRegionCode(code)) throw fault('BAD_REGION_CODE', `${at}.properties.adcode`, '行政区划代码应为6位或9位数字', 'A region code has 6 or 9 digits');
    if (code === null && !name) throw fault('OUTLINE_NO_REGION', `${at}.properties`, '要素须带行政区划代码（adcode）或名称（name）', 'A feature must carry its region code (adcode) or name');
    wanted.push({ index: i, code, name, geometry: read.geometry });
  }
  // Names resolve among the regions the actor may import for; a name twice there is ambiguous.
  const byName = wanted.some((w) => w.code === null) ? await db.select({ code: regions.code, name: regions.name }).from(regions)
    .where(inArray(regions.name, wanted.filter((w) => w.code === null).map((w) => w.name!))) : [];
  const codes = wanted.filter((w) => w.code !== null).map((w) => w.code!);
  const known = new Set(codes.length ? (await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes))).map((r) => r.code) : []);
  const items: OutlineInput[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    const at = `features[${w.index}]`;
    let code = w.code;
    if (code === null) {
      const matches = byName.filter((r) => r.name === w.name && canImportOutline(actor, r.code));
      if (matches.length === 0) throw fault('OUTLINE_UNKNOWN_REGION', `${at}.properties.name`, `您的辖区内没有名为“${w.name}”的行政区划`, `No region named “${w.name}” in your area`);
      if (matches.length > 1) throw fault('OUTLINE_AMBIGUOUS_NAME', `${at}.properties.name`, `“${w.name}”对应多个行政区划，请改用代码（adcode）`, `“${w.name}” names several regions: use the code (adcode)`);
      code = matches[0].code;
    } else {
      if (!known.has(code)) throw fault('OUTLINE_UNKNOWN_REGION', `${at}.properties.adcode`, `行政区划代码 ${code} 不在区划表中`, `Region code ${code} is not in the region list`);
      if (!canImportOutline(actor, code)) throw new AppError(403, 'OUTLINE_OUT_OF_SCOPE', { zh: `${code} 不在您的辖区内，不能导入其边界`, en: `${code} is outside your area: you cannot import its outline` }, `${at}.properties.adcode`);
    }
    if (seen.has(code)) throw fault('OUTLINE_DUPLICATE_REGION', at, `文件中 ${code} 出现了两次`, `${code} appears twice in the file`);
    seen.add(code);
    items.push({ regionCode: code, geometry: w.geometry, source: input.source, licence: input.licence, approximate: input.approximate });
  }
  return db.transaction(async (tx) => {
    const written = await writeOutlines(tx, actor.userId, items);
    await recordAudit(tx, ctx, { action: 'geo.outlines_import', entityType: 'region_outlines', entityId: items.length === 1 ? items[0].regionCode : `${items.length} regions`,
      after: { source: input.source, licence: input.licence, approximate: input.approximate, outlines: written.map((o) => ({ regionCode: o.regionCode, version: o.version, vertices: o.vertices })) } });
    return { imported: written };
  });
}

/** Replaces each region's outline in force, keeping the one it replaces among the versions. Runs inside the caller's transaction. */
export async function writeOutlines(tx: Queryable, importedBy: string | null, items: OutlineInput[]) {
  const written: { regionCode: string; version: number; vertices: number }[] = [];
  for (const item of items) {
    const box = bboxOf(item.geometry);
    // Locks the row in force, so that two imports of one region number their versions in turn.
    const [current] = await tx.select({ version: regionOutlines.version }).from(regionOutlines).where(eq(regionOutlines.regionCode, item.regionCode)).for('update');
    const [last] = await tx.select({ version: sql<number>`coalesce(max(${regionOutlineVersions.version}), 0)`.mapWith(Number) }).from(regionOutlineVersions).where(eq(regionOutlineVersions.regionCode, item.regionCode));
    const version = Math.max(current?.version ?? 0, last.version) + 1;
    const now = new Date();
    await tx.update(regionOutlineVersions).set({ replacedAt: now }).where(and(eq(regionOutlineVersions.regionCode, item.regionCode), isNull(regionOutlineVersions.replacedAt)));
    const row = { regionCode: item.regionCode, geometry: item.geometry, ...box, source: item.source, licence: item.licence, approximate: item.approximate, importedBy, importedAt: now, version };
    await tx.insert(regionOutlineVersions).values(row);
    await tx.insert(regionOutlines).values(row).onConflictDoUpdate({ target: regionOutlines.regionCode, set: { geometry: row.geometry, ...box, source: row.source, licence: row.licence, approximate: row.approximate, importedBy, importedAt: now, version } });
    written.push({ regionCode: item.regionCode, version, vertices: vertexCount(item.geometry) });
  }
  return written;
}

/**
 * The outlines a map of a region draws: the region's own and its children's (a county and its
 * towns), with where each came from and whether it is approximate.
 */
export async function outlinesFor(db: Db, actor: Actor, regionCode: string | undefined, map: { tiles: string | null; attribution: string } | undefined) {
  const root = regionCode ?? mapRootOf(actor);
  if (!canSeeOutline(actor, root)) throw notFound({ zh: '行政区划', en: 'Region' });
  const rows = await db.select({
    regionCode: regionOutlines.regionCode, name: regions.name, level: regions.level, version: regionOutlines.version, source: regionOutlines.source, licence: regionOutlines.licence,
    approximate: regionOutlines.approximate, geometry: regionOutlines.geometry, minLon: regionOutlines.minLon, minLat: regionOutlines.minLat, maxLon: regionOutlines.maxLon, maxLat: regionOutlines.maxLat,
    importedAt: regionOutlines.importedAt,
  }).from(regionOutlines).innerJoin(regions, eq(regions.code, regionOutlines.regionCode))
    .where(or(eq(regionOutlines.regionCode, root), eq(regions.parentCode, root))).orderBy(regionOutlines.regionCode);
  const outlines = rows.map(({ minLon, minLat, maxLon, maxLat, importedAt, ...r }) => ({ ...r, importedAt: importedAt.toISOString(), bbox: [minLon, minLat, maxLon, maxLat] as [number, number, number, number] }));
  const bbox = outlines.length ? [Math.min(...rows.map((r) => r.minLon)), Math.min(...rows.map((r) => r.minLat)), Math.max(...rows.map((r) => r.maxLon)), Math.max(...rows.map((r) => r.maxLat))] as [number, number, number, number] : null;
  return { regionCode: root, bbox, tiles: map?.tiles ? { url: map.tiles, attribution: map.attribution } : null, outlines };
}

/** Every version of a region's outline, newest first (what an import replaced). */
export async function outlineVersions(db: Db, actor: Actor, regionCode: string) {
  if (!canSeeOutline(actor, regionCode)) throw notFound({ zh: '行政区划', en: 'Region' });
  const rows = await db.select({ version: regionOutlineVersions.version, source: regionOutlineVersions.source, licence: regionOutlineVersions.licence, approximate: regionOutlineVersions.approximate,
    importedAt: regionOutlineVersions.importedAt, replacedAt: regionOutlineVersions.replacedAt })
    .from(regionOutlineVersions).where(eq(regionOutlineVersions.regionCode, regionCode)).orderBy(sql`${regionOutlineVersions.version} DESC`).limit(100);
  return { regionCode, items: rows.map((r) => ({ ...r, importedAt: r.importedAt.toISOString(), replacedAt: r.replacedAt?.toISOString() ?? null })) };
}
