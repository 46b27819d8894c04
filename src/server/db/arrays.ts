// Columns of a batch as PostgreSQL array literals (`{a,b,NULL}`), for `unnest(…)` inserts of thousands
// of rows in one statement. The `pg` driver escapes a JavaScript array element by element, which costs
// more than the insert itself at 10,000 rows; a literal built here is one string parameter.

/** Values that never need quoting: uuids, ISO timestamps, finite numbers, booleans. Null or undefined is NULL. */
export function plainArray(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : String(v))).join(',')}}`;
}

/** Text values, each quoted (a backslash or double quote escaped), so commas, braces, spaces and the word NULL stay text. Null or undefined is NULL. */
export function textArray(values: readonly (string | null | undefined)[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
