#!/usr/bin/env bash
# Runs every test: unit, component and API tests on SQLite and again on PostgreSQL, end-to-end (real Chromium) including
# the scale-out test (PostgreSQL, two instances, nginx), and the quick benchmark.
# Installs Debian's Chromium, ffmpeg, nginx, tzdata and PostgreSQL first when they are missing (postgresql through
# scripts/postgres-cluster.sh). The last line is the totals.
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is missing; installing Debian's chromium package..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install Chromium."; echo "0 passed, 1 failed"; exit 1; }
fi

# Packaging uploads into HLS (and its tests) needs ffmpeg.
if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "ffmpeg is missing; installing Debian's ffmpeg package..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq ffmpeg >/dev/null \
    || { echo "Could not install ffmpeg."; echo "0 passed, 1 failed"; exit 1; }
fi

# Times in the staff's time zone (and their tests) need the IANA zone files.
if [ ! -d /usr/share/zoneinfo/America ]; then
  echo "Time zone data is missing; installing Debian's tzdata package..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq tzdata >/dev/null \
    || { echo "Could not install tzdata."; echo "0 passed, 1 failed"; exit 1; }
fi

# The quick benchmark at the end (bench/bench.sh) installs wrk itself when it is missing.
# nginx runs in front of two app instances in the scale-out test.
if [ ! -x /usr/sbin/nginx ]; then
  echo "nginx is missing; installing Debian's nginx package..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nginx >/dev/null \
    || { echo "Could not install nginx."; echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build AdminPortal.sln -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

# A throwaway PostgreSQL 15 cluster (temporary folder, free port), stopped and removed however this script ends.
pg_folder=$(mktemp -d /tmp/adminportal-pg.XXXXXX)
trap 'scripts/postgres-cluster.sh stop "$pg_folder"' EXIT
if ! ADMINPORTAL_TEST_POSTGRES=$(scripts/postgres-cluster.sh start "$pg_folder"); then
  echo "Could not start PostgreSQL."
  echo "0 passed, 1 failed"
  exit 1
fi
export ADMINPORTAL_TEST_POSTGRES

passed=0
failed=0
status=0
# Runs one test project with the given provider and adds its runner's closing summary to the totals.
run_tests() {
  local title=$1 provider=$2 project=$3 log
  shift 3
  log=$(mktemp)
  echo "=== ${title}"
  local started=$SECONDS
  ADMINPORTAL_TEST_PROVIDER=$provider dotnet test --project "$project" --no-build "$@" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  local summary run_passed run_failed
  summary=$(sed -n '/Test run summary/,$p' "$log")
  run_passed=$(echo "$summary" | awk '/succeeded:/ {print $2}' | tail -n 1)
  run_failed=$(echo "$summary" | awk '/failed:/ {print $2}' | tail -n 1)
  rm -f "$log"
  if [ -z "$run_passed" ] || [ -z "$run_failed" ]; then
    echo "${title}: the test runner printed no summary."
    run_passed=0
    run_failed=1
  elif [ "$code" -ne 0 ] && [ "$run_failed" -eq 0 ]; then
    run_failed=1
  fi
  [ "$code" -ne 0 ] && status=1
  echo "${title}: ${run_passed} passed, ${run_failed} failed ($((SECONDS - started)) s)"
  passed=$((passed + run_passed))
  failed=$((failed + run_failed))
}

# The unit, component and API tests once per database provider. One test project at a time: on two cores, the
# browser tests beside the parallel unit tests starve the circuit.
run_tests "Unit, component and API tests on SQLite" Sqlite tests/AdminPortal.Tests
# Four at a time on PostgreSQL: its tests wait on the server more than they use the CPU (145 s instead of 206 s here).
run_tests "Unit, component and API tests on PostgreSQL" PostgreSQL tests/AdminPortal.Tests --max-threads 4
# The browser tests on SQLite (twice would not fit the time budget); their scale-out test runs two instances on PostgreSQL.
run_tests "End-to-end tests (Chromium)" Sqlite e2e/AdminPortal.E2E

# The benchmark in quick mode (seconds, small data), counted as one test: it keeps the bench working and asserts
# nothing about speed, but fails when the bench itself breaks.
bench_log=$(mktemp)
if bench/bench.sh --quick >"$bench_log" 2>&1; then
  echo "Benchmark (quick mode): passed"
  passed=$((passed + 1))
else
  echo "Benchmark (quick mode): FAILED"
  tail -n 40 "$bench_log"
  failed=$((failed + 1))
  status=1
fi
rm -f "$bench_log"
echo "${passed} passed, ${failed} failed"
exit "$status"
