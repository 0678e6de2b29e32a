#!/usr/bin/env bash
# The benchmark: publishes the app, runs it in Production on 127.0.0.1 over a fresh database, loads its own data,
# measures with wrk and Chromium, prints one table and writes bench/results/<time>.json. See bench/README.md.
#   bench/bench.sh            full run (~4 minutes; Release build, 1,000,000 tokens)
#   bench/bench.sh --quick    seconds, small data: proves the bench works (test.sh runs this), measures nothing
#   bench/bench.sh --soak     full run plus RSS before/after 10 minutes of mixed load
set -euo pipefail
cd "$(dirname "$0")/.."

# wrk generates the load; Chromium shows the token grid. Installed when missing (CI is a fresh machine).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# 1,000 concurrent viewers need 1,000 sockets on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

configuration=Release
for arg in "$@"; do [ "$arg" = "--quick" ] && configuration=Debug; done
exec dotnet run --project bench/AdminPortal.Bench -c "$configuration" -- "$@"
