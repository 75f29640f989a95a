#!/usr/bin/env bash
# Mawid on PostgreSQL with three servers behind nginx, beside one server on a SQLite file, in
# one run on this machine: mawid-load's wide booking storm and its availability reads against
# each (and against one of the three directly, to tell nginx's share), alternately for
# several rounds (docs/scaling.md, "Measured here").
#
#   tools/load/several-servers.sh [SECONDS_PER_PHASE] [ROUNDS]     (as root, after the build)
#
# Everything is made in a temporary folder and removed at the end: a throwaway PostgreSQL
# cluster on a free loopback port (initdb refuses root, so it runs as `postgres`), the
# servers with the demo catalogue, and nginx.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-3}
rounds=${2:-2}
bin="$root/build/native"
pg=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/mawid-several-XXXXXX)
chown postgres: "$work"
chmod 700 "$work"
pids=()

finish() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  runuser -u postgres -- "$pg/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap finish EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME DB: a server on a port of the kernel's choice, which it puts in $port
# (not printed: a server started in a $(...) subshell would outlive this script's clean-up).
start_server() {
  local name=$1 db=$2
  "$bin/server/mawid-server" --port 0 --db "$db" --seed-demo --rate-limit 0 --quiet \
    --client-connections 100000 --verification off --outbox-dir "$work/outbox-$name" \
    >"$work/$name.out" 2>"$work/$name.log" &
  pids+=($!)
  until grep -q '^listening on' "$work/$name.out" 2>/dev/null; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
    sleep 0.05
  done
  port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/$name.out")
}

pg_port=$(free_port)
runuser -u postgres -- "$pg/initdb" --no-sync -D "$work/data" -U postgres -A trust -E UTF8 \
  --no-locale >/dev/null
runuser -u postgres -- "$pg/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
uri="postgresql://postgres@127.0.0.1:$pg_port/postgres"

start_server sqlite "$work/mawid.db"
sqlite_port=$port
# One server at a time: the first migrates and seeds; the others find everything in place.
servers=()
for name in pg1 pg2 pg3; do
  start_server "$name" "$uri"
  servers+=("$port")
done

proxy_port=$(free_port)
mkdir -p "$work/nginx"
{
  echo "daemon off; master_process off; pid $work/nginx/pid; error_log $work/nginx/error.log;"
  echo "events { worker_connections 8192; }"
  echo "http { access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $work/nginx/$t;"; done
  echo "  upstream mawid {"
  for port in "${servers[@]}"; do echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=1s;"; done
  echo "    keepalive 256; }"
  echo "  server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://mawid;"
  echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
} >"$work/nginx/nginx.conf"
/usr/sbin/nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
pids+=($!)
until curl -sf "http://127.0.0.1:$proxy_port/healthz" >/dev/null; do sleep 0.05; done

for round in $(seq 1 "$rounds"); do
  echo "=== round $round: SQLite, one server"
  "$bin/tools/load/mawid-load" --port "$sqlite_port" --seconds "$seconds" --phases wide,warm,cold
  echo "=== round $round: PostgreSQL, three servers behind nginx"
  "$bin/tools/load/mawid-load" --port "$proxy_port" --seconds "$seconds" --phases wide,warm,cold
  echo "=== round $round: PostgreSQL, one of the three servers, without nginx"
  "$bin/tools/load/mawid-load" --port "${servers[0]}" --seconds "$seconds" --phases wide,warm,cold
done
