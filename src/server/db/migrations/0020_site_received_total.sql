ALTER TABLE "disposal_sites" ADD COLUMN "received_t" numeric(14, 3) DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What construction manifests add to their sites' received tonnes: a load's received weight once it is
-- received. Per statement, one update per site, so a bulk insert of received loads updates each site once.
CREATE OR REPLACE FUNCTION disposal_site_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE disposal_sites s SET received_t = s.received_t + d.t
  FROM (
    SELECT site_id, sum(t) AS t FROM (
      SELECT (n.data->>'siteId')::uuid AS site_id, coalesce(n.received_weight_t, 0) AS t FROM new_rows n
        WHERE n.stream = 'construction' AND n.status IN ('received', 'partially_refused') AND n.data->>'siteId' IS NOT NULL
      UNION ALL
      SELECT (o.data->>'siteId')::uuid, -coalesce(o.received_weight_t, 0) FROM old_rows o
        WHERE o.stream = 'construction' AND o.status IN ('received', 'partially_refused') AND o.data->>'siteId' IS NOT NULL
    ) c GROUP BY site_id HAVING sum(t) <> 0
  ) d
  WHERE s.id = d.site_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- On insert there are no old rows to take back.
CREATE OR REPLACE FUNCTION disposal_site_received_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE disposal_sites s SET received_t = s.received_t + d.t
  FROM (SELECT (n.data->>'siteId')::uuid AS site_id, sum(coalesce(n.received_weight_t, 0)) AS t FROM new_rows n
        WHERE n.stream = 'construction' AND n.status IN ('received', 'partially_refused') AND n.data->>'siteId' IS NOT NULL GROUP BY 1) d
  WHERE s.id = d.site_id AND d.t <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER disposal_site_received_update AFTER UPDATE ON manifests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION disposal_site_received();
--> statement-breakpoint
CREATE TRIGGER disposal_site_received_insert AFTER INSERT ON manifests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION disposal_site_received_insert();
--> statement-breakpoint
-- The loads received before this migration.
UPDATE disposal_sites s SET received_t = r.t
FROM (SELECT (data->>'siteId')::uuid AS site_id, sum(coalesce(received_weight_t, 0)) AS t FROM manifests
      WHERE stream = 'construction' AND status IN ('received', 'partially_refused') AND data->>'siteId' IS NOT NULL GROUP BY 1) r
WHERE s.id = r.site_id;
