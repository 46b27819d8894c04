#!/usr/bin/env bash
# Alarm-scan benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   TRIPS=20000 BATCHES=400000 bash bench/alarm-scan.sh
# Without DATABASE_URL it uses Debian's PostgreSQL 15 cluster "main" (started if needed), role
# wufei_bench and database wufei_bench_alarms; with DATABASE_URL it uses that database. Either way the
# database is dropped and recreated (and dropped again at the end unless KEEP=1), so its name must
# contain "bench".
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DB=wufei_bench_alarms source "$(dirname "$0")/pg-env.sh"

db_name="${DATABASE_URL##*/}"
db_name="${db_name%%\?*}"
case "$db_name" in
  *bench*) ;;
  *) echo "[bench] refusing to use database \"$db_name\": the benchmark drops and recreates it, so its name must contain \"bench\"" >&2; exit 2 ;;
esac

# Bounded: the default store takes a few minutes to build on 2 cores; TIMEOUT (seconds) overrides the hour.
exec timeout --signal=TERM --kill-after=30 "${TIMEOUT:-3600}" node --import tsx bench/alarm-scan.ts
