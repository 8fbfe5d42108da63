#!/usr/bin/env bash
# The eight-week programme from the home screen: the "this week" line, the
# programme page (P), week 1's reading shown and spoken in the meadow, the
# page again with the reading done, moving on and setting a week.
#   bash docs/practice/xvfb-programme.sh OUTDIR
set -u
OUT=${1:-/tmp/haven-programme}; mkdir -p "$OUT"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"; fi
source "$(dirname "$0")/xvfb-common.sh"
haven
key Escape; shot 01-home 1
key p; shot 02-programme 1.5
key Return; sleep 3; shot 03-reading 0.5
sleep 9; shot 04-reading-later 0.5
key bracketright bracketright bracketright bracketright bracketright bracketright; sleep 12; shot 05-closing 1
key Return; shot 06-programme-after 2
key n; shot 07-move-on-asked 1
key Down Down Down Down Down; key w; key w; shot 08-week-set 1.5
key Escape; shot 09-home-after 1.5
done_haven
