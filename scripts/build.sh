#!/usr/bin/env bash
# Builds both halves of Mawid from one CMake project: native (server, tools, tests)
# into build/native and the browser client (WebAssembly) into build/web.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${MAWID_JOBS:-$(nproc)}

cmake --preset native >/dev/null
cmake --preset web >/dev/null
# The halves build side by side: each has stretches where a single job (a link, wasm-opt)
# leaves a core idle, which the other fills.
cmake --build --preset native -j "$jobs" &
native=$!
cmake --build --preset web -j "$jobs" &
web=$!
status=0
wait "$native" || status=1
wait "$web" || status=1
exit "$status"
