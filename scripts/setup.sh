#!/usr/bin/env bash
# Installs everything Mawid needs on a Debian 12 machine: Debian packages,
# Dear ImGui's sources (from Debian's source package, into third_party/, git-ignored)
# and the pinned npm packages for browser tests. Idempotent: a second run is quick.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

packages=(
  build-essential cmake ninja-build pkg-config git xz-utils curl ca-certificates
  emscripten
  libboost-dev libboost-system-dev libsqlite3-dev sqlite3 nlohmann-json3-dev doctest-dev
  postgresql libpq-dev libjemalloc-dev
  libsodium-dev libqrcodegencpp-dev libcsv-dev libcurl4-openssl-dev libjwt-dev libssl-dev libicu-dev
  prometheus-cpp-dev prometheus
  chromium chromium-driver fonts-noto-core fonts-dejavu-core
  wrk tesseract-ocr tesseract-ocr-ara tesseract-ocr-urd tesseract-ocr-hin tesseract-ocr-ben
  tesseract-ocr-fas zbar-tools python3-aiosmtpd python3-yaml
  nginx openssl
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Daemons among the packages (nginx, prometheus) are for the tests, which start their own
  # on free ports: Debian's policy-rc.d keeps apt from starting them on ports 80 and 9090.
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
  fi
  status=0
  apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  [ "$own_policy" = 1 ] && rm -f "$policy"
  [ "$status" = 0 ] || exit "$status"
fi

# Dear ImGui 1.86 and QR Code generator sources for the browser build (Debian ships
# only headers and native libraries). Only the upstream .orig tarballs are taken from
# Debian's source archive, each checked against the SHA-256 that Debian's index lists.
fetch_orig() {  # fetch_orig SOURCE_PACKAGE DEST_DIR
  local pkg=$1 dest=$2 d uri line url file sum
  d=$(mktemp -d); mkdir -p "$d/lists/partial"
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" > "$d/src.sources"
  local o=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$d" -o "Dir::State::Lists=$d/lists")
  apt-get "${o[@]}" update -qq 2>/dev/null
  line=$(cd "$d" && apt-get "${o[@]}" source --print-uris "$pkg" 2>/dev/null | grep "\.orig\.tar")
  url=$(echo "$line" | awk '{print $1}' | tr -d "'"); file=$(echo "$line" | awk '{print $2}')
  sum=$(echo "$line" | awk '{print $4}' | sed 's/^SHA256://')
  curl -sSf -o "$d/$file" "$url"
  echo "$sum  $d/$file" | sha256sum -c --quiet
  rm -rf "$dest"; mkdir -p "$dest"
  tar xf "$d/$file" -C "$dest" --strip-components=1
  rm -rf "$d"
}
if [ ! -f third_party/imgui/imgui.cpp ]; then
  echo "setup: fetching Dear ImGui sources from Debian's source archive"
  fetch_orig imgui third_party/imgui
fi
if [ ! -f third_party/qrcodegen/cpp/qrcodegen.cpp ]; then
  echo "setup: fetching QR Code generator sources from Debian's source archive"
  fetch_orig qr-code-generator third_party/qrcodegen
fi

# npm packages for the browser tests, pinned by tests/e2e/package-lock.json.
if [ -f tests/e2e/package.json ]; then
  if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
    echo "setup: installing npm packages for browser tests"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
fi
# The OpenID provider the server's identity tests sign in with, pinned by
# tests/oidc/package-lock.json.
if [ ! -d tests/oidc/node_modules ] || [ tests/oidc/package-lock.json -nt tests/oidc/node_modules ]; then
  echo "setup: installing the test OpenID provider"
  (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
fi
# The API contract's linter and checker (Redocly CLI, ajv), pinned by
# tests/contract/package-lock.json.
if [ ! -d tests/contract/node_modules ] || [ tests/contract/package-lock.json -nt tests/contract/node_modules ]; then
  echo "setup: installing the API contract's checker"
  (cd tests/contract && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
fi
echo "setup: ready"
