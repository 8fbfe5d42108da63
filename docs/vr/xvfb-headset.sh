#!/usr/bin/env bash
# The headset from the home screen, against Monado's simulated headset
# (built by `make check-vr`): home offers "In the headset (H)", H opens the
# visit in its own window and home waits, leaving the visit brings home back.
#   bash docs/vr/xvfb-headset.sh OUTDIR
set -u
OUT=${1:-/tmp/haven-headset}; mkdir -p "$OUT"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$OUT"; fi
source "$(dirname "$0")/../practice/xvfb-common.sh"
export XR_RUNTIME_JSON=${XR_RUNTIME_JSON:-$HOME/.cache/haven/monado/src/build/openxr_monado-dev.json}
export XRT_COMPOSITOR_NULL=1
haven
key Escape; shot 01-home 1
key Right Right Right; key h; sleep 25; shot 02-in-the-headset 1
vr=$(xdotool search --name "Haven - " | head -1)
echo "vr window: $vr"
xdotool windowactivate --sync "$vr" 2>/dev/null || xdotool windowfocus "$vr"
key Escape; shot 03-paused-in-the-headset 2
key q; sleep 3; shot 04-after-questions 1
key Return; sleep 6; shot 05-home-again 2
cp "$HAVEN_DATA_DIR/logs/headset.log" "$OUT/" 2>/dev/null
done_haven
