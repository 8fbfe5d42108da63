#!/usr/bin/env bash
# A fresh person's `python main.py` and a single Enter, in a real window under
# Xvfb: a practice begins, its events are kept and a record is written.
#   bash docs/app/xvfb-first-enter.sh OUTDIR
set -euo pipefail
OUT=${1:-/tmp/haven-first-enter}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PY:-$HERE/.venv/bin/python}
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"
fi
mkdir -p "$OUT"
DATA=$(mktemp -d)
export HAVEN_DATA_DIR=$DATA ALSOFT_DRIVERS=null
"$PY" "$HERE/main.py" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt" &
pid=$!
for _ in $(seq 1 60); do xdotool search --name "Haven" >/dev/null 2>&1 && break; sleep 0.5; done
sleep 4
xdotool key Return                         # the one key: the welcome's "Begin with soothing breathing"
sleep 3; import -window root "$OUT/after-one-enter.png"
sleep 8; import -window root "$OUT/practising.png"
xdotool key Escape; sleep 0.5; xdotool key q; sleep 0.5; xdotool key s; sleep 4   # pause, leave, skip the questions after
import -window root "$OUT/closing.png"
xdotool key Return; sleep 1; import -window root "$OUT/home.png"
xdotool key Escape; sleep 4                               # leave Haven: a two-second fade
code=0; kill -0 $pid 2>/dev/null && { echo "still running"; kill $pid; }
wait $pid || code=$?; echo "exit: $code"
echo "events files:"; ls "$DATA/sessions"
"$PY" - "$DATA" <<'PY'
import sys, sqlite3, json
from pathlib import Path
data = Path(sys.argv[1])
rows = sqlite3.connect(data / "records.sqlite3").execute(
    "SELECT place, practice, status, round(duration, 1) FROM practice").fetchall()
print("records:", rows)
events = [json.loads(l) for f in sorted((data / "sessions").glob("*-events.jsonl")) for l in f.read_text().splitlines()]
print("first events:", [e["kind"] + (":" + e.get("id", "") if "id" in e else "") for e in events[:6]])

PY
echo "--- what the terminal showed (stderr) ---"; cat "$OUT/stderr.txt"
