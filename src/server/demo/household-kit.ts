import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { householdPlaces, householdPlaceStatus } from '../household/schema';
import { recordAudits, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import type { PlaceKind, TicketClass } from '../../domain/household';
import type { PlaceStatus } from '../household/service';

// What the household demos of 临清, 天桥区 and 济宁经开区 share: places written in one transaction
// with the audit rows registerPlace and recordPlaceStatus write, and a year of weighbridge tickets
// written in one statement per area (a county weighs some 25,000 loads a year; one service call per
// ticket would hold a fresh start for a minute).

type Ctx = AuditContext & { actor: Actor };

export interface DemoPlace {
  regionCode: string; kind: PlaceKind; name: string; address: string; at: [number, number];
  /** The first status and, for a place whose sorting began during the year, the later ones. */
  statuses: PlaceStatus[];
}

/** Communities and villages with their dated statuses, as the register's services would have written them. */
export async function insertPlaces(db: Db, ctx: Ctx, places: DemoPlace[]) {
  return db.transaction(async (tx) => {
    const rows = await tx.insert(householdPlaces).values(places.map((p) => ({
      regionCode: p.regionCode, kind: p.kind, name: p.name, address: p.address, longitude: p.at[0], latitude: p.at[1], createdBy: ctx.actor.userId!,
    }))).returning();
    const statusRows = await tx.insert(householdPlaceStatus).values(places.flatMap((p, i) => p.statuses.map((s) => ({
      placeId: rows[i].id, ...s, collectionRooms: s.collectionRooms ?? 0, note: s.note ?? '', recordedBy: ctx.actor.userId!,
    })))).returning();
    const byPlace = new Map<string, typeof statusRows>();
    for (const s of statusRows) byPlace.set(s.placeId, [...(byPlace.get(s.placeId) ?? []), s]);
    await recordAudits(tx, ctx, rows.flatMap((place) => {
      const [first, ...later] = byPlace.get(place.id)!;
      return [
        { action: 'household.place.register', entityType: 'household_place', entityId: place.id, regionCode: place.regionCode, after: { place, status: first } },
        ...later.map((s, i) => ({ action: 'household.place.status', entityType: 'household_place', entityId: place.id, regionCode: place.regionCode, before: i ? later[i - 1] : first, after: s })),
      ];
    }));
    return rows;
  });
}

/** One truck's daily run of loads to one facility: from a route (and town of origin), of one class. */
export interface TicketStream {
  facilityId: string; prefix: string; routeId: string | null; origin: string | null;
  vehicleId: string; plate: string; tareT: number; loadT: number; wasteClass: TicketClass;
  trips: number; meanT: number; startHour: number;
  /** How much more is weighed at the height of summer than on average (kitchen waste swells with fruit). */
  season: number; postedBy: string;
}

/**
 * A stream for `dailyT` tonnes a day on a truck: as many trips as keep each load at most three
 * quarters of the rated load on average, so that the day-to-day spread never overloads it.
 */
export function stream(base: Omit<TicketStream, 'trips' | 'meanT'>, dailyT: number): TicketStream {
  const trips = Math.max(1, Math.ceil(dailyT / (0.75 * base.loadT)));
  return { ...base, trips, meanT: dailyT / trips };
}

/**
 * Every stream's tickets from `first` to today, in one statement: a net weight around the stream's
 * mean (±12 %, and the season), the truck's registered tare within 60 kg, gross = tare + net; in the
 * daytime, loads an hour and a half apart; the ticket number the facility's prefix, the day and a
 * sequence; received a minute after the truck left, as a connected weighbridge posts. Nothing later
 * than `now`. Tonnes follow into weighbridge_daily by the trigger.
 */
export async function writeTickets(db: Db, streams: TicketStream[], first: string, today: string, now: Date): Promise<number> {
  if (!streams.length) return 0;
  const col = <K extends keyof TicketStream>(k: K) => sql.param(streams.map((s) => s[k]));
  const result = await db.execute(sql`
    WITH s AS (
      SELECT * FROM unnest(${col('facilityId')}::uuid[], ${col('prefix')}::text[], ${col('routeId')}::uuid[], ${col('origin')}::text[], ${col('vehicleId')}::uuid[], ${col('plate')}::text[],
        ${col('tareT')}::numeric[], ${col('loadT')}::numeric[], ${col('wasteClass')}::text[], ${col('trips')}::int[], ${col('meanT')}::numeric[], ${col('startHour')}::numeric[],
        ${col('season')}::numeric[], ${col('postedBy')}::text[])
        WITH ORDINALITY AS s(facility_id, prefix, route_id, origin, vehicle_id, plate, tare, load, waste_class, trips, mean, start_hour, season, posted_by, idx)
    ), trip AS (
      SELECT s.*, d::date AS day, k,
        (abs(hashtext(s.idx || ':' || d::date || ':' || k)) % 10007) / 10007.0 AS r1,
        (abs(hashtext(k || '/' || d::date || '/' || s.idx)) % 9973) / 9973.0 AS r2
      FROM s CROSS JOIN generate_series(${first}::date, ${today}::date, interval '1 day') d CROSS JOIN LATERAL generate_series(1, s.trips) k
    ), w AS (
      SELECT t.*,
        round(least(t.load * 0.95, t.mean * (1 + t.season * sin(2 * pi() * (extract(doy FROM t.day) - 110) / 365.0))::numeric * (0.88 + 0.24 * t.r1)), 2) AS net,
        round(t.tare + (t.r2 - 0.5) * 0.12, 2) AS weighed_tare,
        (t.day + make_interval(mins => round((t.start_hour + (t.k - 1) * 1.5) * 60 + t.r2 * 40)::int)) AT TIME ZONE 'Asia/Shanghai' AS in_at,
        make_interval(mins => 5 + floor(t.r1 * 10)::int) AS on_scale
      FROM trip t
    )
    INSERT INTO weighbridge_tickets (region_code, facility_id, ticket_no, kind, plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, route_id, origin_region_code, measured, posted_by, received_at)
    SELECT f.region_code, w.facility_id,
      w.prefix || to_char(w.day, 'YYYYMMDD') || '-' || lpad(row_number() OVER (PARTITION BY w.facility_id, w.day ORDER BY w.in_at, w.idx)::text, 4, '0'),
      'ticket', w.plate, w.vehicle_id, w.waste_class, w.weighed_tare + w.net, w.weighed_tare, w.net, w.in_at, w.in_at + w.on_scale, w.route_id, w.origin, true, w.posted_by,
      w.in_at + w.on_scale + interval '1 minute'
    FROM w JOIN household_facilities f ON f.id = w.facility_id
    WHERE w.in_at + w.on_scale + interval '1 minute' < ${now.toISOString()}::timestamptz`);
  return result.rowCount ?? 0;
}
