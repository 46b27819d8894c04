import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarYear, decimal, regionCode, text } from '../http/inputs';
import { shanghaiDate } from '../../domain/labels';
import { percent } from '../indicators/formula';
import { DEMONSTRATION_LEVELS, FACILITY_KINDS, SPECIES_KEYS } from '../../domain/agri/livestock';
import { farmScope, fertiliserPlants, pageFarmYears, pageFarms, pageManureMonths, recordFarmYear, recordManureMonth } from './service';
import { areaFigures } from './formulas';
import { farmPage, farmYearPage, farmYearSchema, manureMonthPage, manureMonthSchema, plantList, summarySchema } from './presenter';

// 畜禽养殖场 and 畜禽粪污 (issue 16): the farm register by year, the monthly manure ledger, the area's
// figures. Hand-overs to fertiliser plants are manifests of the stream "manure" (POST /api/manifests).

const enumOf = (values: readonly string[], zh: string, en: string) => z.enum(values as [string, ...string[]], { error: bilingual(zh, en) });
const species = enumOf(SPECIES_KEYS, `畜种应为 ${SPECIES_KEYS.join('、')} 之一`, `The species is one of ${SPECIES_KEYS.join(', ')}`);
const heads = (zh: string, en: string) => z.number({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) })
  .int({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) }).min(0, { error: bilingual(`${zh}不能为负`, `${en} cannot be negative`) })
  .max(10_000_000, { error: bilingual(`${zh}不能超过1000万`, `${en} cannot exceed 10 million`) });
const tonnes = (zh: string, en: string) => decimal({ places: 4, max: 1_000_000, what: { zh, en } });
const year = z.number({ error: bilingual('年度应为整数', 'The year is a whole number') }).int().min(2000, { error: bilingual('年度不能早于2000年', 'The year cannot be before 2000') })
  .max(2100, { error: bilingual('年度不能晚于2100年', 'The year cannot be after 2100') });
const flag = (zh: string, en: string) => z.boolean({ error: bilingual(`${zh}应为是或否`, `${en} is yes or no`) });

const farmYearBody = z.object({
  farmId: z.uuid().optional().describe('for an agriculture official: the farm; a farm records for itself'),
  year, species, stockHead: heads('存栏量', 'Head in stock'), soldHead: heads('年出栏量', 'Head sold'),
  storageM3: decimal({ places: 1, max: 10_000_000, what: { zh: '贮存设施容积', en: 'The storage volume' } }),
  dryYardM2: decimal({ places: 1, max: 10_000_000, what: { zh: '干粪堆场面积', en: 'The dry-manure yard' } }),
  covered: flag('堆粪场防雨', 'Covered'), rainSeparated: flag('雨污分离', 'Rain separated'),
  facilityKind: enumOf(FACILITY_KINDS.map((k) => k.value), '处理设施类型不在列表中', 'Unknown kind of manure treatment'),
  demonstrationLevel: enumOf(DEMONSTRATION_LEVELS.map((l) => l.value), '示范场级别应为 national、provincial、municipal 之一', 'The level is national, provincial or municipal').nullable().optional(),
  demonstrationYear: year.nullable().optional(),
  supersedes: z.uuid().optional().describe('the record this one corrects'),
  correctionReason: text(200).optional(),
}).strict();

const manureBody = z.object({
  farmId: z.uuid().optional(),
  year, month: z.number({ error: bilingual('月份应为1至12', 'The month is 1 to 12') }).int({ error: bilingual('月份应为1至12', 'The month is 1 to 12') })
    .min(1, { error: bilingual('月份应为1至12', 'The month is 1 to 12') }).max(12, { error: bilingual('月份应为1至12', 'The month is 1 to 12') }),
  basis: z.enum(['coefficient', 'measured'], { error: bilingual('产生量依据应为 coefficient（系数测算）或 measured（实测）', 'The basis is coefficient or measured') }),
  generatedT: tonnes('产生量', 'The manure generated').optional(),
  generatedNote: text(200).optional(),
  fieldT: tonnes('还田量', 'Manure on fields'), fieldAreaMu: decimal({ places: 1, max: 1_000_000, what: { zh: '还田面积', en: 'The land area' } }).optional(),
  biogasT: tonnes('沼气利用量', 'Manure to biogas'), soldT: tonnes('出售量', 'Manure sold'), soldTo: text(100).optional(),
  note: text(200).optional(),
  supersedes: z.uuid().optional(), correctionReason: text(200).optional(),
}).strict();

const thisYear = () => Number(shanghaiDate(new Date()).slice(0, 4));

export async function livestockRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/livestock/farms', {
    schema: { tags: ['livestock'], summary: '畜禽养殖场 Livestock farms of your area with the year’s record (scale farm, facilities, designation) and manure figures',
      querystring: z.object({ year: calendarYear.optional(), q: z.string().max(40).optional(), regionCode: regionCode.optional(), species: species.optional(), scale: queryBoolean.optional() }).extend(pageQuery),
      response: { 200: farmPage } },
  }, async (request) => {
    const { page, pageSize, year: y, ...filter } = request.query;
    return pageFarms(db, requirePermission(request, 'manifests.read', 'manifests:read'), { year: y ?? thisYear(), ...filter }, page, pageSize);
  });

  api.get('/api/livestock/farms/:id/years', {
    schema: { tags: ['livestock'], summary: '养殖场年度登记 A farm’s yearly records, corrections and the rows they replaced, newest first',
      params: z.object({ id: z.uuid() }), querystring: z.object(pageQuery), response: { 200: farmYearPage } },
  }, async (request) => pageFarmYears(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.params.id, request.query.page, request.query.pageSize));

  api.post('/api/livestock/farm-years', {
    schema: { tags: ['livestock'], summary: '登记养殖场年度情况 A farm’s species, head counts, facilities and designation for a year, or a correction (supersedes)', body: farmYearBody, response: { 201: farmYearSchema } },
  }, async (request, reply) => reply.status(201).send(await recordFarmYear(db, { ...auditContext(request), actor: requireSession(request) }, request.body as never)));

  api.get('/api/livestock/manure', {
    schema: { tags: ['livestock'], summary: '畜禽粪污台账 Monthly manure records of a year (a farm’s, or your area’s), with what went to fertiliser plants; history=true keeps corrected rows',
      querystring: z.object({ farmId: z.uuid().optional(), year: calendarYear.optional(), history: queryBoolean.optional() }).extend(pageQuery), response: { 200: manureMonthPage } },
  }, async (request) => {
    const { page, pageSize, year: y, ...filter } = request.query;
    return pageManureMonths(db, requirePermission(request, 'manifests.read', 'manifests:read'), { year: y ?? thisYear(), ...filter }, page, pageSize);
  });

  api.post('/api/livestock/manure', {
    schema: { tags: ['livestock'], summary: '填报月度粪污台账 A month’s manure: generated (coefficient or measured) and used on fields (with the area), for biogas, sold; or a correction', body: manureBody, response: { 201: manureMonthSchema } },
  }, async (request, reply) => reply.status(201).send(await recordManureMonth(db, { ...auditContext(request), actor: requireSession(request) }, request.body as never, shanghaiDate(new Date()))));

  api.get('/api/livestock/summary', {
    schema: { tags: ['livestock'], summary: '畜禽养殖与粪污利用概况 The year’s figures of the farms you see: utilisation, scale share, facility rate, demonstration share',
      querystring: z.object({ year: calendarYear.optional() }), response: { 200: summarySchema } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    const y = request.query.year ?? thisYear();
    const f = await areaFigures(db, farmScope(actor), y);
    return {
      ...f, year: y, utilisationRate: percent(f.usedCountedT, f.generatedT), scaleShare: percent(f.scalePigEquivalents, f.pigEquivalents),
      facilityRate: percent(f.completeScaleFarms, f.scaleFarms), demonstrationShare: percent(f.demonstrationScaleFarms, f.scaleFarms),
    };
  });

  api.get('/api/livestock/plants', {
    schema: { tags: ['livestock'], summary: '有机肥生产企业 The verified organic-fertiliser plants of your city a farm may hand manure to', response: { 200: plantList } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    return { items: await fertiliserPlants(db, actor.regionCode.slice(0, 4)) };
  });
}
