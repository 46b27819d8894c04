import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { cellApplications as cells, cellApplicationSteps as steps, cellObjections as objections } from './schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { shanghaiDate } from '../../domain/labels';
import { STATE_AFTER, cellKind, type CellStep } from '../../domain/cells';
import { conflict, notFound } from '../http/errors';

// The public side of zero-waste cells (seed 000 五(三): 向社会公示“无废细胞”创建情况): the named cells
// for the portal's map, the notices (公示) running now, one notice's page, and objections from anyone.
// What leaves here: the cell's name, kind, place, the check's score summary and the notice's days.
// Never: who applied or checked, the evidence, the objections' text or contacts.

const NOTICE = { zh: '公示', en: 'Public notice' };

/** 已命名的无废细胞: the register's cells in force (named through this flow or recorded before it), with a place when one is known. */
export async function publicCells(db: Db, f: { kind?: string; regionCode?: string }, page: number, pageSize: number) {
  const kindFilter = f.kind ? sql`AND coalesce(a.kind, '') = ${f.kind}` : sql``;
  const region = f.regionCode ? sql`AND z.region_code LIKE ${`${f.regionCode}%`}` : sql``;
  const base = sql`FROM zero_waste_cells z
    LEFT JOIN LATERAL (SELECT c.id, c.kind, c.longitude, c.latitude FROM cell_application_steps s JOIN cell_applications c ON c.id = s.cell_id WHERE s.register_id = z.id AND s.step = 'approve' ORDER BY s.at DESC LIMIT 1) a ON true
    LEFT JOIN organisations o ON o.id = z.organisation_id
    LEFT JOIN regions r ON r.code = z.region_code
    WHERE z.ended_on IS NULL ${region} ${kindFilter}`;
  const [rows, [{ total }]] = await Promise.all([
    db.execute<{ id: string; name: string; kind: string | null; register_kind: string; region_code: string; region_name: string | null; named_on: string; longitude: number | null; latitude: number | null }>(sql`
      SELECT z.id, z.name, a.kind, z.kind AS register_kind, z.region_code, r.name AS region_name, z.named_on::text,
        coalesce(a.longitude, o.longitude) AS longitude, coalesce(a.latitude, o.latitude) AS latitude
      ${base} ORDER BY z.named_on DESC, z.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total ${base}`).then((r) => r.rows),
  ]);
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, registerKind: r.register_kind, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, namedOn: r.named_on, longitude: r.longitude, latitude: r.latitude })),
    total, page, pageSize,
  };
}

interface NoticeRow extends Record<string, unknown> { id: string; kind: string; name: string; region_code: string; region_name: string | null; longitude: number | null; latitude: number | null; notice_id: string; notice: { startOn: string; endOn: string; workingDays: number }; check: { total: number; passScore: number; findings: { key: string; score: number }[] } | null; objections: number; last_step: CellStep }

const noticeSql = (where: ReturnType<typeof sql>) => sql`
  SELECT c.id, c.kind, coalesce(nullif(c.name, ''), o.name) AS name, c.region_code, r.name AS region_name, coalesce(c.longitude, o.longitude) AS longitude, coalesce(c.latitude, o.latitude) AS latitude,
    n.id AS notice_id, n.data AS notice, k.data AS check, last.step AS last_step,
    (SELECT count(*)::int FROM cell_objections x WHERE x.notice_step_id = n.id) AS objections
  FROM cell_applications c
  JOIN LATERAL (SELECT s.step FROM cell_application_steps s WHERE s.cell_id = c.id ORDER BY s.at DESC, s.id DESC LIMIT 1) last ON true
  JOIN LATERAL (SELECT s.id, s.data FROM cell_application_steps s WHERE s.cell_id = c.id AND s.step = 'notice' ORDER BY s.at DESC LIMIT 1) n ON true
  LEFT JOIN LATERAL (SELECT s.data FROM cell_application_steps s WHERE s.cell_id = c.id AND s.step = 'check' ORDER BY s.at DESC LIMIT 1) k ON true
  LEFT JOIN organisations o ON o.id = c.organisation_id
  LEFT JOIN regions r ON r.code = c.region_code
  WHERE ${where}`;

function presentNotice(r: NoticeRow, today: string) {
  const kind = cellKind(r.kind);
  const state = STATE_AFTER[r.last_step];
  return {
    id: r.id, kind: r.kind, kindName: { zh: kind?.zh ?? r.kind, en: kind?.en ?? r.kind }, name: r.name, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    longitude: r.longitude, latitude: r.latitude,
    startOn: r.notice.startOn, endOn: r.notice.endOn, workingDays: r.notice.workingDays,
    open: state === 'in_notice' && today >= r.notice.startOn && today <= r.notice.endOn,
    state: state === 'in_notice' || state === 'approved' ? state : 'closed' as const,
    score: r.check ? { total: r.check.total, passScore: r.check.passScore, criteria: (kind ? r.check.findings.map((f) => { const c = kind.checklist.find((x) => x.key === f.key); return { key: f.key, zh: c?.zh ?? f.key, en: c?.en ?? f.key, score: f.score }; }) : []) } : null,
    objections: r.objections,
  };
}

/** 公示中: the notices that have started and not yet been decided, newest first. */
export async function publicNotices(db: Db, page: number, pageSize: number, now = new Date()) {
  const today = shanghaiDate(now);
  const where = sql`last.step = 'notice' AND (n.data->>'startOn') <= ${today}`;
  const [rows, [{ total }]] = await Promise.all([
    db.execute<NoticeRow>(sql`${noticeSql(where)} ORDER BY n.data->>'startOn' DESC, c.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM (${noticeSql(where)}) q`).then((r) => r.rows),
  ]);
  return { items: rows.map((r) => presentNotice(r, today)), total, page, pageSize };
}

/** One notice's public page: shown while in notice and after it was named; 404 otherwise. */
export async function publicNotice(db: Db, id: string, now = new Date()) {
  const [row] = (await db.execute<NoticeRow>(noticeSql(sql`c.id = ${id} AND last.step IN ('notice', 'approve') AND (n.data->>'startOn') <= ${shanghaiDate(now)}`))).rows;
  if (!row) throw notFound(NOTICE);
  return presentNotice(row, shanghaiDate(now));
}

/** 提出异议: anyone, while the notice runs, with a reason and an optional contact for the department only. */
export async function raiseObjection(db: Db, ctx: AuditContext, id: string, input: { reason: string; contact?: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const [cell] = await tx.select().from(cells).where(eq(cells.id, id)).for('update');
    if (!cell) throw notFound(NOTICE);
    const [last] = await tx.select().from(steps).where(eq(steps.cellId, id)).orderBy(sql`${steps.at} DESC, ${steps.id} DESC`).limit(1);
    const today = shanghaiDate(now);
    const notice = last?.step === 'notice' ? (last.data as { startOn: string; endOn: string }) : null;
    if (!last || !notice) throw notFound(NOTICE);
    if (today < notice.startOn || today > notice.endOn) throw conflict('NOT_IN_NOTICE', `公示期为${notice.startOn}至${notice.endOn}，不在公示期内`, `The notice runs from ${notice.startOn} to ${notice.endOn}: not now`, 'id');
    const [row] = await tx.insert(objections).values({ cellId: id, noticeStepId: last.id, reason: input.reason, contact: input.contact || null }).returning();
    await recordAudit(tx, ctx, { action: 'cell.objection', entityType: 'cell_application', entityId: id, regionCode: cell.regionCode, organisationId: null, after: { id: row.id, cellId: id, at: row.at } });
    return { id: row.id, at: row.at };
  });
}

