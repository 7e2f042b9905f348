#!/usr/bin/env bash
# Runs every fuzz target in the module for N seconds each (default 3) and
# prints a table: package, target, executions, result. Exits 1 if any
# target failed. Usage: e2e/fuzz.sh [seconds]
set -uo pipefail
cd "$(dirname "$0")/.."
secs="${1:-3}"
case "$secs" in ''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;; esac

# `go test -list` prints each package's matching names, then its ok line.
targets=()
names=()
while IFS= read -r line; do
  case "$line" in
    Fuzz*) names+=("$line") ;;
    ok*|"?"*)
      pkg=$(awk '{print $2}' <<<"$line")
      for n in "${names[@]}"; do targets+=("$pkg $n"); done
      names=() ;;
  esac
done < <(go test -list '^Fuzz' ./... 2>/dev/null)

if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz targets found" >&2
  exit 1
fi

failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%-45s %-28s %12s  %s\n' package target executions result
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  if go test -run '^$' -fuzz "^${name}\$" -fuzztime "${secs}s" "$pkg" >"$log" 2>&1; then
    result=PASS
  else
    result=FAIL
    failed=1
  fi
  execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  printf '%-45s %-28s %12s  %s\n' "${pkg#github.com/onboardcli/onboard}" "$name" "${execs:-baseline}" "$result"
  if [ "$result" = FAIL ]; then sed 's/^/    /' "$log" | tail -20; fi
done
exit "$failed"
