#!/usr/bin/env bash
# Runs every test: unit, component, API and end-to-end (real Chromium).
# Installs Debian's Chromium and ffmpeg first when they are missing. The last line is the totals.
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

if ! dotnet build AdminPortal.sln -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
# One test project at a time: on two cores, the browser tests beside the parallel unit tests starve the circuit.
dotnet test --solution AdminPortal.sln --no-build --max-parallel-test-modules 1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Totals over every test project, from the runner's closing summary.
summary=$(sed -n '/Test run summary/,$p' "$log")
passed=$(echo "$summary" | awk '/succeeded:/ {print $2}' | tail -n 1)
failed=$(echo "$summary" | awk '/failed:/ {print $2}' | tail -n 1)
rm -f "$log"
if [ -z "$passed" ] || [ -z "$failed" ]; then
  echo "The test runner printed no summary."
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

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
