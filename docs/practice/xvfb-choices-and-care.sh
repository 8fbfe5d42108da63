set -u
OUT=/tmp/xh2; PY=/work/main/.venv/bin/python; mkdir -p $OUT
export HAVEN_DATA_DIR=$(mktemp -d) ALSOFT_DRIVERS=null
shot() { sleep "${2:-1}"; import -display "$DISPLAY" -window root "$OUT/$1.png"; }
key() { xdotool key --delay 150 "$@"; }
cd /work/main && $PY main.py > $OUT/out.txt 2> $OUT/err.txt &
pid=$!
for _ in $(seq 1 60); do xdotool search --name "Haven" >/dev/null 2>&1 && break; sleep 0.5; done
sleep 4; key Escape; sleep 1
key Down Down Down Down Down Down Down Down Down; shot 01-home-choice 1
key c; shot 02-home-choice-c 1
key Up Up Up Up Up Up Up Up; shot 03-home-three-circles 1
key Return; sleep 2; key s; sleep 3; key Escape; key q; shot 04-after-checkin 2
key Right Right; key Down Down Down Right; shot 05-after-chosen 1
key Return; sleep 4; shot 06-closing 1
key Return; sleep 1; key Down Down Down Down Down Down; key Return; sleep 2; key s; sleep 3; key t; shot 07-too-much 2
key Escape; key q; sleep 1; shot 08-after-warm 1
key Left Left Left Left; key Return; sleep 4; shot 09-closing-care 1
kill $pid 2>/dev/null; wait $pid 2>/dev/null
