#!/usr/bin/env bash
# Build Monado (the open OpenXR runtime) from the tarball in shared/third_party
# for `make check-vr`, and cache it outside the repo. Prints the path of the
# runtime manifest (XR_RUNTIME_JSON) as its last line.
#
#   tools/vr/build_monado.sh            build once, then reuse the cache
#   HAVEN_MONADO_CACHE=DIR ...          cache elsewhere (default ~/.cache/haven/monado)
#   HAVEN_MONADO_TARBALL=FILE ...       another tarball
#   HAVEN_MONADO_APT=0 ...              do not apt-get the build's packages
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
tarball="${HAVEN_MONADO_TARBALL:-$(ls "$here"/../shared/third_party/monado-*.tar.xz 2>/dev/null | head -1)}"
cache="${HAVEN_MONADO_CACHE:-$HOME/.cache/haven/monado}"
[ -f "$tarball" ] || { echo "build_monado: no Monado tarball (looked for ../shared/third_party/monado-*.tar.xz; set HAVEN_MONADO_TARBALL)" >&2; exit 2; }
stamp="$cache/$(basename "$tarball" .tar.xz).built"
manifest="$cache/src/build/openxr_monado-dev.json"
if [ -f "$stamp" ] && [ -f "$manifest" ]; then
  echo "build_monado: cached ($(cat "$stamp"))" >&2
  echo "$manifest"
  exit 0
fi

packages="cmake ninja-build g++ libeigen3-dev libvulkan-dev glslang-tools libx11-dev libx11-xcb-dev
  libxcb-randr0-dev libxrandr-dev libgl-dev libegl-dev libgles-dev libusb-1.0-0-dev libudev-dev
  pkg-config mesa-vulkan-drivers libopenxr-loader1 libopenxr-dev libopenxr-utils"
if [ "${HAVEN_MONADO_APT:-1}" = 1 ] && command -v apt-get >/dev/null; then
  # shellcheck disable=SC2086
  missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "build_monado: installing $(echo $missing)" >&2
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

rm -rf "$cache/src"
mkdir -p "$cache/src"
start=$(date +%s)
tar xf "$tarball" -C "$cache/src" --strip-components=1
cmake -S "$cache/src" -B "$cache/src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DXRT_FEATURE_COMPOSITOR_MAIN=ON -DXRT_FEATURE_COMPOSITOR_NULL=ON \
  -DXRT_FEATURE_OPENXR=ON -DXRT_FEATURE_SERVICE=OFF -DXRT_FEATURE_STEAMVR_PLUGIN=OFF \
  -DBUILD_TESTING=OFF -DBUILD_DOC=OFF > "$cache/cmake.log" 2>&1 \
  || { tail -30 "$cache/cmake.log" >&2; echo "build_monado: cmake failed (log: $cache/cmake.log)" >&2; exit 1; }
ninja -C "$cache/src/build" > "$cache/ninja.log" 2>&1 \
  || { tail -30 "$cache/ninja.log" >&2; echo "build_monado: ninja failed (log: $cache/ninja.log)" >&2; exit 1; }
[ -f "$manifest" ] || { echo "build_monado: built, but no $manifest" >&2; exit 1; }
took=$(( $(date +%s) - start ))
echo "$(basename "$tarball") built in ${took}s on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)" > "$stamp"
echo "build_monado: $(cat "$stamp")" >&2
echo "$manifest"
