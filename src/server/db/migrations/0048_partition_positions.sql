DROP INDEX "weighbridge_tickets_facility_no_uq";--> statement-breakpoint
ALTER TABLE "weighbridge_tickets" DROP CONSTRAINT "weighbridge_tickets_region_code_id_pk";--> statement-breakpoint
ALTER TABLE "weighbridge_tickets" ADD CONSTRAINT "weighbridge_tickets_region_code_id_out_at_pk" PRIMARY KEY("region_code","id","out_at");--> statement-breakpoint
CREATE UNIQUE INDEX "weighbridge_tickets_facility_no_uq" ON "weighbridge_tickets" USING btree ("region_code","facility_id","ticket_no","out_at");--> statement-breakpoint
-- GPS positions and weighbridge tickets become tables partitioned by month (PostgreSQL RANGE
-- partitioning), so that old months can be dropped whole (src/server/db/partitions.ts keeps the
-- months ahead and the retention). drizzle-kit cannot declare partitioning: the tables keep their
-- drizzle columns, keys and indexes and are rebuilt here. The rows are copied into the new table,
-- the copy is counted against the old one, and the old table is dropped, all in the migration's one
-- transaction: a failed count aborts the whole migration and leaves the old table as it was.
-- Each table: one partition per month that holds rows, the months up to three ahead, and a default
-- partition for strays (a time outside every month created: the maintenance reports them).
ALTER TABLE "vehicle_positions" RENAME TO "vehicle_positions_unpartitioned";--> statement-breakpoint
ALTER TABLE "vehicle_positions_unpartitioned" RENAME CONSTRAINT "vehicle_positions_region_code_vehicle_id_at_pk" TO "vehicle_positions_unpartitioned_pk";--> statement-breakpoint
ALTER INDEX "vehicle_positions_vehicle_at_idx" RENAME TO "vehicle_positions_unpartitioned_vehicle_at_idx";--> statement-breakpoint
CREATE TABLE "vehicle_positions" (
	"region_code" text NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"longitude" double precision NOT NULL,
	"latitude" double precision NOT NULL,
	"speed_kmh" real,
	"heading" smallint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vehicle_positions_region_code_vehicle_id_at_pk" PRIMARY KEY("region_code","vehicle_id","at")
) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE INDEX "vehicle_positions_vehicle_at_idx" ON "vehicle_positions" USING btree ("vehicle_id","at");--> statement-breakpoint
ALTER TABLE "weighbridge_tickets" RENAME TO "weighbridge_tickets_unpartitioned";--> statement-breakpoint
ALTER TABLE "weighbridge_tickets_unpartitioned" RENAME CONSTRAINT "weighbridge_tickets_region_code_id_out_at_pk" TO "weighbridge_tickets_unpartitioned_pk";--> statement-breakpoint
ALTER SEQUENCE "weighbridge_tickets_seq_seq" RENAME TO "weighbridge_tickets_unpartitioned_seq_seq";--> statement-breakpoint
ALTER INDEX "weighbridge_tickets_corrects_idx" RENAME TO "weighbridge_tickets_unpartitioned_corrects_idx";--> statement-breakpoint
ALTER INDEX "weighbridge_tickets_facility_no_uq" RENAME TO "weighbridge_tickets_unpartitioned_facility_no_uq";--> statement-breakpoint
ALTER INDEX "weighbridge_tickets_facility_out_idx" RENAME TO "weighbridge_tickets_unpartitioned_facility_out_idx";--> statement-breakpoint
ALTER INDEX "weighbridge_tickets_received_idx" RENAME TO "weighbridge_tickets_unpartitioned_received_idx";--> statement-breakpoint
ALTER INDEX "weighbridge_tickets_region_out_idx" RENAME TO "weighbridge_tickets_unpartitioned_region_out_idx";--> statement-breakpoint
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
	CONSTRAINT "weighbridge_tickets_region_code_id_out_at_pk" PRIMARY KEY("region_code","id","out_at")
) PARTITION BY RANGE ("out_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_corrects_idx" ON "weighbridge_tickets" USING btree ("region_code","corrects") WHERE "weighbridge_tickets"."corrects" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "weighbridge_tickets_facility_no_uq" ON "weighbridge_tickets" USING btree ("region_code","facility_id","ticket_no","out_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_facility_out_idx" ON "weighbridge_tickets" USING btree ("facility_id","out_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_received_idx" ON "weighbridge_tickets" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_region_out_idx" ON "weighbridge_tickets" USING btree ("region_code" text_pattern_ops,"out_at");--> statement-breakpoint
-- The months (China Standard Time, as the daily sums and ledgers count them): from the first month with
-- rows (or this one) to three months ahead, named <table>_pYYYYMM.
DO $$
DECLARE
  t record;
  first_month date;
  m date;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('vehicle_positions', 'at'), ('weighbridge_tickets', 'out_at')) AS v(name, col) LOOP
    EXECUTE format('SELECT least(date_trunc(''month'', min(%I) AT TIME ZONE ''Asia/Shanghai''), date_trunc(''month'', now() AT TIME ZONE ''Asia/Shanghai''))::date FROM %I', t.col, t.name || '_unpartitioned') INTO first_month;
    m := coalesce(first_month, date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date);
    WHILE m <= (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + interval '3 months')::date LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', t.name || '_p' || to_char(m, 'YYYYMM'), t.name,
        m::text || ' 00:00:00+08', (m + interval '1 month')::date::text || ' 00:00:00+08');
      m := (m + interval '1 month')::date;
    END LOOP;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t.name || '_default', t.name);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "vehicle_positions" SELECT * FROM "vehicle_positions_unpartitioned";--> statement-breakpoint
INSERT INTO "weighbridge_tickets" OVERRIDING SYSTEM VALUE SELECT * FROM "weighbridge_tickets_unpartitioned";--> statement-breakpoint
-- The copy is checked row for row (count and the sum of the ticket order) before the old tables go.
DO $$
BEGIN
  IF (SELECT count(*) FROM vehicle_positions) <> (SELECT count(*) FROM vehicle_positions_unpartitioned) THEN
    RAISE EXCEPTION 'vehicle_positions: the partitioned copy does not hold every row';
  END IF;
  IF (SELECT (count(*), coalesce(sum(seq), 0)) FROM weighbridge_tickets) IS DISTINCT FROM (SELECT (count(*), coalesce(sum(seq), 0)) FROM weighbridge_tickets_unpartitioned) THEN
    RAISE EXCEPTION 'weighbridge_tickets: the partitioned copy does not hold every row';
  END IF;
END $$;--> statement-breakpoint
-- The ticket order continues where it was.
SELECT setval('weighbridge_tickets_seq_seq', coalesce((SELECT max(seq) FROM weighbridge_tickets_unpartitioned), 0) + 1, false);--> statement-breakpoint
-- The triggers come after the copy: the daily and monthly sums already count the copied tickets.
CREATE TRIGGER weighbridge_daily_collect AFTER INSERT ON weighbridge_tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION weighbridge_daily_collect();--> statement-breakpoint
CREATE TRIGGER weighbridge_tickets_no_change BEFORE UPDATE OR DELETE ON weighbridge_tickets
  FOR EACH ROW EXECUTE FUNCTION weighbridge_tickets_refuse_change();--> statement-breakpoint
DROP TABLE "vehicle_positions_unpartitioned";--> statement-breakpoint
DROP TABLE "weighbridge_tickets_unpartitioned";
