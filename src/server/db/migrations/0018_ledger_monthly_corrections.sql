-- A correction (a signed difference naming the movement it corrects) counts in the monthly sums as
-- the kind it corrects: a correction of 产生 changes the month's generation, not a kind of its own.
CREATE OR REPLACE FUNCTION ledger_monthly_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_monthly_delta (region_code, year, month, kind, category, quantity_t, movements)
  SELECT n.region_code, extract(year FROM n.at AT TIME ZONE 'Asia/Shanghai')::int, extract(month FROM n.at AT TIME ZONE 'Asia/Shanghai')::int,
         CASE WHEN n.kind = 'correction' THEN coalesce(c.kind, n.kind) ELSE n.kind END, waste_category(n.waste_code), sum(n.quantity_t), count(*)
  FROM new_rows n
  LEFT JOIN ledger_movements c ON n.kind = 'correction' AND c.region_code = n.region_code AND c.id = n.correction_of
  GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Corrections recorded before: summed again under the kind they correct (only the derived sums change).
DELETE FROM ledger_monthly WHERE kind = 'correction';
--> statement-breakpoint
DELETE FROM ledger_monthly_delta WHERE kind = 'correction';
--> statement-breakpoint
INSERT INTO ledger_monthly (region_code, year, month, kind, category, quantity_t, movements)
SELECT n.region_code, extract(year FROM n.at AT TIME ZONE 'Asia/Shanghai')::int, extract(month FROM n.at AT TIME ZONE 'Asia/Shanghai')::int,
       coalesce(c.kind, n.kind), waste_category(n.waste_code), sum(n.quantity_t), count(*)
FROM ledger_movements n
LEFT JOIN ledger_movements c ON c.region_code = n.region_code AND c.id = n.correction_of
WHERE n.kind = 'correction'
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (region_code, year, month, kind, category)
DO UPDATE SET quantity_t = ledger_monthly.quantity_t + excluded.quantity_t, movements = ledger_monthly.movements + excluded.movements;
