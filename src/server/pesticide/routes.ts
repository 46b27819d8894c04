import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSession, requireSessionPermission } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, calendarYear, decimal, text } from '../http/inputs';
import { notFound } from '../http/errors';
import { esc, page as printPage, shanghaiTime } from '../print/html';
import { shanghaiYear } from '../../domain/labels';
import { PACKAGE_CODE, PACKAGE_MATERIAL_VALUES, PACKAGE_TYPE_VALUES, recoveryRate, REGISTRATION_NO } from '../../domain/agri/pesticide';
import {
  recordSale, recordReturn, recordReceipt, decideUtiliser, dealerChoices, pageSales, pageReturns, pageReceipts, pageUtilisers, pageDealers, destinations, recoveryByTown, pageLoads, receiptFor,
} from './service';
import { saleCreated, salePage, returnCreated, returnPage, receiptCreated, receiptPage, utiliserDecision, utiliserPage, destinationList, dealerPage, recoveryTable, loadPage } from './presenter';

// 农药包装废弃物 (ADR 0007): the dealer records sales and what it takes back, the town station its
// receipts (each a batch of its store, printable as a slip), the county bureau its designated
// utilisers. Loads are manifests of the stream (POST /api/manifests with stream "pesticide").

const count = (zh: string, en: string) => z.number({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) })
  .int({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) }).min(0, { error: bilingual(`${zh}不能为负`, `${en} cannot be negative`) })
  .max(1_000_000, { error: bilingual(`${zh}不能超过 1,000,000`, `${en} cannot exceed 1,000,000`) });
const packageCounts = { bottleCount: count('瓶数', 'The bottle count'), bagCount: count('袋数', 'The bag count'), drumCount: count('桶数', 'The drum count') };
const packageCode = z.string().trim().toUpperCase().regex(PACKAGE_CODE, { message: bilingual('包装物二维码应为6至40位大写字母、数字或连字符', 'A package code is 6 to 40 capital letters, digits or dashes') });
const codes = z.array(packageCode).max(500, { message: bilingual('一次最多登记500个二维码', 'At most 500 codes at a time') });
const named = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(1, { message: bilingual(`请填写${zh}`, `Give ${en}`) }));

const saleBody = z.object({
  soldOn: calendarDay,
  productName: named(80, '农药产品名称', 'the product name'),
  registrationNo: z.string().trim().toUpperCase().regex(REGISTRATION_NO, { message: bilingual('农药登记证号格式应为 PD、WP、LS 或 WL 加8位数字（如 PD20130987）', 'A pesticide registration number is PD, WP, LS or WL and 8 digits (PD20130987)') }),
  activeIngredient: named(80, '有效成分', 'the active ingredient'),
  contentPct: decimal({ places: 3, min: 'above0', max: 100, what: { zh: '有效成分含量', en: 'The active-ingredient content' } }),
  packageType: z.enum(PACKAGE_TYPE_VALUES, { error: bilingual('包装类型应为 bottle（瓶）、bag（袋）或 drum（桶）', 'The package type is bottle, bag or drum') }),
  packageMaterial: z.enum(PACKAGE_MATERIAL_VALUES, { error: bilingual('包装材质应为 plastic、glass、foil、paper、metal 之一', 'The material is one of plastic, glass, foil, paper, metal') }),
  packageSize: named(20, '包装规格', 'the package size'),
  packageCount: count('销售包装数', 'The package count').min(1, { error: bilingual('销售包装数至少为1', 'At least one package') }),
  productKg: decimal({ places: 3, min: 'above0', max: 1_000_000, what: { zh: '产品重量（千克）', en: 'The product weight (kg)' } }),
  packageWeightG: decimal({ places: 1, min: 'above0', max: 50_000, what: { zh: '单个包装空重（克）', en: 'One empty package’s weight (g)' } }),
  depositYuan: decimal({ places: 2, min: 0, max: 1000, what: { zh: '每个包装的押金（元）', en: 'The deposit per package (yuan)' } }).optional(),
  packageCodes: codes.optional(),
}).strict();

const returnBody = z.object({
  returnedOn: calendarDay, returnedBy: text(40).optional(), ...packageCounts,
  weightKg: decimal({ places: 2, min: 'above0', max: 100_000, what: { zh: '回收重量（千克）', en: 'The weight taken back (kg)' } }),
  packageCodes: codes.optional(),
}).strict();

const receiptBody = z.object({
  receivedOn: calendarDay,
  sourceKind: z.enum(['dealer', 'farmer'], { error: bilingual('交来方应为 dealer（经营门店）或 farmer（农户）', 'The source is dealer or farmer') }),
  dealerId: z.uuid({ error: bilingual('经营门店编号格式不正确', 'The dealer id is malformed') }).optional(),
  farmerName: text(40).optional(), ...packageCounts,
  weightKg: decimal({ places: 2, min: 'above0', max: 100_000, what: { zh: '接收重量（千克）', en: 'The weight received (kg)' } }),
}).strict();

const utiliserBody = z.object({
  organisationId: z.uuid({ error: bilingual('单位编号格式不正确', 'The organisation id is malformed') }),
  action: z.enum(['designate', 'revoke'], { error: bilingual('操作应为 designate（确定）或 revoke（撤销）', 'The action is designate or revoke') }),
  decisionNo: named(60, '确定文件文号', 'the decision’s reference'), note: text(200).optional(),
}).strict();

const range = z.object({ from: calendarDay.optional(), to: calendarDay.optional() });
const SOURCE_ZH = { dealer: '经营门店交站', farmer: '农户交回' } as const;

export async function pesticideRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['pesticide'];

  api.post('/api/pesticide/sales', {
    schema: { tags, summary: '登记农药销售 A dealer records a sale: product, registration number, active ingredient, packages (with deposit-refund codes)', body: saleBody, response: { 201: saleCreated } },
  }, async (request, reply) => reply.status(201).send(await recordSale(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/pesticide/sales', {
    schema: { tags, summary: '农药销售台账 Sales: a dealer its own, the agriculture bureau its area', querystring: range.extend({ dealerId: z.uuid().optional() }).extend(pageQuery), response: { 200: salePage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageSales(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.post('/api/pesticide/returns', {
    schema: { tags, summary: '登记回收 A dealer records packages taken back from farmers (no more, by type, than it ever sold); scanned codes are refunded', body: returnBody, response: { 201: returnCreated } },
  }, async (request, reply) => reply.status(201).send(await recordReturn(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/pesticide/returns', {
    schema: { tags, summary: '农药包装回收台账 Packages taken back by dealers', querystring: range.extend({ dealerId: z.uuid().optional() }).extend(pageQuery), response: { 200: returnPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageReturns(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.get('/api/pesticide/dealers', {
    schema: { tags, summary: '农药经营门店 Dealers with the year’s packages sold, taken back and handed over', querystring: z.object({ year: calendarYear.optional() }).extend(pageQuery), response: { 200: dealerPage } },
  }, async (request) => pageDealers(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.year ?? shanghaiYear(), request.query.page, request.query.pageSize));

  api.get('/api/pesticide/dealer-choices', {
    schema: { tags, summary: '本县农药经营门店 Verified dealers of your county by name (what a station picks the dealer handing over from)',
      querystring: z.object({ q: z.string().max(40).optional() }).extend(pageQuery), response: { 200: pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string() })) } },
  }, async (request) => dealerChoices(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.q, request.query.page, request.query.pageSize));

  api.post('/api/pesticide/receipts', {
    schema: { tags, summary: '收储站接收 A town station receives packages from a dealer or a farmer; the receipt becomes a batch of its store', body: receiptBody, response: { 201: receiptCreated } },
  }, async (request, reply) => reply.status(201).send(await recordReceipt(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/pesticide/receipts', {
    schema: { tags, summary: '收储站接收记录 Receipts: a station its own, a dealer its hand-overs, the bureau its area', querystring: range.extend(pageQuery), response: { 200: receiptPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageReceipts(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.get('/print/pesticide-receipts/:id', { schema: { hide: true, tags, params: z.object({ id: z.uuid() }) } }, async (request, reply) => {
    const r = await receiptFor(db, requireSession(request), request.params.id);
    if (!r) throw notFound({ zh: '接收记录', en: 'Receipt' });
    const from = r.sourceKind === 'dealer' ? `${SOURCE_ZH.dealer}：${esc(r.dealerName)}` : `${SOURCE_ZH.farmer}：${esc(r.farmerName || '—')}`;
    const body = `<h1>农药包装废弃物接收凭证</h1><p>凭证号 <b>${esc(r.receiptNo)}</b> · ${esc(r.stationName)}</p>
<table><tr><th>接收日期</th><td>${esc(r.receivedOn)}</td></tr><tr><th>交来方</th><td>${from}</td></tr>
<tr><th>瓶</th><td>${r.bottleCount} 个</td></tr><tr><th>袋</th><td>${r.bagCount} 个</td></tr><tr><th>桶</th><td>${r.drumCount} 个</td></tr>
<tr><th>合计</th><td><b>${r.bottleCount + r.bagCount + r.drumCount} 个，${Number(r.weightKg).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} kg</b></td></tr></table>
<p class="muted">登记时间 ${esc(shanghaiTime(r.recordedAt))}（北京时间）。依据《农药包装废弃物回收处理管理办法》，本凭证由收储站点出具，交来方留存。</p>`;
    return reply.type('text/html').send(printPage(`接收凭证 ${r.receiptNo}`, body));
  });

  api.get('/api/pesticide/destinations', {
    schema: { tags, summary: '去向 Where a station’s load may go: designated utilisers and household incinerators or landfills (exempt), receivers licensed for 900-003-04 (hazardous)', response: { 200: destinationList } },
  }, async (request) => destinations(db, requirePermission(request, 'manifests.read', 'manifests:read')));

  api.get('/api/pesticide/utilisers', {
    schema: { tags, summary: '资源化利用单位名单 Utilisers the county agriculture bureau designated, in force', querystring: z.object(pageQuery), response: { 200: utiliserPage } },
  }, async (request) => pageUtilisers(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.page, request.query.pageSize));

  api.post('/api/pesticide/utilisers', {
    schema: { tags, summary: '确定或撤销利用单位 The county agriculture bureau designates a utiliser, or revokes one (a new decision; the register keeps all)', body: utiliserBody, response: { 201: utiliserDecision } },
  }, async (request, reply) => reply.status(201).send(await decideUtiliser(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));

  api.get('/api/pesticide/recovery', {
    schema: { tags, summary: '农药包装废弃物回收率 The recovery rate by town for a year, by count and by weight (returns counted at the stations)', querystring: z.object({ year: calendarYear.optional() }), response: { 200: recoveryTable } },
  }, async (request) => {
    const year = request.query.year ?? shanghaiYear();
    const rows = await recoveryByTown(db, requirePermission(request, 'manifests.read', 'manifests:read'), year);
    const round = (n: number) => Math.round(n * 10) / 10;
    const items = rows.map((r) => ({ ...r, soldKg: round(r.soldKg), receivedKg: round(r.receivedKg), rateByCount: recoveryRate(r.received, r.sold), rateByWeight: recoveryRate(r.receivedKg, r.soldKg) }));
    const sum = (k: 'sold' | 'soldKg' | 'received' | 'receivedKg') => rows.reduce((n, r) => n + r[k], 0);
    const total = { sold: sum('sold'), soldKg: round(sum('soldKg')), received: sum('received'), receivedKg: round(sum('receivedKg')), rateByCount: recoveryRate(sum('received'), sum('sold')), rateByWeight: recoveryRate(sum('receivedKg'), sum('soldKg')) };
    return { year, items, total };
  });

  api.get('/api/pesticide/loads', {
    schema: { tags, summary: '转移记录 Loads of pesticide packaging with how each is managed; managedAs=hazardous lists those flagged (ecology sees these)',
      querystring: range.extend({ managedAs: z.enum(['exempt', 'hazardous']).optional() }).extend(pageQuery), response: { 200: loadPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageLoads(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });
}
