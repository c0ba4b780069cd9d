#!/usr/bin/env bash
# Bring up what the full test suite uses beyond Python: a PostgreSQL server (store tests run on
# SQLite and on PostgreSQL) and Debian's chromium (browser tests of `sitrep serve`).
#   eval "$(bash .ci/services.sh)"    # exports SITREP_TEST_PG_URL for pytest
# Needs root for apt-get. On a developer's machine, without root or where a package cannot be
# installed, it says so on standard error and the tests that need the missing piece are skipped.
# Under CI=true a missing service fails the run instead, so a green run has run every test: the
# script exits 1 and prints `false`, which makes the caller's `eval "$(...)" && pytest` stop (an
# eval of empty output would succeed). Only export lines (or that `false`) go to standard output.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
log() { echo "services.sh: $*" >&2; }
failed=0

# A service that could not be set up: a skip for a developer, a failure under CI.
missing() {
  if [ "${CI:-}" = true ]; then
    log "$1 (CI=true: failing the run)"
    failed=1
  else
    log "$1 (its tests will be skipped)"
  fi
}

if [ "$(id -u)" != 0 ]; then
  missing "not root: cannot set up PostgreSQL and chromium"
else
  if [ ! -x /usr/bin/chromium ]; then
    log "installing chromium from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq chromium; } >&2 || true
    [ -x /usr/bin/chromium ] || missing "chromium could not be installed"
  fi
  bash "$here/postgres.sh" || missing "PostgreSQL could not be started"
fi
if [ "$failed" = 1 ]; then
  echo false
  exit 1
fi
