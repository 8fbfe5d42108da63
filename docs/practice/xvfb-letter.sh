#!/usr/bin/env bash
# A letter to yourself, from the home screen: the writing page when the
# practice opens it (about three minutes in), the four parts, "kept", then
# Your practice -> Your letters: read and saved as a text file.
#   bash docs/practice/xvfb-letter.sh OUTDIR
set -u
OUT=${1:-/tmp/haven-letter}; mkdir -p "$OUT"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"; fi
source "$(dirname "$0")/xvfb-common.sh"
haven
key Escape; sleep 1
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
done_haven
