CREATE TABLE "household_facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"capacity_t_per_day" numeric(10, 2),
	"classes" text[] NOT NULL,
	"opens_at" text,
	"closes_at" text,
	"status" text DEFAULT 'in_use' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_place_status" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"households" integer NOT NULL,
	"sorted_deposit" boolean NOT NULL,
	"sorted_collection" boolean NOT NULL,
	"sorted_transport" boolean NOT NULL,
	"sorted_treatment" boolean NOT NULL,
	"collection_rooms" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"waste_class" text NOT NULL,
	"vehicle_ids" uuid[] NOT NULL,
	"facility_ids" uuid[] NOT NULL,
	"stops" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_vehicles" (
	"vehicle_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"waste_class" text NOT NULL,
	"tare_t" numeric(8, 3) NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weighbridge_daily" (
	"region_code" text NOT NULL,
	"facility_id" uuid NOT NULL,
	"day" date NOT NULL,
	"waste_class" text NOT NULL,
	"origin_region_code" text NOT NULL,
	"route_key" text NOT NULL,
	"tickets" integer NOT NULL,
	"net_t" numeric(14, 3) NOT NULL,
	CONSTRAINT "weighbridge_daily_facility_id_day_waste_class_origin_region_code_route_key_pk" PRIMARY KEY("facility_id","day","waste_class","origin_region_code","route_key")
);
--> statement-breakpoint
CREATE TABLE "weighbridge_tickets" (
	"region_code" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"ticket_no" text NOT NULL,
	"plate" text NOT NULL,
	"vehicle_id" uuid,
	"waste_class" text NOT NULL,
	"gross_t" numeric(8, 3) NOT NULL,
	"tare_t" numeric(8, 3) NOT NULL,
	"net_t" numeric(8, 3) NOT NULL,
	"in_at" timestamp with time zone NOT NULL,
	"out_at" timestamp with time zone NOT NULL,
	"route_id" uuid,
	"origin_region_code" text,
	"measured" boolean DEFAULT true NOT NULL,
	"kind" text DEFAULT 'ticket' NOT NULL,
	"corrects" uuid,
	"reason" text DEFAULT '' NOT NULL,
	"posted_by" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "weighbridge_tickets_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "weighbridge_tickets_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE INDEX "household_facilities_region_idx" ON "household_facilities" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "household_facilities_org_idx" ON "household_facilities" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "household_place_status_place_idx" ON "household_place_status" USING btree ("place_id","as_of","created_at");--> statement-breakpoint
CREATE INDEX "household_places_region_idx" ON "household_places" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE UNIQUE INDEX "household_places_region_name_uq" ON "household_places" USING btree ("region_code","kind","name");--> statement-breakpoint
CREATE INDEX "household_routes_region_idx" ON "household_routes" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "household_routes_vehicles_idx" ON "household_routes" USING gin ("vehicle_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "household_routes_region_name_uq" ON "household_routes" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "household_vehicles_region_idx" ON "household_vehicles" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "weighbridge_daily_region_day_idx" ON "weighbridge_daily" USING btree ("region_code" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "weighbridge_daily_origin_day_idx" ON "weighbridge_daily" USING btree ("origin_region_code" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_corrects_idx" ON "weighbridge_tickets" USING btree ("region_code","corrects") WHERE "weighbridge_tickets"."corrects" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "weighbridge_tickets_facility_no_uq" ON "weighbridge_tickets" USING btree ("region_code","facility_id","ticket_no");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_facility_out_idx" ON "weighbridge_tickets" USING btree ("facility_id","out_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_received_idx" ON "weighbridge_tickets" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_region_out_idx" ON "weighbridge_tickets" USING btree ("region_code" text_pattern_ops,"out_at");--> statement-breakpoint
-- Daily tonnes by facility, day, class, town of origin and route: a ticket adds itself; a correction
-- or cancellation takes out the version it replaces (the latest earlier one of the same ticket) and a
-- correction puts itself in. A statement trigger, so a batch of 10,000 tickets is one upsert.
CREATE OR REPLACE FUNCTION weighbridge_daily_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO weighbridge_daily AS d (region_code, facility_id, day, waste_class, origin_region_code, route_key, tickets, net_t)
  SELECT x.region_code, x.facility_id, x.day, x.waste_class, x.origin, x.route_key, sum(x.n), sum(x.t)
  FROM (
    SELECT n.region_code, n.facility_id, (n.out_at AT TIME ZONE 'Asia/Shanghai')::date AS day, n.waste_class,
           coalesce(n.origin_region_code, '') AS origin, coalesce(n.route_id::text, '') AS route_key, 1 AS n, n.net_t AS t
    FROM new_rows n WHERE n.kind IN ('ticket', 'correction')
    UNION ALL
    SELECT p.region_code, p.facility_id, (p.out_at AT TIME ZONE 'Asia/Shanghai')::date, p.waste_class,
           coalesce(p.origin_region_code, ''), coalesce(p.route_id::text, ''), -1, -p.net_t
    FROM new_rows n
    CROSS JOIN LATERAL (
      SELECT w.* FROM weighbridge_tickets w
      WHERE w.region_code = n.region_code AND (w.id = n.corrects OR w.corrects = n.corrects) AND w.seq < n.seq
      ORDER BY w.seq DESC LIMIT 1
    ) p
    WHERE n.kind IN ('correction', 'cancellation') AND p.kind <> 'cancellation'
  ) x
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (facility_id, day, waste_class, origin_region_code, route_key)
  DO UPDATE SET tickets = d.tickets + excluded.tickets, net_t = d.net_t + excluded.net_t;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER weighbridge_daily_collect AFTER INSERT ON weighbridge_tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION weighbridge_daily_collect();
--> statement-breakpoint
-- Tickets are never edited or deleted: a correction is a new row.
CREATE OR REPLACE FUNCTION weighbridge_tickets_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'weighbridge tickets are append-only: post a correction naming the ticket';
END $$;
--> statement-breakpoint
CREATE TRIGGER weighbridge_tickets_no_change BEFORE UPDATE OR DELETE ON weighbridge_tickets
  FOR EACH ROW EXECUTE FUNCTION weighbridge_tickets_refuse_change();
