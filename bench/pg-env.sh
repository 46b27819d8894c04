# Sourced by the benchmark scripts: without DATABASE_URL, use Debian's PostgreSQL cluster (started if
# needed) with a role wufei_bench that may create databases, and export DATABASE_URL for database $BENCH_DB.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}

if [ -z "${DATABASE_URL:-}" ]; then
  PG_VERSION="${PG_VERSION:-15}" PG_CLUSTER="${PG_CLUSTER:-main}"
  status="$(pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}')"
  [ -n "$status" ] || { echo "no PostgreSQL cluster $PG_VERSION/$PG_CLUSTER (set DATABASE_URL instead)" >&2; exit 1; }
  if [ "$status" != online ]; then
    echo "[bench] starting PostgreSQL $PG_VERSION/$PG_CLUSTER" >&2
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
  fi
  port="$(pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}')"
  # The role owns (and may drop) its database; pg_checkpoint lets the benchmark start both phases from a checkpoint.
  PGOPTIONS='-c client_min_messages=warning' as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qAt >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wufei_bench') THEN
    CREATE ROLE wufei_bench LOGIN CREATEDB PASSWORD 'wufei_bench';
  END IF;
END $$;
GRANT pg_checkpoint TO wufei_bench;
SQL
  export DATABASE_URL="postgresql://wufei_bench:wufei_bench@127.0.0.1:${port}/${BENCH_DB:-wufei_bench}"
fi

