#!/usr/bin/env bash
# A real window under Xvfb: build a place with real key presses (xdotool), keep it,
# practise in it; screenshots of the whole screen (ImageMagick's import) into $OUT/shots.
# Needs: apt-get install -y xvfb xdotool imagemagick.  Usage: docs/builder/xvfb-run.sh [OUT]
set -u
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/xv}
export DISPLAY=:99 HAVEN_DATA_DIR=$OUT/data ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0
rm -rf "$OUT/data" "$OUT/shots"; mkdir -p "$OUT/shots"
Xvfb :99 -screen 0 1280x720x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XPID=$!
sleep 2
.venv/bin/python main.py build --from beach >"$OUT/app.out" 2>"$OUT/app.err" &
APID=$!
for i in $(seq 60); do W=$(xdotool search --name "." 2>/dev/null | head -1); [ -n "$W" ] && break; sleep 1; done
echo "window $W after $i s"; sleep 12
shot() { import -window root "$OUT/shots/$1.png"; echo "shot $1"; }
k() { for key in "$@"; do xdotool key --clearmodifiers "$key"; sleep 0.6; done; }
xdotool mousemove 1270 710; sleep 0.5
shot 01-start
k Next; sleep 1; k Right; sleep 6; shot 02-see-dusk          # what you see: time of day one step on
k Down Down Return; sleep 2; shot 03-picker; k Escape; sleep 1
k Next; sleep 3; shot 04-hear
k Next; sleep 1; k Return; sleep 1; xdotool type --delay 60 ", salt air on warm stones"; k Return; sleep 1; shot 05-smell
k Next; sleep 5; shot 06-company
k Next; sleep 1; shot 07-welcome
k Next; sleep 1; k Return; sleep 1
for n in $(seq 20); do xdotool key BackSpace; done
xdotool type --delay 60 "My quiet shore"; k Return; sleep 1; k Down Return; sleep 3; shot 08-kept
k Return; sleep 20; k Right Right Right Right Right Right Right Down Right Right Right; sleep 1; shot 09-ratings
k Return; sleep 40; shot 09b-practice
k o; sleep 3; shot 10-session-panel
k 3; sleep 12; shot 11-ladder-3
k 1; sleep 8; k Escape; sleep 4; shot 12-paused
kill $APID 2>/dev/null; sleep 1; kill $XPID
ls "$OUT/data/places" 2>/dev/null; tail -5 "$OUT/app.err"
