#!/usr/bin/env bash
# Start a PostgreSQL server for the store tests and print the line that exports its URL:
#   eval "$(bash .ci/postgres.sh)"    # sets SITREP_TEST_PG_URL for pytest
# Installs Debian's postgresql package with apt-get when the server is missing, starts the
# distribution's default cluster (creating it if needed), and creates role and database
# `sitrep`/`sitrep_test`. Everything but the export line goes to standard error. Runs as root.
set -euo pipefail
log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
port=${SITREP_PG_PORT:-5432}
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -qx "$ver main"; then
  log "creating cluster $ver/main"
  pg_createcluster "$ver" main --port "$port" >&2
fi
if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  log "starting cluster $ver/main"
  pg_ctlcluster "$ver" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 30); do
  su postgres -c "pg_isready -q -p $port" && break
  sleep 1
done
psql_() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_ "SELECT 1 FROM pg_roles WHERE rolname = 'sitrep'")" != "1" ]; then
  psql_ "CREATE ROLE sitrep LOGIN PASSWORD 'sitrep' CREATEDB" >&2
fi
if [ "$(psql_ "SELECT 1 FROM pg_database WHERE datname = 'sitrep_test'")" != "1" ]; then
  psql_ "CREATE DATABASE sitrep_test OWNER sitrep" >&2
fi
log "PostgreSQL $ver ready on port $port"
echo "export SITREP_TEST_PG_URL=postgresql://sitrep:sitrep@localhost:$port/sitrep_test"
