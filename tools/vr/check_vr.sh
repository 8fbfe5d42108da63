#!/usr/bin/env bash
# `make check-vr`: `run --vr` against a real OpenXR runtime on this machine.
# Builds Monado from shared/third_party once (cached in ~/.cache/haven/monado,
# tools/vr/build_monado.sh), then runs tests/test_vr_monado.py under Xvfb with
# Monado's simulated headset on its null compositor. Not part of `make test`:
# see docs/vr.md ("Why check-vr is not in make test").
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PY:-.venv/bin/python}"
start=$(date +%s)
if ! manifest="$(tools/vr/build_monado.sh | tail -1)"; then
  echo "check-vr: BLOCKED: Monado did not build (see the lines above and ~/.cache/haven/monado/*.log)" >&2
  exit 1
fi
built=$(date +%s)
if ! command -v xvfb-run >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
fi
export XR_RUNTIME_JSON="$manifest" XRT_COMPOSITOR_NULL=1 HAVEN_CHECK_VR=1 ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0
status=0
xvfb-run -a -s '-screen 0 1280x720x24' "$PY" -m pytest -q -rs -p no:cacheprovider tests/test_vr_monado.py || status=$?
end=$(date +%s)
echo "check-vr: Monado ready in $((built - start)) s, the VR tests took $((end - built)) s (runtime: $manifest)"
if [ "$status" -ne 0 ]; then
  echo "check-vr: FAILED: frames did not flow through the runtime as expected (the test output above says where;" \
       "Haven's and the runtime's start-up messages are in the test's data folder, logs/vr.log)" >&2
fi
exit "$status"
