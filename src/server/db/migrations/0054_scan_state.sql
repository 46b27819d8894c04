CREATE TABLE "batch_stock" (
	"batch_id" uuid PRIMARY KEY NOT NULL,
	"held_t" numeric(18, 4) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_last_positions" (
	"vehicle_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"longitude" double precision NOT NULL,
	"latitude" double precision NOT NULL
);
--> statement-breakpoint
CREATE INDEX "batch_stock_held_idx" ON "batch_stock" USING btree ("batch_id") WHERE "batch_stock"."held_t" > 0;--> statement-breakpoint
-- Kept in the statement that writes the movements or positions (any writer: the services, the demo, a bulk
-- load), one upsert per statement; rows are taken in key order so that two writers lock them in one order.
CREATE OR REPLACE FUNCTION batch_stock_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO batch_stock (batch_id, held_t)
  SELECT batch_id, sum(quantity_t * store_effect) FROM new_rows
  WHERE batch_id IS NOT NULL AND store_effect <> 0 GROUP BY batch_id ORDER BY batch_id
  ON CONFLICT (batch_id) DO UPDATE SET held_t = batch_stock.held_t + excluded.held_t;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER batch_stock_collect AFTER INSERT ON ledger_movements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_stock_collect();
--> statement-breakpoint
-- A late point (older than the one kept) changes nothing.
CREATE OR REPLACE FUNCTION vehicle_last_position_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vehicle_last_positions (vehicle_id, at, longitude, latitude)
  SELECT DISTINCT ON (vehicle_id) vehicle_id, at, longitude, latitude FROM new_rows ORDER BY vehicle_id, at DESC
  ON CONFLICT (vehicle_id) DO UPDATE SET at = excluded.at, longitude = excluded.longitude, latitude = excluded.latitude
  WHERE vehicle_last_positions.at < excluded.at;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER vehicle_last_position_collect AFTER INSERT ON vehicle_positions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vehicle_last_position_collect();
--> statement-breakpoint
-- What was recorded before this migration.
INSERT INTO batch_stock (batch_id, held_t)
SELECT batch_id, sum(quantity_t * store_effect) FROM ledger_movements WHERE batch_id IS NOT NULL AND store_effect <> 0 GROUP BY batch_id;
--> statement-breakpoint
INSERT INTO vehicle_last_positions (vehicle_id, at, longitude, latitude)
SELECT DISTINCT ON (vehicle_id) vehicle_id, at, longitude, latitude FROM vehicle_positions ORDER BY vehicle_id, at DESC;
