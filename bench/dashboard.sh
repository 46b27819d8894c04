#!/usr/bin/env bash
# Dashboard benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   ROWS=10000000 REQUESTS=200 bash bench/dashboard.sh
# The database (wufei_bench_dash on Debian's cluster, or DATABASE_URL's) is dropped and recreated.
set -euo pipefail
cd "$(dirname "$0")/.."
export ROWS="${ROWS:-10000000}" REQUESTS="${REQUESTS:-200}"
BENCH_DB=wufei_bench_dash source bench/pg-env.sh
exec timeout --signal=TERM --kill-after=10 3600 node --import tsx bench/dashboard.ts
