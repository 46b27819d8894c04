import { and, asc, eq, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations, licences } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { recyclingSites } from '../recycling/schema';
import { recyclingPriceLists, recyclingPrices } from '../recycling-bookings/schema';
import { zeroWasteCells } from '../registers/schema';
import { exchangeListings as listings } from '../exchange/schema';
import { CAPABILITIES } from '../../domain/enums';
import { applianceType, recyclableCategory } from '../../domain/recycling';
import { regionScopePrefix } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import type { DatasetFrequency } from '../../domain/portal';
import { publicIndicators } from './indicators';

// 开放数据: the datasets an office may publish, each a query over the platform's records of an area.
// The office chooses which to publish (open_datasets); the registry says what each one is. A dataset
// holds nothing personal: no contact person, phone, identity number or a resident's address.

type Cell = string | number | null;
export interface DatasetColumn { key: string; zh: string; en: string; type: 'string' | 'number' | 'date' }
export interface DatasetDefinition {
  key: string;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  keywords: string[];
  frequency: DatasetFrequency;
  /** The 一级 theme for DCAT dcat:theme. */
  theme: string;
  columns: DatasetColumn[];
  /** A page of rows of an area (the region code's subtree), in a stable order. */
  page(db: Db, regionCode: string, offset: number, limit: number): Promise<Record<string, Cell>[]>;
}

const within = (column: SQL | Parameters<typeof like>[0], regionCode: string) => like(column as Parameters<typeof like>[0], `${regionScopePrefix(regionCode)}%`);
/** The name of the region a row's code points at, or the code itself when the region is not loaded. */
export const regionNameOf = (code: SQL | Parameters<typeof like>[0]) => sql<string>`coalesce((SELECT r.name FROM ${regions} r WHERE r.code = ${code}), ${code})`;
const regionName = regionNameOf(organisations.regionCode);
const COLLECTING = ['recycling_station', 'sorting_centre', 'collection_station'] as const;

export const DATASETS: DatasetDefinition[] = [
  {
    key: 'indicators',
    title: { zh: '“无废城市”建设指标及完成情况', en: 'Zero-waste city indicators and progress' },
    description: { zh: '本地区“无废城市”建设指标体系的各项指标：基准值、目标值、最新值及其来源（平台计算或部门填报）、进展评估。', en: 'Each indicator of the area’s zero-waste plan: baseline, targets, the latest value and where it comes from (computed by the platform or reported by a department), and its progress.' },
    keywords: ['无废城市', '指标体系', '固体废物'], frequency: 'MONTHLY', theme: '生态环境',
    columns: [
      { key: 'no', zh: '序号', en: 'No.', type: 'number' }, { key: 'level1', zh: '一级指标', en: 'Area', type: 'string' }, { key: 'name', zh: '指标名称', en: 'Indicator', type: 'string' },
      { key: 'unit', zh: '单位', en: 'Unit', type: 'string' }, { key: 'baseline', zh: '基准值', en: 'Baseline', type: 'string' }, { key: 'target', zh: '目标值', en: 'Target', type: 'string' },
      { key: 'year', zh: '数据年度', en: 'Year', type: 'number' }, { key: 'value', zh: '最新值', en: 'Latest value', type: 'number' },
      { key: 'source', zh: '数据来源', en: 'Source', type: 'string' }, { key: 'status', zh: '进展', en: 'Progress', type: 'string' },
    ],
    async page(db, regionCode, offset, limit) {
      const view = await publicIndicators(db, regionCode);
      return (view?.rows ?? []).slice(offset, offset + limit).map((r) => ({
        no: r.no, level1: r.level1, name: r.name, unit: r.valueUnit, baseline: r.baselineText, target: r.targets.map((t) => `${t.year}年：${t.text}`).join('；'),
        year: r.value?.year ?? null, value: r.value?.value ?? null, source: r.source.zh, status: r.status.zh,
      }));
    },
  },
  {
    key: 'collection_points',
    title: { zh: '回收网点和收集站点', en: 'Recycling stations and collection points' },
    description: { zh: '再生资源回收网点、分拣中心，以及农药包装废弃物、废旧农膜等收集站点：名称、类型、所在镇街、地址和坐标（WGS-84）。', en: 'Recycling stations and sorting centres, and the collection points of pesticide packaging and used film: name, kind, town, address and coordinates (WGS-84).' },
    keywords: ['再生资源', '回收网点', '收集站点'], frequency: 'MONTHLY', theme: '商务',
    columns: [
      { key: 'name', zh: '名称', en: 'Name', type: 'string' }, { key: 'kind', zh: '类型', en: 'Kind', type: 'string' }, { key: 'operator', zh: '运营单位', en: 'Operator', type: 'string' },
      { key: 'town', zh: '所在区域', en: 'Area', type: 'string' }, { key: 'address', zh: '地址', en: 'Address', type: 'string' },
      { key: 'longitude', zh: '经度', en: 'Longitude', type: 'number' }, { key: 'latitude', zh: '纬度', en: 'Latitude', type: 'number' },
    ],
    async page(db, regionCode, offset, limit) {
      const rows = await collectionPoints(db, regionCode, offset, limit);
      return rows.map((r) => ({ name: r.name, kind: r.kind.zh, operator: r.operator ?? '', town: r.regionName, address: r.address, longitude: r.longitude, latitude: r.latitude }));
    },
  },
  {
    key: 'recycling_prices',
    title: { zh: '再生资源回收价格', en: 'Recyclables prices' },
    description: { zh: '各回收企业现行公布的再生资源收购价格（元/千克或元/件），以最近生效的价目表为准。', en: 'The buying prices each recycling company publishes now (yuan per kg or per piece), from its latest price list in force.' },
    keywords: ['再生资源', '回收价格'], frequency: 'IRREG', theme: '商务',
    columns: [
      { key: 'company', zh: '回收企业', en: 'Company', type: 'string' }, { key: 'category', zh: '品类', en: 'Category', type: 'string' },
      { key: 'price', zh: '价格（元）', en: 'Price (yuan)', type: 'number' }, { key: 'unit', zh: '计价单位', en: 'Per', type: 'string' }, { key: 'effectiveFrom', zh: '生效日期', en: 'In force from', type: 'date' },
    ],
    async page(db, regionCode, offset, limit) {
      const rows = await currentPrices(db, regionCode, offset, limit);
      return rows.map((r) => ({ company: r.company, category: r.categoryLabel.zh, price: r.priceYuan, unit: r.unit === 'kg' ? '千克' : '件', effectiveFrom: r.effectiveFrom }));
    },
  },
  {
    key: 'zero_waste_cells',
    title: { zh: '“无废城市细胞”名单', en: 'Zero-waste cells' },
    description: { zh: '已命名且未摘牌的“无废城市细胞”（机关、企业、学校、商场、社区、村镇等）：名称、类型、所在区域、命名日期、命名单位。', en: 'The named zero-waste cells (offices, companies, schools, malls, communities, villages …) not revoked: name, kind, area, day named, named by.' },
    keywords: ['无废细胞', '无废城市'], frequency: 'QUARTERLY', theme: '生态环境',
    columns: [
      { key: 'name', zh: '名称', en: 'Name', type: 'string' }, { key: 'kind', zh: '类型', en: 'Kind', type: 'string' }, { key: 'area', zh: '所在区域', en: 'Area', type: 'string' },
      { key: 'namedOn', zh: '命名日期', en: 'Named on', type: 'date' }, { key: 'namedBy', zh: '命名单位', en: 'Named by', type: 'string' },
    ],
    async page(db, regionCode, offset, limit) {
      const c = zeroWasteCells;
      const rows = await db.select({ name: c.name, kind: c.kind, area: regionNameOf(c.regionCode), namedOn: c.namedOn, namedBy: c.namedBy })
        .from(c).where(and(within(c.regionCode, regionCode), isNull(c.endedOn))).orderBy(asc(c.namedOn), asc(c.id)).limit(limit).offset(offset);
      return rows.map((r) => ({ ...r, kind: CELL_KIND_LABELS[r.kind] ?? r.kind }));
    },
  },
  {
    key: 'hazardous_licences',
    title: { zh: '危险废物经营许可证持证单位', en: 'Licensed hazardous-waste operators' },
    description: { zh: '本地区有效的危险废物经营许可证：持证单位、许可证编号、有效期、核准经营规模（吨/年）、核准经营的废物代码数。', en: 'Hazardous-waste operating licences in force in the area: holder, number, validity, licensed capacity (t/year) and how many waste codes it covers.' },
    keywords: ['危险废物', '经营许可证'], frequency: 'MONTHLY', theme: '生态环境',
    columns: [
      { key: 'holder', zh: '持证单位', en: 'Holder', type: 'string' }, { key: 'number', zh: '许可证编号', en: 'Licence number', type: 'string' },
      { key: 'validFrom', zh: '有效期起', en: 'Valid from', type: 'date' }, { key: 'validTo', zh: '有效期止', en: 'Valid to', type: 'date' },
      { key: 'capacityT', zh: '核准经营规模（吨/年）', en: 'Capacity (t/year)', type: 'number' }, { key: 'codes', zh: '核准废物代码数', en: 'Waste codes', type: 'number' },
    ],
    async page(db, regionCode, offset, limit) {
      const today = shanghaiDate(new Date());
      const rows = await db.select({ holder: organisations.name, number: licences.number, validFrom: licences.validFrom, validTo: licences.validTo, capacityT: licences.annualCapacityT, codes: sql<number>`cardinality(${licences.wasteCodes})`.mapWith(Number) })
        .from(licences).innerJoin(organisations, eq(organisations.id, licences.organisationId))
        .where(and(within(organisations.regionCode, regionCode), isNull(licences.endedOn), sql`${licences.validTo} >= ${today}`))
        .orderBy(asc(organisations.name), asc(licences.number)).limit(limit).offset(offset);
      return rows;
    },
  },
  {
    key: 'recycled_products',
    title: { zh: '再生产品供求信息', en: 'Recycled products: offers and demands' },
    description: { zh: '资源化利用企业发布的再生产品（再生骨料、再生砖等）供应与需求，不含联系人和电话。', en: 'Offers and demands of recycled products (aggregate, bricks …) posted by recycling companies, without contacts.' },
    keywords: ['再生产品', '建筑垃圾', '资源化利用'], frequency: 'DAILY', theme: '住房城乡建设',
    columns: [
      { key: 'kind', zh: '类型', en: 'Kind', type: 'string' }, { key: 'product', zh: '产品', en: 'Product', type: 'string' }, { key: 'title', zh: '标题', en: 'Title', type: 'string' },
      { key: 'quantity', zh: '数量', en: 'Quantity', type: 'number' }, { key: 'unit', zh: '单位', en: 'Unit', type: 'string' }, { key: 'priceYuan', zh: '价格（元）', en: 'Price (yuan)', type: 'number' },
      { key: 'company', zh: '发布单位', en: 'Company', type: 'string' }, { key: 'postedOn', zh: '发布日期', en: 'Posted on', type: 'date' },
    ],
    async page(db, regionCode, offset, limit) {
      const l = listings;
      const rows = await db.select({ kind: l.kind, product: l.wasteClass, title: l.title, quantity: l.quantityT, unit: l.unit, priceYuan: l.priceYuan, company: organisations.name, createdAt: l.createdAt })
        .from(l).innerJoin(organisations, eq(organisations.id, l.organisationId))
        .where(and(eq(l.category, 'product'), within(l.regionCode, regionCode), eq(l.status, 'open'), sql`(${l.validUntil} IS NULL OR ${l.validUntil} >= ${shanghaiDate(new Date())})`))
        .orderBy(asc(l.createdAt), asc(l.id)).limit(limit).offset(offset);
      return rows.map(({ createdAt, kind, ...r }) => ({ ...r, kind: kind === 'offer' ? '供应' : '需求', postedOn: shanghaiDate(createdAt) }));
    },
  },
];

export const datasetDefinition = (key: string) => DATASETS.find((d) => d.key === key) ?? null;
export const DATASET_KEYS = DATASETS.map((d) => d.key) as [string, ...string[]];

const CELL_KIND_LABELS: Record<string, string> = {
  agency: '机关', enterprise: '企业', school: '学校', hospital: '医院', restaurant: '饭店', mall: '商场', market: '集贸市场', community: '社区', village: '村镇', scenic: '景区', other: '其他',
};

/** Verified organisations of an area that have one of the capabilities (a kind of point, or every collecting kind). */
function collectingIn(regionCode: string, caps: readonly string[]) {
  return and(eq(organisations.status, 'verified'), within(organisations.regionCode, regionCode), sql`${organisations.capabilities} && ARRAY[${sql.join(caps.map((c) => sql`${c}`), sql`, `)}]::text[]`);
}

/** Recycling stations, sorting centres and collection points of an area that are verified, with where they are. */
export async function collectionPoints(db: Db, regionCode: string, offset: number, limit: number, kind?: string) {
  const caps = kind ? [kind] : [...COLLECTING];
  const operator = sql<string | null>`(SELECT o2.name FROM ${recyclingSites} s JOIN ${organisations} o2 ON o2.id = s.operator_id WHERE s.organisation_id = ${organisations.id} AND s.operator_id <> ${organisations.id})`;
  const rows = await db.select({ id: organisations.id, name: organisations.name, capabilities: organisations.capabilities, regionCode: organisations.regionCode, regionName, address: organisations.address, longitude: organisations.longitude, latitude: organisations.latitude, operator })
    .from(organisations)
    .where(collectingIn(regionCode, caps))
    .orderBy(asc(organisations.regionCode), asc(organisations.name), asc(organisations.id)).limit(limit).offset(offset);
  return rows.map(({ capabilities, ...r }) => {
    const cap = caps.find((c) => capabilities.includes(c))!;
    return { ...r, kind: { value: cap, zh: CAPABILITIES.label(cap, 'zh'), en: CAPABILITIES.label(cap, 'en') } };
  });
}

export async function countCollectionPoints(db: Db, regionCode: string, kind?: string) {
  const caps = kind ? [kind] : [...COLLECTING];
  const [{ n }] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(organisations)
    .where(collectingIn(regionCode, caps));
  return n;
}

/** Each recycling company's prices from its latest list in force in the area (a later list supersedes an earlier one). */
export async function currentPrices(db: Db, regionCode: string, offset: number, limit: number) {
  const today = shanghaiDate(new Date());
  const rows = await db.execute<{ company: string; category: string; appliance_type: string; unit: 'kg' | 'piece'; price_yuan: string; effective_from: string }>(sql`
    WITH latest AS (
      SELECT DISTINCT ON (l.company_id) l.id, l.company_id, l.effective_from FROM ${recyclingPriceLists} l
      WHERE l.region_code LIKE ${`${regionScopePrefix(regionCode)}%`} AND l.effective_from <= ${today}
      ORDER BY l.company_id, l.effective_from DESC, l.published_at DESC)
    SELECT o.name AS company, p.category, p.appliance_type, p.unit, p.price_yuan, latest.effective_from::text AS effective_from
    FROM latest JOIN ${recyclingPrices} p ON p.list_id = latest.id JOIN ${organisations} o ON o.id = latest.company_id
    ORDER BY o.name, p.category, p.appliance_type LIMIT ${limit} OFFSET ${offset}`);
  return rows.rows.map((r) => {
    const cat = recyclableCategory(r.category);
    const appliance = r.appliance_type ? applianceType(r.appliance_type) : null;
    const zh = `${cat?.zh ?? r.category}${appliance ? `（${appliance.zh}）` : ''}`;
    const en = `${cat?.en ?? r.category}${appliance ? ` (${appliance.en})` : ''}`;
    return { company: r.company, category: r.category, applianceType: r.appliance_type, categoryLabel: { zh, en }, unit: r.unit, priceYuan: Number(r.price_yuan), effectiveFrom: r.effective_from };
  });
}
