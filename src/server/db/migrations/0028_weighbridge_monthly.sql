CREATE TABLE "weighbridge_monthly" (
	"region_code" text NOT NULL,
	"facility_id" uuid NOT NULL,
	"month" date NOT NULL,
	"waste_class" text NOT NULL,
	"source" text NOT NULL,
	"tickets" integer NOT NULL,
	"net_t" numeric(16, 3) NOT NULL,
	CONSTRAINT "weighbridge_monthly_facility_id_month_waste_class_source_pk" PRIMARY KEY("facility_id","month","waste_class","source")
);
--> statement-breakpoint
CREATE INDEX "weighbridge_monthly_region_month_idx" ON "weighbridge_monthly" USING btree ("region_code" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "weighbridge_monthly_source_month_idx" ON "weighbridge_monthly" USING btree ("source" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "weighbridge_monthly_month_idx" ON "weighbridge_monthly" USING btree ("month");--> statement-breakpoint
CREATE INDEX "weighbridge_daily_day_idx" ON "weighbridge_daily" USING btree ("day");--> statement-breakpoint
-- Monthly sums beside the daily ones (bench/README.md, weighbridge): the trigger writes both from the same rows.
CREATE OR REPLACE FUNCTION weighbridge_daily_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH x AS (
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
  ), daily AS (
    INSERT INTO weighbridge_daily AS d (region_code, facility_id, day, waste_class, origin_region_code, route_key, tickets, net_t)
    SELECT region_code, facility_id, day, waste_class, origin, route_key, sum(n), sum(t) FROM x
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (facility_id, day, waste_class, origin_region_code, route_key)
    DO UPDATE SET tickets = d.tickets + excluded.tickets, net_t = d.net_t + excluded.net_t
  )
  INSERT INTO weighbridge_monthly AS m (region_code, facility_id, month, waste_class, source, tickets, net_t)
  SELECT region_code, facility_id, date_trunc('month', day)::date, waste_class, coalesce(nullif(origin, ''), region_code), sum(n), sum(t) FROM x
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (facility_id, month, waste_class, source)
  DO UPDATE SET tickets = m.tickets + excluded.tickets, net_t = m.net_t + excluded.net_t;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The months of the tickets already stored, from their daily sums (the same figures, regrouped).
INSERT INTO weighbridge_monthly (region_code, facility_id, month, waste_class, source, tickets, net_t)
SELECT region_code, facility_id, date_trunc('month', day)::date, waste_class, coalesce(nullif(origin_region_code, ''), region_code), sum(tickets), sum(net_t)
FROM weighbridge_daily GROUP BY 1, 2, 3, 4, 5;
