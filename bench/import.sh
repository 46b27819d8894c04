#!/usr/bin/env bash
# Excel import benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   ROWS=10000 bash bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export ROWS="${ROWS:-10000}"
BENCH_DB=wufei_bench_import source bench/pg-env.sh
exec timeout --signal=TERM --kill-after=10 900 node --import tsx bench/import.ts
