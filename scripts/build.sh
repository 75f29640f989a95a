#!/usr/bin/env bash
# Builds both halves of Mawid from one CMake project: native (server, tools, tests)
# into build/native and the browser client (WebAssembly) into build/web.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${MAWID_JOBS:-$(nproc)}

cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
cmake --preset web >/dev/null
cmake --build --preset web -j "$jobs"
