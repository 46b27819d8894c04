-- A facility lies in one region, so leading the keys with it adds no rows and splits none.
ALTER TABLE "weighbridge_daily" DROP CONSTRAINT "weighbridge_daily_facility_id_day_waste_class_origin_region_code_route_key_pk";--> statement-breakpoint
ALTER TABLE "weighbridge_monthly" DROP CONSTRAINT "weighbridge_monthly_facility_id_month_waste_class_source_pk";--> statement-breakpoint
ALTER TABLE "weighbridge_daily" ADD CONSTRAINT "weighbridge_daily_region_code_facility_id_day_waste_class_origin_region_code_route_key_pk" PRIMARY KEY("region_code","facility_id","day","waste_class","origin_region_code","route_key");--> statement-breakpoint
ALTER TABLE "weighbridge_monthly" ADD CONSTRAINT "weighbridge_monthly_region_code_facility_id_month_waste_class_source_pk" PRIMARY KEY("region_code","facility_id","month","waste_class","source");--> statement-breakpoint
-- The tickets' trigger upserts the sums on their keys, now led by the region (docs/scale-out.md); otherwise as in 0028.
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
    ON CONFLICT (region_code, facility_id, day, waste_class, origin_region_code, route_key)
    DO UPDATE SET tickets = d.tickets + excluded.tickets, net_t = d.net_t + excluded.net_t
  )
  INSERT INTO weighbridge_monthly AS m (region_code, facility_id, month, waste_class, source, tickets, net_t)
  SELECT region_code, facility_id, date_trunc('month', day)::date, waste_class, coalesce(nullif(origin, ''), region_code), sum(n), sum(t) FROM x
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (region_code, facility_id, month, waste_class, source)
  DO UPDATE SET tickets = m.tickets + excluded.tickets, net_t = m.net_t + excluded.net_t;
  RETURN NULL;
END $$;
