ALTER TABLE "disposal_sites" ADD COLUMN "received_t" numeric(14, 3) DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What a construction manifest adds to its site's received tonnes: its received weight once received.
CREATE OR REPLACE FUNCTION disposal_site_received() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_t numeric := 0; new_t numeric := 0; old_site text; new_site text := NEW.data->>'siteId';
BEGIN
  IF NEW.status IN ('received', 'partially_refused') THEN new_t := coalesce(NEW.received_weight_t, 0); END IF;
  IF TG_OP = 'UPDATE' THEN
    old_site := OLD.data->>'siteId';
    IF OLD.status IN ('received', 'partially_refused') THEN old_t := coalesce(OLD.received_weight_t, 0); END IF;
  END IF;
  IF old_site IS NOT DISTINCT FROM new_site THEN
    IF new_t <> old_t AND new_site IS NOT NULL THEN UPDATE disposal_sites SET received_t = received_t + new_t - old_t WHERE id = new_site::uuid; END IF;
  ELSE
    IF old_t <> 0 AND old_site IS NOT NULL THEN UPDATE disposal_sites SET received_t = received_t - old_t WHERE id = old_site::uuid; END IF;
    IF new_t <> 0 AND new_site IS NOT NULL THEN UPDATE disposal_sites SET received_t = received_t + new_t WHERE id = new_site::uuid; END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER disposal_site_received AFTER INSERT OR UPDATE ON manifests
  FOR EACH ROW WHEN (NEW.stream = 'construction') EXECUTE FUNCTION disposal_site_received();
--> statement-breakpoint
-- The loads received before this migration.
UPDATE disposal_sites s SET received_t = r.t
FROM (SELECT (data->>'siteId')::uuid AS site_id, sum(coalesce(received_weight_t, 0)) AS t FROM manifests
      WHERE stream = 'construction' AND status IN ('received', 'partially_refused') AND data->>'siteId' IS NOT NULL GROUP BY 1) r
WHERE s.id = r.site_id;
