#!/usr/bin/env bash
# Runs HEXONET's official Node SDK tests (sdk.test.js) against a regbox sandbox on a
# free loopback port. Needs node >= 18 and npm; called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
bin=$(mktemp -d)/regbox
(cd ../.. && go build -o "$bin" ./cmd/regbox)
log=$(mktemp)
"$bin" sandbox --listen 127.0.0.1:0 --seed 7 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do # wait for the startup line, which names the URL
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/api/call\.cgi' "$log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the sandbox did not start:"; cat "$log"; exit 1; }
REGBOX_SANDBOX_URL="$url" node --test
