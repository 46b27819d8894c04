#!/usr/bin/env bash
# Manifest-flow benchmark (see bench/README.md). Prints one JSON line on stdout; logs go to stderr.
#   CLIENTS=32 DURATION=20 bash bench/run.sh                       hazardous waste (npm run bench)
#   STREAM=construction CLIENTS=32 DURATION=20 bash bench/run.sh   construction truckloads (npm run bench:truckload)
# Without DATABASE_URL it uses Debian's PostgreSQL 15 cluster "main" (started if needed) with a role
# and database wufei_bench; with DATABASE_URL it uses that server. Either way the database is dropped
# and recreated, so its name must contain "bench".
set -euo pipefail
cd "$(dirname "$0")/.."

export STREAM="${STREAM:-hazardous}" CLIENTS="${CLIENTS:-32}" DURATION="${DURATION:-20}"

BENCH_DB=wufei_bench source "$(dirname "$0")/pg-env.sh"

# Bounded: the flows stop after DURATION, pgbench after DURATION; set-up, seeding and logins get 10 minutes.
exec timeout --signal=TERM --kill-after=10 "$(( DURATION * 2 + 600 ))" node --import tsx bench/manifest-flow.ts
