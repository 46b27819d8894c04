-- Manifest serials move from a counter table (one locked row per city and year) to one sequence per
-- city and year. Each counter is carried over into its sequence before the table goes, so no number
-- is ever issued twice.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT city_prefix, year, last_serial FROM manifest_counters LOOP
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS manifest_serial_%s_%s MINVALUE 1 MAXVALUE 999999 NO CYCLE', c.city_prefix, c.year);
    PERFORM setval(format('manifest_serial_%s_%s', c.city_prefix, c.year)::regclass, c.last_serial);
  END LOOP;
END $$;--> statement-breakpoint
DROP TABLE "manifest_counters";
