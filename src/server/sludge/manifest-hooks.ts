import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, text } from '../http/inputs';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { firstTruck, verifiedTransporters, type ManifestHooks } from '../manifests/hooks';
import { PERCENT_UNIT, type Formula } from '../indicators/formula';
import { inArea, inYearDate, manifestRecords } from '../indicators/formula-sql';
import { regionScopePrefix } from '../../domain/region-code';
import { LANDFILL_MAX_MOISTURE_PCT, SLUDGE, SLUDGE_METHODS } from '../../domain/streams/sludge';

// 城镇污水污泥: one truckload of the plant's sludge batches to a verified disposal or utilisation
// company, on a truck of the first transporter rated for the load. The manifest carries the
// moisture content the batches recorded (their weighted mean), which decides at reception whether
// landfill counts as 无害化.
const createBody = z.object({
  batchIds: z.array(z.uuid()).min(1).max(50), receiverId: z.uuid(), transporterIds: z.array(z.uuid()).min(1).max(3), vehicleId: z.uuid(), driverId: z.uuid(),
  plannedDate: calendarDay, producerContact: text(80).optional(),
}).strict();

const CAN_RECEIVE = ['receiver', 'recycler'];

export const sludgeHooks: ManifestHooks = {
  createBody,
  prepare: (body) => body as z.infer<typeof createBody>,

  async parties(tx, input, { declaredWeightT }) {
    const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
    if (!receiver || receiver.status !== 'verified' || !receiver.capabilities.some((c) => CAN_RECEIVE.includes(c))) {
      throw badRequest('NOT_A_RECEIVER', '接收单位须为已审核的处置或利用单位（焚烧、水泥窑、建材、填埋等）', 'The receiver must be a verified disposal or utilisation company (incineration, cement kiln, building materials, landfill)', 'receiverId');
    }
    const transporterIds = await verifiedTransporters(tx, input.transporterIds);
    const { vehicle, driver } = await firstTruck(tx, transporterIds[0], input, declaredWeightT);
    return { receiver, transporterIds, vehicle, driver };
  },

  data(_input, load, parties) {
    // The moisture content of the load: each batch's, weighted by what the load takes of it.
    let tonnes = 0, water = 0;
    for (const b of load.batches) {
      const t = load.held.get(b.id) ?? 0;
      tonnes += t;
      water += t * Number(b.attributes.moisturePct ?? 0);
    }
    return {
      physicalForm: load.physicalForm, moisturePct: tonnes > 0 ? Math.round((water / tonnes) * 10) / 10 : 0,
      vehicleId: parties.vehicle!.id, driverId: parties.driver!.id, vehiclePlate: parties.vehicle!.plate, driverName: parties.driver!.name,
    };
  },
};

const inList = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const harmlessMethods = SLUDGE_METHODS.filter((m) => m.harmless === true).map((m) => m.value);
const moistureMethods = SLUDGE_METHODS.filter((m) => m.harmless === 'moisture').map((m) => m.value);

/**
 * Indicator 31 of seed 000 (城镇污水污泥无害化处置率★) and the same row of the other plans: sludge
 * received by a disposal or utilisation company whose method counts as 无害化 (landfill only at
 * ≤ 60 % moisture), over the sludge the area's plants generated in the year.
 */
/** A received sludge manifest (alias m) whose method made the sludge harmless. */
const harmless = sql`(m.data->>'treatmentMethod' IN (${inList(harmlessMethods)})
  OR (m.data->>'treatmentMethod' IN (${inList(moistureMethods)}) AND (m.data->>'moisturePct')::numeric <= ${LANDFILL_MAX_MOISTURE_PCT}))`;

export const sludgeFormulas: Formula[] = [{
  key: 'sludge_harmless_rate',
  label: {
    zh: `城镇污水污泥无害化处置率 = 无害化处置量（焚烧、水泥窑、建材、稳定化后土地利用，含水率≤${LANDFILL_MAX_MOISTURE_PCT}%的填埋）/ 污泥产生量`,
    en: `Sewage sludge disposed of harmlessly (incineration, cement kiln, building materials, land use after stabilisation, landfill at ≤ ${LANDFILL_MAX_MOISTURE_PCT} % moisture) / sludge generated`,
  },
  method: {
    zh: `当年计划日期、已接收的污泥联单中，接收方式为无害化处置（焚烧、水泥窑协同、建材利用、稳定化后土地利用；填埋须含水率≤${LANDFILL_MAX_MOISTURE_PCT}%）的接收量，除以当年登记产生的污泥量；按污水处理厂所在区域统计。`,
    en: `Sludge manifests planned this year and received by a harmless method (incineration, cement kiln, building materials, land use after stabilisation; landfill only at ≤ ${LANDFILL_MAX_MOISTURE_PCT} % moisture), over the sludge batches generated this year, by the plant’s area.`,
  },
  inputs: [
    { key: 'harmless', kind: 'manifests', label: { zh: '无害化处置量', en: 'Disposed of harmlessly' }, unit: '吨' },
    { key: 'generated', kind: 'ledger', label: { zh: '污泥产生量', en: 'Sludge generated' }, unit: '吨' },
  ],
  matches: /污水污泥.*无害化处置率|污泥无害化处置率/,
  recordsFor: ['urban', 'housing'],
  units: PERCENT_UNIT,
  async compute(db, { regionCode, year }) {
    const area = `${regionScopePrefix(regionCode)}%`;
    const [row] = (await db.execute<{ harmless: number; generated: number }>(sql`
      SELECT
        (SELECT coalesce(sum(m.received_weight_t), 0)::float8 FROM manifests m
          WHERE m.stream = ${SLUDGE.key} AND m.status IN ('received', 'partially_refused') AND m.region_code LIKE ${area}
            AND m.planned_date >= make_date(${year}, 1, 1) AND m.planned_date < make_date(${year + 1}, 1, 1)
            AND ${harmless}) AS harmless,
        (SELECT coalesce(sum(b.quantity_t), 0)::float8 FROM waste_batches b
          WHERE b.stream = ${SLUDGE.key} AND b.region_code LIKE ${area}
            AND b.generated_at >= make_timestamptz(${year}, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND b.generated_at < make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')) AS generated`)).rows;
    const value = row.generated > 0 ? Math.min(100, Math.round((row.harmless / row.generated) * 100_000) / 1000) : null;
    return { numerator: row.harmless, denominator: row.generated, value, inputs: [{ key: 'harmless', value: row.harmless }, { key: 'generated', value: row.generated }] };
  },
  // Every received truckload of the year, counted with its weight when harmless and 0 when not.
  records: (db, { regionCode, year }, page) => manifestRecords(db,
    sql`m.stream = ${SLUDGE.key} AND m.status IN ('received', 'partially_refused') AND ${inArea(sql`m.region_code`, regionCode)} AND ${inYearDate(sql`m.planned_date`, year)}`,
    sql`CASE WHEN ${harmless} THEN m.received_weight_t ELSE 0 END`, page),
}];
