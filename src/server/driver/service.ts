import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import type { Actor } from '../platform/policy';
import { streamDefinition } from '../../domain/streams';
import { nextTurn, type ManifestState, type StepKey } from '../../domain/manifests/engine';
import { signsTurn } from '../manifests/policy';
import { shanghaiDate } from '../../domain/labels';

// 我的运输 (issue 20): the loads a driver carries, for his phone. Scoped on the server to the driver
// record linked to his own account (drivers.user_id), never to an id the phone sends: the loads whose
// manifest names him as its driver, open ones and today's, with what he signs next and the values
// his signature needs, prefilled from the manifest (origin and destination are the two ends'
// addresses, the weight the declared weight) so that a phone offline has all it needs to sign.

const OPEN = ['draft', 'signed_by_producer', 'in_transit'];

type Row = {
  id: string; number: string; stream: string; status: string; region_code: string; producer_id: string; transporter_ids: string[]; receiver_id: string; receiver_region_code: string;
  waste_code: string; declared_weight_t: string; planned_date: string; data: Record<string, unknown>;
  producer_name: string; producer_address: string; receiver_name: string; receiver_address: string;
  signatures: { step: string; leg: number; organisationId: string; userId: string; at: string }[];
  batches: { batchNo: string; labelToken: string; containerType: string; containerCount: number; quantityT: number; name: string }[];
};

/** The driver record of this account, if the company linked one. */
export async function driverOf(db: Db, actor: Actor) {
  if (!actor.userId) return null;
  const { rows } = await db.execute<{ id: string; name: string; organisation_id: string }>(sql`
    SELECT id, name, organisation_id FROM drivers WHERE user_id = ${actor.userId} AND active LIMIT 1`);
  return rows[0] ? { id: rows[0].id, name: rows[0].name, organisationId: rows[0].organisation_id } : null;
}

/** What a signature of this step needs from the transporter, with the values the manifest already gives. */
function signingForm(stream: string, step: StepKey, row: Row) {
  const config = streamDefinition(stream).manifest;
  const derived: Record<string, unknown> = {
    origin: row.producer_address || row.producer_name, destination: row.receiver_address || row.receiver_name,
    pickupWeightT: Number(row.declared_weight_t), handoverPlace: '',
  };
  return config.fields
    .filter((f) => f.owner === 'transporter' && f.requiredFrom === step && f.kind !== 'ref')
    .map((f) => {
      const value = row.data[f.field] ?? derived[f.field] ?? '';
      return { field: f.field, label: f.label, kind: f.kind, value: typeof value === 'number' ? value : String(value) };
    });
}

export async function driverLoads(db: Db, actor: Actor, page: number, pageSize: number) {
  const driver = await driverOf(db, actor);
  if (!driver) return { driver: null, items: [], total: 0, page, pageSize };
  const today = shanghaiDate(new Date());
  // Open loads, and those closed today (Beijing time), so the day's work stays on the phone.
  const where = sql`m.data->>'driverId' = ${driver.id} AND m.transporter_ids[1] = ${driver.organisationId}::uuid
    AND (m.status IN (${sql.join(OPEN.map((s) => sql`${s}`), sql`, `)}) OR (m.updated_at AT TIME ZONE 'Asia/Shanghai')::date = ${today}::date)`;
  const [{ rows }, { rows: [{ total }] }] = await Promise.all([
    db.execute<Row>(sql`
      SELECT m.id, m.number, m.stream, m.status, m.region_code, m.producer_id, m.transporter_ids, m.receiver_id, m.receiver_region_code, m.waste_code,
             m.declared_weight_t, m.planned_date::text AS planned_date, m.data,
             p.name AS producer_name, p.address AS producer_address, r.name AS receiver_name, r.address AS receiver_address,
             coalesce((SELECT json_agg(json_build_object('step', s.step, 'leg', s.leg, 'organisationId', s.organisation_id, 'userId', s.user_id, 'at', s.at)) FROM manifest_signatures s WHERE s.manifest_id = m.id), '[]') AS signatures,
             coalesce((SELECT json_agg(json_build_object('batchNo', b.batch_no, 'labelToken', b.label_token, 'containerType', b.container_type, 'containerCount', b.container_count,
                                                         'quantityT', mb.quantity_t, 'name', coalesce(nullif(b.internal_name, ''), b.catalogue_name)) ORDER BY b.batch_no)
                         FROM manifest_batches mb JOIN waste_batches b ON b.id = mb.batch_id WHERE mb.manifest_id = m.id), '[]') AS batches
        FROM manifests m JOIN organisations p ON p.id = m.producer_id JOIN organisations r ON r.id = m.receiver_id
       WHERE ${where}
       ORDER BY CASE m.status WHEN 'signed_by_producer' THEN 0 WHEN 'in_transit' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END, m.planned_date, m.number
       LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM manifests m WHERE ${where}`),
  ]);
  const items = rows.map((row) => {
    const definition = streamDefinition(row.stream);
    const state: ManifestState = { status: row.status as ManifestState['status'], producerId: row.producer_id, transporterIds: row.transporter_ids, receiverId: row.receiver_id, data: row.data, signatures: row.signatures as ManifestState['signatures'] };
    const turn = nextTurn(state, definition.manifest.steps);
    const ref = { id: row.id, producerId: row.producer_id, transporterIds: row.transporter_ids, receiverId: row.receiver_id, regionCode: row.region_code, receiverRegionCode: row.receiver_region_code, stream: row.stream, wasteCode: row.waste_code };
    const mine = signsTurn(actor, ref, turn);
    return {
      id: row.id, number: row.number, stream: row.stream, streamLabel: definition.label, status: row.status, wasteCode: row.waste_code,
      wasteName: String(row.data.wasteName ?? row.batches[0]?.name ?? ''), declaredWeightT: Number(row.declared_weight_t), plannedDate: row.planned_date,
      vehiclePlate: typeof row.data.vehiclePlate === 'string' ? row.data.vehiclePlate : null,
      origin: { name: row.producer_name, address: row.producer_address }, destination: { name: row.receiver_name, address: row.receiver_address },
      batches: row.batches.map((b) => ({ ...b, quantityT: Number(b.quantityT) })),
      containerCount: row.batches.length ? row.batches.reduce((n, b) => n + b.containerCount, 0) : Number(row.data.containerCount ?? 0) || null,
      // What waits for someone else is said too: the phone shows whose turn it is.
      turn: turn ? { action: turn.action, step: turn.step, party: turn.party } : null,
      next: mine && turn ? { action: turn.action as 'sign_transport' | 'sign_handover', step: turn.step, leg: turn.leg, fields: signingForm(row.stream, turn.step, row) } : null,
    };
  });
  return { driver: { id: driver.id, name: driver.name }, items, total, page, pageSize };
}
