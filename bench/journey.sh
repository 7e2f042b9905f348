#!/usr/bin/env bash
# Peak memory of a whole demo journey, both paths, in a real terminal (tmux):
#   1. authorize: create "Acme Trading Ltd", accounting, Codat Sandbox, "yes",
#      then sign in on the sandbox's Link page (over HTTP, as a browser would)
#      and wait until the first data is read;
#   2. delegate: connect another (banking, Plaid), "no", write the invite,
#      copy its text, then the recipient picks Plaid on the Hosted Link page
#      and signs in; wait until linked; finish and quit.
# onboard runs under /usr/bin/time, whose maximum resident set size is the
# figure reported; VmHWM is also read from /proc just before quitting.
#
#   bench/journey.sh [-s COLSxROWS] [ONBOARD_BINARY]
#
# Needs tmux and curl. With no binary, onboard is built from this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
size=200x60
while getopts s: opt; do
  case $opt in
    s) size=$OPTARG ;;
    *) echo "usage: bench/journey.sh [-s COLSxROWS] [ONBOARD_BINARY]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
for tool in tmux curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "journey.sh needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
session=onboard-journey-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
onboard=${1:-}
if [ -z "$onboard" ]; then
  go build -o "$work/onboard" .
  onboard=$work/onboard
fi

cols=${size%x*} rows=${size#*x}
tmux new-session -d -s "$session" -x "$cols" -y "$rows" \
  "cd $work && env -u CODAT_API_KEY -u CODAT_AUTH_HEADER /usr/bin/time -f '%M %e' -o $work/time.txt $(printf %q "$onboard") demo; sleep 30"
started=$(date +%s.%N)

screen() { tmux capture-pane -p -J -t "$session"; }
keys() { tmux send-keys -t "$session" "$@"; }
type_text() { tmux send-keys -t "$session" -l -- "$1"; }
# until_screen REGEX [SECONDS]: wait until the screen matches.
until_screen() {
  local re=$1 secs=${2:-15} i
  for ((i = 0; i < secs * 20; i++)); do
    screen | grep -qE -- "$re" && return 0
    sleep 0.05
  done
  echo "journey.sh: timed out waiting for /$re/; the screen:" >&2
  screen >&2
  exit 1
}
# gone REGEX: wait until the screen no longer matches.
gone() {
  local i
  for ((i = 0; i < 300; i++)); do
    screen | grep -qE -- "$1" || return 0
    sleep 0.05
  done
  echo "journey.sh: /$1/ stayed on screen" >&2; screen >&2; exit 1
}
# form_token URL: the form token of a sandbox Link page.
form_token() { curl -fsS "$1" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' | head -n1; }
onboard_pid() { pgrep -f -n -- "^$onboard demo" || pgrep -n -x "$(basename "$onboard")"; }

# 1. The authorize path.
until_screen 'Which business are you connecting'
type_text 'Acme Trading Ltd'
until_screen 'Create a new company'
gone 'Looking for companies'
keys Enter
until_screen 'what sharing means'
keys Enter
until_screen 'What would you like to connect'
keys Enter
until_screen 'Which accounting platform'
type_text 'codat sandbox'
until_screen 'Filter: codat sandbox'
keys Enter
until_screen 'Can you sign in to Codat Sandbox'
type_text y
until_screen 'http://127\.0\.0\.1:[0-9]+/link/companies/[^ ]+/start'
link=$(screen | grep -oE 'http://127\.0\.0\.1:[0-9]+/link/companies/[^ ]+/start' | head -n1)
curl -fsS -o /dev/null --data-urlencode "token=$(form_token "$link")" -d action=authorize "$link"
until_screen 'Codat Sandbox is linked'
until_screen 'first data is ready' 30

# 2. The delegate path, for the same company.
type_text a
until_screen 'What would you like to connect'
keys Down Enter
until_screen 'Which banking platform'
keys Enter
until_screen 'Can you sign in to Plaid'
type_text n
until_screen 'http://127\.0\.0\.1:[0-9]+/link/company/[^ ]+'
hosted=$(screen | grep -oE 'http://127\.0\.0\.1:[0-9]+/link/company/[A-Za-z0-9-]+' | head -n1)
type_text i
until_screen 'Who should sign in'
type_text 'jane@firm.example'
keys Enter
type_text 'Jane'
keys Enter
type_text 'Sam'
keys Enter Enter
until_screen 'Message \(the link is already in it\)'
keys Enter
until_screen 'enter submit'
keys Enter
until_screen 'Hand it on'
type_text t
until_screen 'Copied|copied|clipboard'
# The recipient opens the Hosted Link, picks Plaid and signs in.
pick="$hosted?category=banking"
start=$(curl -fsS -o /dev/null -w '%{redirect_url}' --data-urlencode "token=$(form_token "$pick")" -d platformKey=suuo "$hosted")
curl -fsS -o /dev/null --data-urlencode "token=$(form_token "$start")" -d action=authorize "$start"
until_screen 'Plaid is linked' 30
until_screen 'first data is ready' 30

pid=$(onboard_pid)
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
type_text f
until_screen 'All set for now'
keys Enter
for ((i = 0; i < 100; i++)); do [ -s "$work/time.txt" ] && break; sleep 0.1; done
read -r maxrss elapsed < "$work/time.txt"
awk -v hwm="$hwm" -v max="$maxrss" -v el="$elapsed" 'BEGIN {
  printf "peak RSS of the demo journey (both paths): %.1f MB (/usr/bin/time max RSS), VmHWM before quitting %.1f MB, %s s wall\n", max/1024, hwm/1024, el
}'
