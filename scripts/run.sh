#!/usr/bin/env bash
# One command for a developer: install what is missing, build, and start Mawid on
# http://127.0.0.1:8080 with the demo catalogue in var/mawid.db (an embedded SQLite file).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup.sh
bash scripts/build.sh
mkdir -p var
echo "run: starting Mawid on http://127.0.0.1:${MAWID_PORT:-8080} (Ctrl-C stops it)"
exec build/native/server/mawid-server --port "${MAWID_PORT:-8080}" --db var/mawid.db \
  --web build/web/dist --seed-demo
