#!/usr/bin/env bash
# Bring up what the full test suite uses beyond Python: a PostgreSQL server (store tests run on
# SQLite and on PostgreSQL) and Debian's chromium (browser tests of `sitrep serve`).
#   eval "$(bash .ci/services.sh)"    # exports SITREP_TEST_PG_URL for pytest
# Needs root for apt-get; without root, or where a package cannot be installed, it says so on
# standard error and the tests that need the missing piece are skipped. Only export lines go to
# standard output.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
log() { echo "services.sh: $*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "not root: skipping PostgreSQL and chromium set-up (their tests will be skipped)"
  exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium; } >&2 || log "chromium could not be installed"
fi
bash "$here/postgres.sh" || log "PostgreSQL could not be started"
