#!/usr/bin/env bash
# Choices and care, as a person meets them from the home screen: a practice's
# choice (C), the three circles' check-in, 'too much' (T) and its care words,
# the questions after a warm practice, and the closing screens.
#   bash docs/practice/xvfb-choices-and-care.sh OUTDIR
set -u
OUT=${1:-/tmp/haven-choices}; mkdir -p "$OUT"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"; fi
source "$(dirname "$0")/xvfb-common.sh"
haven
key Escape; sleep 1
key Down Down Down Down Down Down Down Down Down; shot 01-home-choice 1
key c; shot 02-home-choice-c 1
key Up Up Up Up Up Up Up Up; shot 03-home-three-circles 1
key Return; sleep 2; key s; sleep 3; key Escape; key q; shot 04-after-checkin 2
key Right Right; key Down Down Down Right; shot 05-after-chosen 1
key Return; sleep 4; shot 06-closing 1
key Return; sleep 1; key Down Down Down Down Down Down; key Return; sleep 2; key s; sleep 3; key t; shot 07-too-much 2
key Escape; key q; sleep 1; shot 08-after-warm 1
key Left Left Left Left; key Return; sleep 4; shot 09-closing-care 1
done_haven
