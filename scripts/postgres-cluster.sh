#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: in a temporary folder, on a free loopback port, no system service.
#   scripts/postgres-cluster.sh start <folder>   prints the connection string (no database; each test app makes its own)
#   scripts/postgres-cluster.sh stop <folder>
# Installs Debian's postgresql package when PostgreSQL 15 is missing. As root, the cluster runs as the postgres user.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
verb="${1:?start|stop}"
folder="${2:?folder}"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$verb" in
  start)
    if [ ! -x "$bin/initdb" ]; then
      echo "PostgreSQL 15 is missing; installing Debian's postgresql package..." >&2
      sudo_cmd=""
      [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
      $sudo_cmd apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
      # The package may start a system cluster; the tests do not use it. Another release may bring another version.
      [ -x "$bin/initdb" ] || bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    mkdir -p "$folder"
    [ "$(id -u)" -eq 0 ] && chown postgres "$folder"
    as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth=trust -E UTF8 --no-locale >"$folder/initdb.log" 2>&1
    # A free port: nothing answers on it.
    while :; do
      port=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    # Durability settings off: a test cluster is thrown away; the app's own crash tests kill the app, not the server.
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 start \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=64MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Timeout=30;Command Timeout=60"
    ;;
  stop)
    [ -x "$bin/pg_ctl" ] || bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -d "$folder/data" ] && as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start|stop <folder>" >&2
    exit 2
    ;;
esac
