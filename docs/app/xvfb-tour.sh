#!/usr/bin/env bash
# A fresh person's first minutes with Haven, in a real window under Xvfb,
# driven by xdotool key presses; screenshots of what the screen shows.
#   bash docs/app/xvfb-tour.sh OUTDIR
# Needs: apt-get install -y xvfb xdotool imagemagick
set -euo pipefail
OUT=${1:-/tmp/haven-tour}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PY:-$HERE/.venv/bin/python}
mkdir -p "$OUT"
[ -z "${DISPLAY:-}" ] || true
export HAVEN_DATA_DIR=${HAVEN_DATA_DIR:-$(mktemp -d)}
export ALSOFT_DRIVERS=null
shot() { sleep "${2:-1}"; import -display "$DISPLAY" -window root "$OUT/$1.png"; echo "shot $1"; }
key() { xdotool key --delay 120 "$@"; }
tour() {
  "$PY" "$HERE/main.py" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt" &
  pid=$!
  for _ in $(seq 1 60); do xdotool search --name "Haven" >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 4
  shot 01-welcome 1
  key Escape; shot 02-home 1
  sleep 20; shot 03-home-pictures 1              # the places' pictures fade in as they are made
  xdotool mousemove 409 183; sleep 0.3; xdotool click 1; sleep 0.3      # the mouse: the lakeside card ...
  xdotool mousemove 640 516; sleep 0.3; xdotool click 1; sleep 0.3      # ... and "Kind wishes"
  xdotool mousemove 1240 20; shot 03b-home-clicked 1
  xdotool mousemove 870 183; sleep 0.3; xdotool click 1; sleep 0.3      # back to the meadow (now right of centre), and up to the first practice
  key Up Up Up Up Up Up
  key s; shot 04-settings 1
  key Down Down Right; shot 05-settings-changed 1  # caption size: large
  key Escape; key r; shot 06-records-empty 2
  key Escape
  key Return; shot 07-before 3                     # Enter alone: soothing breathing in the meadow
  key s; shot 08-practice 6
  key p; shot 08b-light-off-toast 1
  key Escape; shot 09-pause 1
  key q; shot 10-after 1
  key Right Right Right Right n; sleep 0.5; xdotool type --delay 80 "Calmer. The meadow helped."
  shot 10b-note 0.5
  key Return Return; shot 11-closing 4
  key Return; shot 12-home-again 2
  key r; shot 13-records 3
  key Escape Escape; sleep 3
  wait $pid || true
  echo "exit: $?"
}
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"
fi
tour
