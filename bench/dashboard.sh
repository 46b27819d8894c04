#!/usr/bin/env bash
# Dashboard benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   ROWS=10000000 REQUESTS=200 bash bench/dashboard.sh
# Without DATABASE_URL it uses Debian's PostgreSQL 15 cluster "main" (started if needed), role
# wufei_bench and database wufei_bench_dash; with DATABASE_URL it uses that database. Either way the
# database is dropped and recreated (and dropped again at the end unless KEEP=1), so its name must
# contain "bench".
set -euo pipefail
cd "$(dirname "$0")/.."

export ROWS="${ROWS:-10000000}" REQUESTS="${REQUESTS:-200}"

BENCH_DB=wufei_bench_dash source "$(dirname "$0")/pg-env.sh"

db_name="${DATABASE_URL##*/}"
db_name="${db_name%%\?*}"
case "$db_name" in
  *bench*) ;;
  *) echo "[bench] refusing to use database \"$db_name\": the benchmark drops and recreates it, so its name must contain \"bench\"" >&2; exit 2 ;;
esac

# Bounded: 10 million rows take about a quarter of an hour on 2 cores; TIMEOUT (seconds) overrides the hour.
exec timeout --signal=TERM --kill-after=30 "${TIMEOUT:-3600}" node --import tsx bench/dashboard.ts
