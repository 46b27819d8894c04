#!/usr/bin/env bash
# Weighbridge benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   CLIENTS=2 DURATION=15 ROUNDS=2 BATCH=10000 DAYS=365 ROUTES=50 REPEAT=30 bash bench/weighbridge.sh
# Without DATABASE_URL it uses Debian's PostgreSQL 15 cluster "main" (started if needed), role
# wufei_bench and database wufei_bench_weighbridge; with DATABASE_URL it uses that database. Either way
# the database is dropped and recreated, so its name must contain "bench".
set -euo pipefail
cd "$(dirname "$0")/.."

export CLIENTS="${CLIENTS:-2}" DURATION="${DURATION:-15}" ROUNDS="${ROUNDS:-2}"

BENCH_DB=wufei_bench_weighbridge source "$(dirname "$0")/pg-env.sh"

# Bounded: each round's API part stops after DURATION and its raw part writes the same rows; set-up, the
# province's daily sums and the timed views get 20 minutes.
exec timeout --signal=TERM --kill-after=10 "$(( DURATION * ROUNDS * 4 + 1200 ))" node --import tsx bench/weighbridge.ts
