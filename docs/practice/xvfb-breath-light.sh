#!/usr/bin/env bash
# The breathing light in a real window under Xvfb: soothing breathing on the
# beach with the session panel shown; E through the guides (bloom, tide line,
# none, the place's light); the settings page's breathing-light rows.
#   bash docs/practice/xvfb-breath-light.sh OUTDIR
# Needs: apt-get install -y xvfb xdotool imagemagick
set -euo pipefail
OUT=${1:-/tmp/haven-breath}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PY:-$HERE/.venv/bin/python}
mkdir -p "$OUT"
export HAVEN_DATA_DIR=${HAVEN_DATA_DIR:-$(mktemp -d)}
export ALSOFT_DRIVERS=null
shot() { sleep "${2:-1}"; import -display "$DISPLAY" -window root "$OUT/$1.png"; echo "shot $1"; }
key() { xdotool key --delay 120 "$@"; }
tour() {
  "$PY" "$HERE/main.py" run --place "${PLACE:-beach}" --practice soothing-breathing --session \
      > "$OUT/stdout.txt" 2> "$OUT/stderr.txt" &
  pid=$!
  for _ in $(seq 1 60); do xdotool search --name "Haven" >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 3
  key s; sleep 1                                                 # skip the questions before
  for i in 1 2 3 4 5 6 7 8; do shot "01-light-$i" 0.9; done     # about 7 s: one breath and more
  key e; shot 02-bloom 3; shot 02b-bloom 2
  key e; shot 03-tide 3; shot 03b-tide 2
  key e; shot 04-none 4
  key e; shot 05-place-again 4
  key Escape; key s; shot 06-settings 1.5
  key Down Down Down Down Down Down Down Down Down; shot 06b-settings-rows 1
  key Escape; key Escape; sleep 0.5; key Escape; key q; sleep 4
  kill $pid 2>/dev/null || true
  wait $pid || true
}
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"
fi
tour
