import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSessionPermission } from '../http/context';
import { badRequest } from '../http/errors';
import { readSpreadsheetUpload } from '../http/upload';
import { bilingual } from '../http/zod-messages';
import { confirmDeclarationSheet, declarationTemplate, previewDeclarationSheet } from './excel';
import { declarationPreviewSchema, declarationConfirmSchema, withFigures } from './presenter';

// 一般工业固体废物月度申报（Excel）over HTTP: template → preview → confirm. The organisation is
// always the logged-in user's own (the service reads it from the session, never from the request).
const TAGS = ['declarations'];
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: bilingual('申报期格式应为 2026-05（月度）', 'The period is a month written 2026-05') });
const SHEET = { zh: '申报表', en: 'declaration sheet' };

export async function declarationExcelRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Uploads and downloads are a clerk's work in the console: sessions only, for the clerk's own company.
  const clerk = (request: Parameters<typeof auditContext>[0]) => requireSessionPermission(request, 'ledger.write');
  const uploaded = async (request: Parameters<typeof auditContext>[0]) => {
    const { buffer, filename, fields } = await readSpreadsheetUpload(request, SHEET);
    const period = month.safeParse(fields.period);
    if (!period.success) throw badRequest('BAD_PERIOD', '请选择申报期（如 2026-05）', 'Choose the period (like 2026-05)', 'period');
    return { buffer, filename, period: period.data, fields };
  };

  api.get('/api/declarations/industrial/template.xlsx', {
    schema: { tags: TAGS, summary: '申报模板 The month’s declaration sheet, pre-filled from your ledger by SW class, with transfers from manifests (read-only)', querystring: z.object({ period: month }) },
  }, async (request, reply) => {
    const { filename, buffer } = await declarationTemplate(db, clerk(request), request.query.period);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`).send(buffer);
  });

  api.post('/api/declarations/industrial/preview', {
    schema: { tags: TAGS, summary: '申报表预览 Check the filled sheet cell by cell and show, per class, ledger vs sheet and the movements confirming would append (nothing is written)', consumes: ['multipart/form-data'], response: { 200: declarationPreviewSchema } },
  }, async (request) => {
    const actor = clerk(request);
    const { buffer, filename, period } = await uploaded(request);
    return previewDeclarationSheet(db, actor, period, buffer, filename);
  });

  api.post('/api/declarations/industrial/confirm', {
    schema: { tags: TAGS, summary: '确认提交 Append the movements that make the ledger match the sheet and submit the month’s declaration, in one transaction', consumes: ['multipart/form-data'], response: { 201: declarationConfirmSchema } },
  }, async (request, reply) => {
    const actor = clerk(request);
    const { buffer, filename, period, fields } = await uploaded(request);
    const remark = (fields.remark ?? '').trim().slice(0, 500);
    const fingerprint = /^[0-9a-f]{16}$/.test(fields.fingerprint ?? '') ? fields.fingerprint : undefined;
    const confirmed = await confirmDeclarationSheet(db, { ...auditContext(request), actor }, period, buffer, filename, fingerprint, remark);
    return reply.status(201).send({ ...confirmed, declaration: withFigures(confirmed.declaration) });
  });
}
