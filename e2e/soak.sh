#!/usr/bin/env bash
# Runs the whole suite N times in a row (default 20), as CI runs it, to
# show a flaky test. Stops at the first failure, says which run failed and
# where its output is kept. Usage: e2e/soak.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
case "$runs" in ''|*[!0-9]*|0) echo "usage: $0 [runs, at least 1]" >&2; exit 2 ;; esac

dir=$(mktemp -d "${TMPDIR:-/tmp}/onboard-soak.XXXXXX")
for i in $(seq 1 "$runs"); do
  log="$dir/run-$i.log"
  start=$SECONDS
  # A failing screen's whole output is kept there too.
  if ONBOARD_E2E_KEEP=$dir go test -race -shuffle=on -count=1 ./... >"$log" 2>&1; then
    echo "run $i/$runs passed in $((SECONDS - start)) s"
    rm -f "$log"
  else
    echo "run $i/$runs FAILED after $((SECONDS - start)) s; its output is in $log"
    grep -E '^(--- FAIL|FAIL|panic:)|-test.shuffle' "$log" | head -20
    echo "$((i - 1)) passed, 1 failed"
    exit 1
  fi
done
rm -rf "$dir"
echo "$runs passed, 0 failed"
