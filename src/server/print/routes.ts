import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import QRCode from 'qrcode';
import type { AppDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { batchDetail } from '../ledger/service';
import { manifestDetail } from '../manifests/service';
import { canSeeBatchFor } from '../ledger/service';
import { manifestConfig } from '../../domain/streams';
import { a4Sheet, MAX_LABELS } from '../../domain/labels';
import { labelContent, labelSheetsHtml } from './labels';
import { labelsPdf } from './labels-pdf';
import { esc, page, shanghaiTime, tonnes } from './html';
import { sessionActor } from '../platform/accounts/service';
import { SESSION_COOKIE } from '../http/deps';

const origin = (request: FastifyRequest) => `${request.protocol}://${request.headers.host}`;
const qr = (text: string) => QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });

const STATUS_ZH: Record<string, string> = { draft: '待移出人签署', signed_by_producer: '待承运人接收', in_transit: '运输中', received: '已接受', partially_refused: '部分拒收', refused: '拒收', cancelled: '已作废' };
const STEP_ZH: Record<string, string> = { emission: '移出人确认', transport: '承运人接收', handover: '联运交接', reception: '接受人确认' };

export async function printRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Pages for people: an anonymous visitor is sent to log in and brought back.
  const actorOrLogin = (request: FastifyRequest) => {
    if (!request.actor) throw new AppError(401, 'UNAUTHENTICATED', { zh: '请先登录', en: 'Please log in first' });
    return request.actor;
  };
  app.addHook('onRequest', async (request, reply) => {
    const url = request.url;
    if (!url.startsWith('/print/') && !url.startsWith('/scan/')) return;
    const token = request.cookies[SESSION_COOKIE];
    const found = token ? await sessionActor(db, token) : null;
    if (!found) return reply.redirect(`/login?next=${encodeURIComponent(url)}`);
    request.actor = found.actor;
  });

  // 危险废物标签: one per container, on A4 (several a sheet, cut marks) or on a label printer (one a page), or as a PDF.
  const labelQuery = z.object({ layout: z.enum(['a4', 'printer']).default('a4'), copies: z.coerce.number().int().min(1).max(MAX_LABELS).optional() });
  const labelOf = async (request: FastifyRequest, id: string, copies: number | undefined) => {
    const actor = actorOrLogin(request);
    const b = await batchDetail(db, actor, { id }, (batch) => canSeeBatchFor(db, actor, batch));
    // A label outlives the session that printed it: its link uses the public address when one is set.
    return labelContent(b, `${config.publicUrl ?? origin(request)}/scan/${b.labelToken}`, copies);
  };

  api.get('/print/labels/:id', { schema: { hide: true, params: z.object({ id: z.uuid() }), querystring: labelQuery } }, async (request, reply) => {
    const label = await labelOf(request, request.params.id, request.query.copies);
    const { layout } = request.query;
    const { body, css } = await labelSheetsHtml(label, layout);
    const sheet = a4Sheet(label.size);
    const link = (to: 'a4' | 'printer', text: string) => layout === to ? `<b>${text}</b>` : `<a href="?layout=${to}">${text}</a>`;
    const toolbar = `<div class="noprint muted" style="margin-bottom:4mm">标签尺寸 ${label.size}×${label.size} mm，共 ${label.copies} 张（每件容器一张）。
${link('a4', `A4 纸（每张 ${sheet.perSheet} 个，沿边线裁切）`)} · ${link('printer', '标签打印机（每页 1 个）')} · <a href="/print/labels/${esc(request.params.id)}/labels.pdf?layout=${layout}">下载 PDF</a><br>
打印时缩放选“100%”或“实际大小”，不要“适合页面”。<span lang="en">Print at 100 % (actual size), not “fit to page”.</span></div>`;
    return reply.type('text/html').send(page(`危险废物标签 ${label.batchNo}`, toolbar + body, css));
  });

  api.get('/print/labels/:id/labels.pdf', { schema: { hide: true, params: z.object({ id: z.uuid() }), querystring: labelQuery } }, async (request, reply) => {
    const label = await labelOf(request, request.params.id, request.query.copies);
    const pdf = await labelsPdf(label, request.query.layout, config.pdfFont);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="label-${label.batchNo}.pdf"`).send(pdf);
  });

  api.get('/scan/:token', { schema: { hide: true, params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{10,40}$/) }) } }, async (request, reply) => {
    const actor = actorOrLogin(request);
    const b = await batchDetail(db, actor, { labelToken: request.params.token }, (batch) => canSeeBatchFor(db, actor, batch));
    const KIND: Record<string, string> = { generate: '产生', store_in: '入库', store_out: '出库', self_utilise: '自行利用', self_dispose: '自行处置', transfer_out: '委外转移', receive: '接收', correction: '更正' };
    const rows = b.movements.map((m) => `<tr><td>${esc(shanghaiTime(m.at))}</td><td>${esc(KIND[m.kind] ?? m.kind)}</td><td>${tonnes(m.quantityT)}</td><td>${esc(m.storageFacility)}</td></tr>`).join('');
    const body = `<h1>${esc(b.internalName || b.catalogueName)}</h1><p>${esc(b.wasteCode)} ${esc(b.catalogueName)} · 批次 ${esc(b.batchNo)} · ${esc(b.producer?.name)}</p>
<p>当前库存：<b>${tonnes(b.inStoreT)}</b>（共 ${esc(b.containerCount)} 件 ${esc(b.containerType)}）</p>
<table><tr><th>时间</th><th>环节</th><th>数量</th><th>贮存设施</th></tr>${rows}</table>`;
    return reply.type('text/html').send(page(`容器 ${b.batchNo}`, body));
  });

  api.get('/print/manifests/:id', { schema: { hide: true, params: z.object({ id: z.uuid() }) } }, async (request, reply) => {
    const actor = actorOrLogin(request);
    const m = await manifestDetail(db, actor, request.params.id);
    const config = manifestConfig(m.stream);
    const party = (id: string) => m.parties[id] as { name: string; creditCode: string; address: string; contactName: string; contactPhone: string } | undefined;
    const partyRow = (title: string, id: string) => { const p = party(id); return `<tr><th>${title}</th><td>${esc(p?.name)}<br><span class="muted">${esc(p?.creditCode)} · ${esc(p?.address)} · ${esc(p?.contactName)} ${esc(p?.contactPhone)}</span></td></tr>`; };
    const field = (f: (typeof config.fields)[number]) => {
      const v = m.data[f.field];
      // A value of a closed list (a use, a disposal method) prints by its label, as the console shows it.
      const option = f.kind !== 'code' ? f.options?.find((o) => o.value === v) : undefined;
      const shown = option ? option.zh : Array.isArray(v) ? v.join('、') : f.kind === 'weight' ? tonnes(v) : typeof v === 'boolean' ? (v ? '是' : '否') : v;
      return `<tr><th>${esc(f.label.zh)}</th><td>${esc(shown)}</td></tr>`;
    };
    const signatures = m.signatures.map((s) => `<tr><td>${esc(STEP_ZH[s.step] ?? s.step)}${s.leg ? `（第${s.leg + 1}程）` : ''}</td><td>${esc(party(s.organisationId)?.name)}</td><td>${esc(shanghaiTime(s.at))}</td><td>${esc(s.place)}</td><td>${tonnes(s.weightT)}</td><td class="hash">${esc(s.dataHash.slice(0, 16))}…</td></tr>`).join('');
    const code = await qr(`${origin(request)}/manifests/${m.id}`);
    const discrepancies = (m.discrepancies as { kind: string; expected: unknown; actual: unknown }[]).map((d) => `${d.kind === 'weight' ? '重量' : d.kind === 'name' ? '名称' : d.kind === 'form' ? '形态' : '包装'}不符：联单 ${esc(d.expected)}，实际 ${esc(d.actual)}`).join('；');
    const body = `<div style="display:flex;justify-content:space-between;align-items:flex-start"><div><h1>${esc(config.label.zh)}转移联单</h1>
<p>联单编号 <b>${esc(m.number)}</b> · 状态 ${esc(STATUS_ZH[m.status] ?? m.status)}${m.paper ? ' · <b>纸质联单补录</b>' : ''}</p></div><div style="width:28mm;height:28mm">${code}</div></div>
<table>${partyRow('移出人', m.producerId)}${m.transporterIds.map((t, i) => partyRow(m.transporterIds.length > 1 ? `承运人（第${i + 1}程）` : '承运人', t)).join('')}${partyRow('接受人', m.receiverId)}
<tr><th>运输车辆/驾驶员</th><td>${esc(m.data.vehiclePlate)} · ${esc(m.data.driverName)}</td></tr>
${config.fields.filter((f) => !['vehicleId', 'driverId'].includes(f.field) && m.data[f.field] !== undefined && m.data[f.field] !== null && m.data[f.field] !== '').map(field).join('')}
${discrepancies ? `<tr><th>差异</th><td>${discrepancies}</td></tr>` : ''}</table>
<h2 style="font-size:16px">签署记录</h2><table><tr><th>环节</th><th>单位</th><th>时间</th><th>地点</th><th>重量</th><th>数据摘要</th></tr>${signatures}</table>
<p class="muted">打印时间 ${esc(shanghaiTime(new Date()))}（北京时间）。扫描二维码核验电子联单。</p>`;
    return reply.type('text/html').send(page(`联单 ${m.number}`, body, '.hash{font-family:monospace;font-size:11px}'));
  });
}
