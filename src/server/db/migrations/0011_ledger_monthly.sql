CREATE TABLE "ledger_monthly" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"quantity_t" numeric(18, 4) NOT NULL,
	"movements" bigint NOT NULL,
	CONSTRAINT "ledger_monthly_region_code_year_month_kind_category_pk" PRIMARY KEY("region_code","year","month","kind","category")
);
--> statement-breakpoint
CREATE TABLE "ledger_monthly_delta" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"quantity_t" numeric(18, 4) NOT NULL,
	"movements" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ledger_monthly_year_region_idx" ON "ledger_monthly" USING btree ("year","region_code" text_pattern_ops);--> statement-breakpoint
-- HW08 for a hazardous code (xxx-xxx-08); otherwise the code's first part (a stream's own class code).
CREATE OR REPLACE FUNCTION waste_category(code text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN code ~ '^\d{3}-\d{3}-\d{2}$' THEN 'HW' || right(code, 2) ELSE split_part(code, '-', 1) END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_monthly_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_monthly_delta (region_code, year, month, kind, category, quantity_t, movements)
  SELECT region_code, extract(year FROM at AT TIME ZONE 'Asia/Shanghai')::int, extract(month FROM at AT TIME ZONE 'Asia/Shanghai')::int,
         kind, waste_category(waste_code), sum(quantity_t), count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_monthly_collect AFTER INSERT ON ledger_movements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_monthly_collect();
--> statement-breakpoint
-- The movements recorded before this migration.
INSERT INTO ledger_monthly (region_code, year, month, kind, category, quantity_t, movements)
SELECT region_code, extract(year FROM at AT TIME ZONE 'Asia/Shanghai')::int, extract(month FROM at AT TIME ZONE 'Asia/Shanghai')::int,
       kind, waste_category(waste_code), sum(quantity_t), count(*)
FROM ledger_movements GROUP BY 1, 2, 3, 4, 5;
