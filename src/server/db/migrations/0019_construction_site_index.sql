-- A consumption site's or recycling plant's load (received and on the way) is summed from its
-- construction manifests at every new truckload: read them through the site, not the whole table.
CREATE INDEX IF NOT EXISTS "manifests_site_idx" ON "manifests" (("data"->>'siteId'), "status") INCLUDE ("received_weight_t", "declared_weight_t") WHERE "stream" = 'construction';
