import { eq, sql, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database';
import { badRequest } from '../../http/errors';
import { regions } from './schema';
import { recordAudit, type AuditContext } from '../audit/service';
import { impliedParent, regionLevelOf, type RegionLevel } from '../../../domain/region-code';

export interface RegionRow { code: string; name: string; level: RegionLevel; parentCode: string | null; statisticalOnly: number }

export async function childrenOf(db: Db, parentCode: string | null) {
  const children = db.$with('children').as(
    db.select().from(regions).where(parentCode ? eq(regions.parentCode, parentCode) : isNull(regions.parentCode)),
  );
  return db.with(children).select({
    code: children.code, name: children.name, level: children.level, parentCode: children.parentCode,
    // Qualified by hand: inside the subquery a bare "code" would be r.code.
    childCount: sql<number>`(SELECT count(*) FROM ${regions} r WHERE r.parent_code = "children"."code")`.mapWith(Number),
  }).from(children).orderBy(children.code);
}

/** A region a request names, which must exist: otherwise a 400 that names the field. */
export async function requireRegion(q: Queryable, code: string, path: string) {
  const [region] = await q.select().from(regions).where(eq(regions.code, code));
  if (!region) throw badRequest('UNKNOWN_REGION', `行政区划代码 ${code} 不存在`, `Region code ${code} is not known`, path);
  return region;
}

export async function regionWithAncestors(db: Db, code: string) {
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  if (!region) return null;
  const ancestors: { code: string; name: string; level: string }[] = [];
  let parent = region.parentCode;
  while (parent) {
    const [row] = await db.select().from(regions).where(eq(regions.code, parent));
    if (!row) break;
    ancestors.unshift({ code: row.code, name: row.name, level: row.level });
    parent = row.parentCode;
  }
  return { ...region, ancestors };
}

export interface ImportProblem { row: number; message: { zh: string; en: string } }
export interface ImportResult { inserted: number; updated: number; problems: ImportProblem[] }

const pick = (row: Record<string, string>, ...names: string[]) => {
  for (const name of names) if (row[name] !== undefined && row[name] !== '') return row[name].trim();
  return '';
};

/**
 * Reads region rows from either layout an operator is likely to have: the statistics bureau's
 * (level, code, gb2260_6, name, parent_code, nbs_only_zone) or a plain one (代码/code, 名称/name,
 * 上级代码/parent_code). County and above keep their 6-digit GB/T 2260 code; towns their 9 digits.
 */
// GB/T 2260 provinces (省级): a code under any other two digits names no place.
const PROVINCES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);

export function normaliseRegionRows(rows: Record<string, string>[]): { regions: RegionRow[]; problems: ImportProblem[] } {
  const out: RegionRow[] = [];
  const problems: ImportProblem[] = [];
  rows.forEach((row, index) => {
    const level = pick(row, 'level', '级别');
    const raw = level === 'town' ? pick(row, 'code', '代码') : pick(row, 'gb2260_6', 'code', '代码', '区划代码');
    // A 12-digit statistical code is cut to the 6 (county and above) or 9 (town) digits we keep.
    const code = /^\d{12}$/.test(raw) ? raw.slice(0, raw.endsWith('000000') ? 6 : 9) : raw;
    const name = pick(row, 'name', '名称', '区划名称');
    const derivedLevel = regionLevelOf(code);
    if (!derivedLevel || !name || !PROVINCES.has(code.slice(0, 2))) {
      problems.push({ row: index + 2, message: { zh: `第${index + 2}行：代码“${raw}”或名称无效`, en: `Row ${index + 2}: code "${raw}" or name is not valid` } });
      return;
    }
    out.push({ code, name, level: derivedLevel, parentCode: impliedParent(code), statisticalOnly: pick(row, 'nbs_only_zone') === '1' ? 1 : 0 });
  });
  return { regions: out, problems };
}

/** Upserts in one statement with unnest, parents first so that a partial file still forms a tree. */
export async function importRegions(db: Db, ctx: AuditContext, rows: RegionRow[], source: string): Promise<Omit<ImportResult, 'problems'>> {
  const order: RegionLevel[] = ['province', 'city', 'county', 'town'];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  return db.transaction(async (tx) => {
    const result = await tx.execute<{ inserted: boolean }>(sql`
      INSERT INTO regions (code, name, level, parent_code, statistical_only)
      SELECT * FROM unnest(${sql.param(sorted.map((r) => r.code))}::text[], ${sql.param(sorted.map((r) => r.name))}::text[], ${sql.param(sorted.map((r) => r.level))}::text[],
                           ${sql.param(sorted.map((r) => r.parentCode))}::text[], ${sql.param(sorted.map((r) => r.statisticalOnly))}::int[])
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, statistical_only = EXCLUDED.statistical_only
      RETURNING (xmax = 0) AS inserted`);
    // A parent the file does not contain, and the database lacks, leaves the child as a root: drop the link.
    await tx.execute(sql`UPDATE regions r SET parent_code = NULL WHERE parent_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM regions p WHERE p.code = r.parent_code)`);
    const inserted = result.rows.filter((r) => r.inserted).length;
    const summary = { inserted, updated: result.rows.length - inserted };
    await recordAudit(tx, ctx, { action: 'regions.import', entityType: 'regions', entityId: source, after: summary });
    return summary;
  });
}
