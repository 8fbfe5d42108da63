set -u
OUT=/tmp/xh3; PY=/work/main/.venv/bin/python; mkdir -p $OUT
export HAVEN_DATA_DIR=$(mktemp -d) ALSOFT_DRIVERS=null
shot() { sleep "${2:-1}"; import -display "$DISPLAY" -window root "$OUT/$1.png"; }
key() { xdotool key --delay 150 "$@"; }
cd /work/main && $PY main.py > $OUT/out.txt 2> $OUT/err.txt &
pid=$!
for _ in $(seq 1 60); do xdotool search --name "Haven" >/dev/null 2>&1 && break; sleep 0.5; done
sleep 4; key Escape; sleep 1
key Down Down Down Down Down Down Down Down Down Down Down; key Return; sleep 2; key s
sleep 178; shot 01-letter-page 1
xdotool type --delay 60 "Things have been hard at home lately, and I keep blaming myself for all of it."
shot 02-letter-typed 0.5
key Return; xdotool type --delay 60 "Anyone would be tired after weeks like these."; key Return
xdotool type --delay 60 "Ask for one quiet evening this week."; key Return
xdotool type --delay 60 "You have come through hard times before, and you are not alone in this."; shot 03-letter-last 0.5
key Return; shot 04-kept 1.5
key Escape; key q; sleep 1; key s; sleep 4; key Return; sleep 1; key r; sleep 3; key l; sleep 1; key Return; shot 05-letters 1.5
key e; shot 06-saved 1
kill $pid 2>/dev/null; wait $pid 2>/dev/null
