#!/usr/bin/env bash
# Track-ingest benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   CLIENTS=8 DURATION=10 ROUNDS=3 VEHICLES=200 BATCH=1000 bash bench/telemetry.sh
# Without DATABASE_URL it uses Debian's PostgreSQL 15 cluster "main" (started if needed), role
# wufei_bench and database wufei_bench_telemetry; with DATABASE_URL it uses that database. Either way
# the database is dropped and recreated, so its name must contain "bench".
set -euo pipefail
cd "$(dirname "$0")/.."

export CLIENTS="${CLIENTS:-8}" DURATION="${DURATION:-10}" ROUNDS="${ROUNDS:-3}"

BENCH_DB=wufei_bench_telemetry source "$(dirname "$0")/pg-env.sh"

# Bounded: each round's API part stops after DURATION and its raw part writes the same rows; set-up gets 10 minutes.
exec timeout --signal=TERM --kill-after=10 "$(( DURATION * ROUNDS * 4 + 600 ))" node --import tsx bench/telemetry.ts
