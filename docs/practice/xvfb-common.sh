# Shared by the docs/practice/xvfb-*.sh scripts: a real Haven window under
# Xvfb, driven by xdotool, with screenshots. Source it, then call `haven`
# (it starts `python main.py ARGS` and waits for the window), `key`, `shot`.
# Needs: apt-get install -y xvfb xdotool imagemagick
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=${PY:-$HERE/.venv/bin/python}
export HAVEN_DATA_DIR=${HAVEN_DATA_DIR:-$(mktemp -d)}
export ALSOFT_DRIVERS=null
shot() { sleep "${2:-1}"; import -display "$DISPLAY" -window root "$OUT/$1.png"; echo "shot $1"; }
key() { xdotool key --delay 150 "$@"; }
haven() {
  (cd "$HERE" && "$PY" main.py "$@" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt") &
  pid=$!
  for _ in $(seq 1 60); do xdotool search --name "Haven" >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 4
}
done_haven() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
