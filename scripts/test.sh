#!/usr/bin/env bash
# One command for every test: install what is missing, build both halves, then run
# the unit and integration tests (ctest), the API contract against their answers, the
# booking core's tests compiled to WebAssembly, the size budget and the browser end-to-end
# tests. Exits non-zero if any fails.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Each step's time is printed: the whole command must stay well under 30 minutes
# on two cores.
step_started=$SECONDS
took() { echo "--- $1 took $((SECONDS - step_started)) s"; step_started=$SECONDS; }

bash scripts/setup.sh || exit 1
took "setup"
bash scripts/build.sh || exit 1
took "build"

passed=0
failed=0
failures=()
suite() {  # suite NAME COMMAND...
  local name=$1
  shift
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
  took "$name"
}

# Every answer the server's integration tests receive is recorded (tests/server/support.cpp)
# and then held against the API contract, docs/openapi.yaml.
contract_answers="$root/build/native/contract-answers.jsonl"
rm -f "$contract_answers"
# The fuzzing build (clang, sanitizers) starts now, beside the native tests: they mostly wait
# on fsync and on their servers (about a third of a core), so it fills the idle cores.
fuzz_build_log="$root/build/fuzz-build.log"
(cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j "${MAWID_JOBS:-$(nproc)}") \
  >"$fuzz_build_log" 2>&1 &
fuzz_build=$!
suite "native tests (ctest)" env MAWID_CONTRACT_LOG="$contract_answers" \
  ctest --test-dir build/native --output-on-failure --no-tests=error
contract_check() {
  npm run --prefix tests/contract --silent lint &&
    node tests/contract/check.mjs "$contract_answers"
}
suite "API contract (Redocly lint, every answer against docs/openapi.yaml)" contract_check
suite "booking core in WebAssembly" \
  node --no-experimental-fetch build/web/tests/shared-wasm/mawid_shared_tests_wasm.js --no-colors
# libFuzzer targets under ASan/UBSan, a short run each so a regression is caught here;
# the long runs are recorded in docs/security.md.
fuzz_smoke() {
  if ! wait "$fuzz_build"; then
    tail -n 60 "$fuzz_build_log"
    return 1
  fi
  bash tests/fuzz/run.sh "${MAWID_FUZZ_SECONDS:-15}"
}
suite "fuzzing smoke (libFuzzer, ASan + UBSan)" fuzz_smoke
if [ -f tests/e2e/package.json ]; then
  suite "browser end-to-end" npm test --prefix tests/e2e --silent
fi

echo
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed, in $SECONDS s"
[ "$failed" -eq 0 ]
