#!/usr/bin/env bash
# Start-up of onboard against the floors, in a real pty, N interleaved runs:
#   time to the first frame of `onboard demo` and of a minimal bubbletea v2
#   program (bench/cmd/floor), and time to the complete output of
#   `onboard --help` and `gh --version`.
#
#   bench/startup.sh [-n RUNS] [-s COLSxROWS] [ONBOARD_BINARY]
#
# With no binary, onboard is built from this tree. gh comes from Debian
# (apt-get install gh); without it that row is left out.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=30 size=80x24
while getopts n:s: opt; do
  case $opt in
    n) runs=$OPTARG ;;
    s) size=$OPTARG ;;
    *) echo "usage: bench/startup.sh [-n RUNS] [-s COLSxROWS] [ONBOARD_BINARY]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
onboard=${1:-}
if [ -z "$onboard" ]; then
  go build -o "$bin/onboard" .
  onboard=$bin/onboard
fi
go build -o "$bin/floor" ./bench/cmd/floor
go build -tags alldeps -o "$bin/floor-deps" ./bench/cmd/floor
go build -o "$bin/startup" ./bench/cmd/startup

cases=(
  "floor+deps=floor=$bin/floor-deps"
  "floor=floor=$bin/floor"
  "onboard demo=Picking up=$onboard demo"
  "onboard --help==$onboard --help"
)
if command -v gh >/dev/null; then
  cases+=("gh --version==$(command -v gh) --version")
else
  echo "gh is not installed (apt-get install gh): its row is left out" >&2
fi
# The demo must not find a key, so it starts its own sandbox.
env -u CODAT_API_KEY -u CODAT_AUTH_HEADER "$bin/startup" -n "$runs" -size "$size" "${cases[@]}"
