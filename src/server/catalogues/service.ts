import { and, eq, sql, asc, desc, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { catalogueVersions, catalogueEntries } from './schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { badRequest, conflict, notFound } from '../http/errors';
import { containsPattern } from '../http/pagination';
import type { CatalogueKind } from '../../domain/enums';
import { HAZARD_CHARACTERISTICS } from '../../domain/enums';
import type { SampleEntry } from './samples';

export interface EntryInput { code: string; name: string; category: string; categoryName: string; industry: string; description: string; hazard: string[] }
export interface RowProblem { row: number; message: { zh: string; en: string } }

const HAZARD_LETTERS = new Set(HAZARD_CHARACTERISTICS.values as string[]);
const pick = (row: Record<string, string>, ...names: string[]) => {
  for (const name of names) if (row[name]) return row[name].trim();
  return '';
};

/**
 * Reads catalogue rows from a CSV/Excel table. Headers in English (code, name, category,
 * category_name, industry, description, hazard) or the list's own Chinese ones (废物代码, 危险废物,
 * 废物类别, 行业来源, 危险特性). Hazard letters are split on "," "/" and spaces.
 */
export function normaliseEntries(catalogue: CatalogueKind, rows: Record<string, string>[]): { entries: EntryInput[]; problems: RowProblem[] } {
  const entries: EntryInput[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const code = pick(row, 'code', '废物代码', '代码');
    const description = pick(row, 'description', '危险废物', '描述', '说明');
    const name = pick(row, 'name', '名称') || description;
    const hazard = pick(row, 'hazard', '危险特性').split(/[,，/、\s]+/).filter(Boolean);
    const fail = (zh: string, en: string) => problems.push({ row: line, message: { zh: `第${line}行：${zh}`, en: `Row ${line}: ${en}` } });
    if (!code || !name) return fail('缺少代码或名称', 'code or name missing');
    if (catalogue === 'hazardous' && !/^\d{3}-\d{3}-\d{2}$/.test(code)) return fail(`危险废物代码“${code}”格式应为 900-041-49`, `hazardous code "${code}" should look like 900-041-49`);
    const badLetter = hazard.find((h) => !HAZARD_LETTERS.has(h));
    if (badLetter) return fail(`未知的危险特性“${badLetter}”（应为 T、C、I、R、In）`, `unknown hazard characteristic "${badLetter}" (T, C, I, R, In)`);
    if (seen.has(code)) return fail(`代码“${code}”重复`, `code "${code}" appears twice`);
    seen.add(code);
    const category = pick(row, 'category', '废物类别', '类别') || (catalogue === 'hazardous' ? `HW${code.slice(-2)}` : '');
    entries.push({ code, name, category, categoryName: pick(row, 'category_name', '类别名称'), industry: pick(row, 'industry', '行业来源'), description, hazard: [...new Set(hazard)] });
  });
  return { entries, problems };
}

export const sampleToEntries = (samples: SampleEntry[]): EntryInput[] =>
  samples.map((s) => ({ code: s.code, name: s.name, category: s.category ?? '', categoryName: s.categoryName ?? '', industry: s.industry ?? '', description: '', hazard: s.hazard ?? [] }));

/** A new version of a catalogue in one transaction; made current if asked (or if it is the first). */
export async function importCatalogue(db: Db, ctx: AuditContext, input: { catalogue: CatalogueKind; label: string; source: string; makeCurrent: boolean; entries: EntryInput[] }) {
  if (input.entries.length === 0) throw badRequest('NO_ROWS', '文件中没有可导入的条目', 'The file holds no usable entries', 'file');
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: catalogueVersions.id }).from(catalogueVersions).where(and(eq(catalogueVersions.catalogue, input.catalogue), eq(catalogueVersions.label, input.label)));
    if (existing) throw conflict('DUPLICATE_VERSION', `版本“${input.label}”已存在，请换一个版本名`, `Version "${input.label}" exists already: choose another label`, 'label');
    const [{ count }] = await tx.select({ count: sql<number>`count(*)` }).from(catalogueVersions).where(eq(catalogueVersions.catalogue, input.catalogue));
    const makeCurrent = input.makeCurrent || count === 0;
    if (makeCurrent) await tx.update(catalogueVersions).set({ isCurrent: false }).where(eq(catalogueVersions.catalogue, input.catalogue));
    const [version] = await tx.insert(catalogueVersions).values({
      catalogue: input.catalogue, label: input.label, source: input.source, isCurrent: makeCurrent, entryCount: input.entries.length, importedBy: ctx.actor?.userId ?? null,
    }).returning();
    const e = input.entries;
    await tx.execute(sql`
      INSERT INTO catalogue_entries (version_id, code, name, category, category_name, industry, description, hazard, position)
      SELECT ${version.id}::uuid, code, name, category, category_name, industry, description,
             CASE WHEN hazard = '' THEN '{}'::text[] ELSE string_to_array(hazard, ',') END, position
      FROM unnest(${sql.param(e.map((x) => x.code))}::text[], ${sql.param(e.map((x) => x.name))}::text[], ${sql.param(e.map((x) => x.category))}::text[], ${sql.param(e.map((x) => x.categoryName))}::text[],
                  ${sql.param(e.map((x) => x.industry))}::text[], ${sql.param(e.map((x) => x.description))}::text[], ${sql.param(e.map((x) => x.hazard.join(',')))}::text[], ${sql.param(e.map((_, i) => i))}::int[])
        AS t(code, name, category, category_name, industry, description, hazard, position)`);
    await recordAudit(tx, ctx, { action: 'catalogue.import', entityType: 'catalogue_version', entityId: version.id, after: version });
    return version;
  });
}

export function listCatalogueVersions(db: Db) {
  return db.select().from(catalogueVersions).orderBy(asc(catalogueVersions.catalogue), desc(catalogueVersions.importedAt));
}

export interface EntryFilter { versionId?: string; q?: string; category?: string }

async function resolveVersion(db: Db, catalogue: CatalogueKind, versionId?: string) {
  const [version] = await db.select().from(catalogueVersions).where(and(eq(catalogueVersions.catalogue, catalogue), versionId ? eq(catalogueVersions.id, versionId) : eq(catalogueVersions.isCurrent, true)));
  if (!version) throw notFound({ zh: '名录版本', en: 'Catalogue version' });
  return version;
}

function entryConditions(versionId: string, filter: EntryFilter): SQL {
  const parts: SQL[] = [eq(catalogueEntries.versionId, versionId)];
  // Words apart ("沾染 包装物") each match the code's start, the name or the description, so a search need not quote the list's wording.
  for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5)) {
    parts.push(sql`(${catalogueEntries.code} LIKE ${`${word.replace(/[\\%_]/g, '')}%`} OR ${catalogueEntries.name} ILIKE ${containsPattern(word)} OR ${catalogueEntries.description} ILIKE ${containsPattern(word)})`);
  }
  if (filter.category) parts.push(eq(catalogueEntries.category, filter.category));
  return and(...parts)!;
}

const entryColumns = { code: catalogueEntries.code, name: catalogueEntries.name, category: catalogueEntries.category, categoryName: catalogueEntries.categoryName, industry: catalogueEntries.industry, description: catalogueEntries.description, hazard: catalogueEntries.hazard };

export async function listEntries(db: Db, catalogue: CatalogueKind, filter: EntryFilter, offset: number, limit: number) {
  const version = await resolveVersion(db, catalogue, filter.versionId);
  return db.select(entryColumns).from(catalogueEntries).where(entryConditions(version.id, filter)).orderBy(catalogueEntries.position).limit(limit).offset(offset);
}

export async function pageEntries(db: Db, catalogue: CatalogueKind, filter: EntryFilter, page: number, pageSize: number) {
  const version = await resolveVersion(db, catalogue, filter.versionId);
  const where = entryConditions(version.id, filter);
  const [items, [{ total }], categories] = await Promise.all([
    db.select(entryColumns).from(catalogueEntries).where(where).orderBy(catalogueEntries.position).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(catalogueEntries).where(where),
    db.selectDistinct({ category: catalogueEntries.category, categoryName: catalogueEntries.categoryName }).from(catalogueEntries)
      .where(and(eq(catalogueEntries.versionId, version.id), sql`${catalogueEntries.category} <> ''`)).orderBy(catalogueEntries.category),
  ]);
  return { items, total, page, pageSize, version: { id: version.id, label: version.label }, categories };
}

/** The current entry for a code, for other areas' validation ("unknown code" is a 400 there). */
export async function currentEntry(db: Queryable, catalogue: CatalogueKind, code: string) {
  const [row] = await db.select(entryColumns).from(catalogueEntries).innerJoin(catalogueVersions, eq(catalogueVersions.id, catalogueEntries.versionId))
    .where(and(eq(catalogueVersions.catalogue, catalogue), eq(catalogueVersions.isCurrent, true), eq(catalogueEntries.code, code)));
  return row ?? null;
}
