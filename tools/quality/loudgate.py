"""The loudness gate (issue 8): ``python -m tools.quality.loudgate``.

Every built-in place (scenes/*.yaml) with every built-in practice
(narration/*.yaml) is exported as a practice soundtrack
(``export_practice_audio``: soundscape, the practice's cues, the breathing
sea, the voice, master stage) to a 16-bit WAV, and each place's own ambient
soundscape (``export_place_audio``, no practice) too. Each WRITTEN file is
then read back and measured independently of the exporter's own figures:

* integrated loudness: pyloudnorm (ITU-R BS.1770-4, 400 ms blocks, 75 %
  overlap, -70 LUFS absolute and -10 LU relative gate) on the whole file;
* true peak: ``engine.audio.loudness.true_peak_dbtp`` (4x oversampled by a
  65-tap Kaiser-windowed interpolator), cross-checked by scipy's own 4x
  polyphase resampler (``resample_poly``) over the whole file;
* short-term loudness: ``engine.audio.loudness.short_term`` (K-weighted
  power, every full 3 s window, a window every 0.1 s), the loudest window
  cross-checked by pyloudnorm on that 3 s excerpt alone.

Bars: integrated -20 +-1 LUFS, true peak <= -1.0 dBTP, max short-term
<= -15.0 LUFS (target + 5 LU). Writes JSON and a markdown report; exits 1
if any export fails a bar or cannot be made. One export at a time; each WAV
is deleted as soon as it is measured.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
import traceback
import wave
from pathlib import Path

import numpy as np

TARGET_LUFS = -20.0
TOLERANCE_LU = 1.0
CEILING_DBTP = -1.0
SHORT_TERM_BAR = -15.0
AMBIENT_SECONDS = (120.0, 600.0)


def builtin_places() -> list[str]:
    from engine import SCENES_DIR
    return sorted(p.stem for p in Path(SCENES_DIR).glob("*.yaml"))


def builtin_practices() -> list[str]:
    from engine import NARRATION_DIR
    return sorted(p.stem for p in Path(NARRATION_DIR).glob("*.yaml"))


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """(float32 (n, channels) in [-1, 1), rate) of a 16-bit PCM WAV."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: {8 * w.getsampwidth()}-bit samples, the gate reads 16-bit PCM")
        rate, channels = w.getframerate(), w.getnchannels()
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return pcm.reshape(-1, channels).astype(np.float32) / np.float32(32768), rate


def _db(x: float) -> float:
    return float(20 * np.log10(x)) if x > 0 else float("-inf")


def scipy_true_peak_dbtp(x: np.ndarray, block: int = 4800, pad: int = 64) -> float:
    """Cross-check: true peak via scipy.signal.resample_poly(x, 4, 1) (scipy's
    own Kaiser low-pass, not the engine's interpolator), exact but quicker:
    a 0.1 s block is resampled (with 64 samples of context each side) only
    where its sample peak times the filter's largest per-phase sum of |taps|
    could beat the file's sample peak; no interpolated value can exceed that."""
    from scipy.signal import firwin, resample_poly
    x = x if x.ndim == 2 else x[:, None]
    n = x.shape[0]
    if not n:
        return float("-inf")
    taps = firwin(2 * 10 * 4 + 1, 1 / 4, window=("kaiser", 5.0)) * 4   # resample_poly's default filter
    bound = max(np.abs(taps[p::4]).sum() for p in range(4)) * 1.0001
    a = np.abs(x).max(axis=1)
    m = -(-n // block)
    peaks = np.pad(a, (0, m * block - n)).reshape(m, block).max(axis=1)
    near = np.maximum(peaks, np.maximum(np.r_[0, peaks[:-1]], np.r_[peaks[1:], 0]))
    peak = float(a.max())
    for j in np.flatnonzero(near * bound > peak):
        start = j * block
        lo, hi = max(start - pad, 0), min(start + block + pad, n)
        up = resample_poly(np.asarray(x[lo:hi], np.float64), 4, 1, axis=0)
        peak = max(peak, float(np.abs(up[4 * (start - lo):4 * (min(start + block, n) - lo)]).max()))
    return _db(peak)


def measure(x: np.ndarray, rate: int) -> dict:
    """The gate's figures for one buffer (float, (n, channels))."""
    import pyloudnorm as pyln
    from engine.audio.loudness import HOP, WINDOW, short_term, true_peak_dbtp
    x = x if x.ndim == 2 else x[:, None]
    meter = pyln.Meter(rate)   # BS.1770-4, 400 ms blocks
    lufs = float(meter.integrated_loudness(x.astype(np.float64)))
    st = short_term(x, rate)
    i = int(np.argmax(st))
    a = int(round(i * HOP * rate))
    excerpt = x[a:a + int(round(WINDOW * rate))].astype(np.float64)
    st_pyln = (float(pyln.Meter(rate, block_size=WINDOW).integrated_loudness(excerpt))
               if excerpt.shape[0] == int(round(WINDOW * rate)) else float("nan"))
    return {"seconds": round(x.shape[0] / rate, 3),
            "integrated_lufs": round(lufs, 2),
            "true_peak_dbtp": round(float(true_peak_dbtp(x)), 2),
            "true_peak_scipy_dbtp": round(scipy_true_peak_dbtp(x), 2),
            "sample_peak_dbfs": round(_db(float(np.abs(x).max())), 2),
            "max_short_term_lufs": round(float(st.max()), 2),
            "max_short_term_at_s": round(i * HOP, 1),
            "max_short_term_pyloudnorm_lufs": round(st_pyln, 2)}


def measure_wav(path: Path) -> dict:
    """Read a written WAV back and measure it (``measure``)."""
    x, rate = read_wav(Path(path))
    return measure(x, rate)


def failures(fig: dict) -> list[str]:
    """Which bars a measured export misses (empty: it passes)."""
    out = []
    lufs, peak, st = fig["integrated_lufs"], fig["true_peak_dbtp"], fig["max_short_term_lufs"]
    if not (np.isfinite(lufs) and abs(lufs - TARGET_LUFS) <= TOLERANCE_LU):
        out.append(f"integrated {lufs:.2f} LUFS outside {TARGET_LUFS:g} +-{TOLERANCE_LU:g}")
    if not peak <= CEILING_DBTP:
        out.append(f"true peak {peak:.2f} dBTP above {CEILING_DBTP:g}")
    if not st <= SHORT_TERM_BAR:
        out.append(f"max short-term {st:.2f} LUFS above {SHORT_TERM_BAR:g}")
    return out


def gate_one(kind: str, place: str, practice: str | None, folder: Path, voice: str = "captions",
             seconds: float | None = None) -> dict:
    """Export one soundtrack into ``folder``, measure the file, delete it."""
    from engine.audio.export import export_place_audio
    from engine.app.practice_audio import export_practice_audio
    name = f"{place}--{practice or 'ambient'}--{voice if practice else int(seconds)}.wav"
    out = folder / name
    row = {"kind": kind, "place": place, "practice": practice, "voice": voice if practice else None}
    began = time.perf_counter()
    try:
        if practice:
            reported = export_practice_audio(place, practice, out, mode=voice)
        else:
            reported = export_place_audio(place, out, seconds=seconds)
        row["export_s"] = round(time.perf_counter() - began, 2)
        began = time.perf_counter()
        row.update(measure_wav(out))
        row["measure_s"] = round(time.perf_counter() - began, 2)
        row["reported"] = {k: reported[k] for k in ("integrated_lufs", "true_peak_dbtp", "max_short_term_lufs")}
        if practice:
            row["voice"] = reported.get("voice", voice)
        row["warnings"] = reported.get("warnings", [])
        row["failures"] = failures(row)
    except Exception as exc:   # an export that cannot be made fails the gate, and we go on
        row["export_s"] = round(time.perf_counter() - began, 2)
        row["error"] = f"{type(exc).__name__}: {exc}"
        row["traceback"] = traceback.format_exc(limit=6)
        row["failures"] = [f"export failed: {row['error']}"]
    finally:
        out.unlink(missing_ok=True)
    row["verdict"] = "pass" if not row["failures"] else "FAIL"
    return row


def _plain(v):
    """JSON without NaN or Infinity: those become null."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return None if isinstance(v, float) and not np.isfinite(v) else v


def _span(rows: list[dict], key: str) -> list[float] | None:
    vals = [r[key] for r in rows if key in r and np.isfinite(r[key])]
    return [min(vals), max(vals)] if vals else None


def summary(rows: list[dict]) -> dict:
    keys = ("seconds", "integrated_lufs", "true_peak_dbtp", "true_peak_scipy_dbtp", "max_short_term_lufs",
            "max_short_term_pyloudnorm_lufs", "export_s", "measure_s")
    out = {"exports": len(rows), "failed": sum(r["verdict"] != "pass" for r in rows)}
    out.update({k: _span(rows, k) for k in keys})
    tp = [abs(r["true_peak_dbtp"] - r["true_peak_scipy_dbtp"]) for r in rows if "true_peak_scipy_dbtp" in r]
    st = [abs(r["max_short_term_lufs"] - r["max_short_term_pyloudnorm_lufs"]) for r in rows
          if "max_short_term_pyloudnorm_lufs" in r]
    rep = [abs(r["integrated_lufs"] - r["reported"]["integrated_lufs"]) for r in rows if "reported" in r]
    out["max_abs_diff"] = {"true_peak_vs_scipy_db": round(max(tp), 2) if tp else None,
                           "short_term_vs_pyloudnorm_lu": round(max(st), 2) if st else None,
                           "integrated_vs_exporter_lu": round(max(rep), 2) if rep else None}
    return out


def _f(v, fmt="{:.2f}") -> str:
    return "-" if v is None else (fmt.format(v) if np.isfinite(v) else str(v))


def _table(rows: list[dict]) -> list[str]:
    lines = ["| place | practice | duration s | integrated LUFS | true peak dBTP | max short-term LUFS "
             "| export s | verdict |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        what = r["practice"] or f"(ambient, {r.get('seconds', 0):g} s)"
        verdict = "pass" if r["verdict"] == "pass" else "**FAIL**: " + "; ".join(r["failures"])
        lines.append(f"| {r['place']} | {what} | {_f(r.get('seconds'), '{:.1f}')} | {_f(r.get('integrated_lufs'))} "
                     f"| {_f(r.get('true_peak_dbtp'))} | {_f(r.get('max_short_term_lufs'))} "
                     f"| {_f(r.get('export_s'), '{:.1f}')} | {verdict} |")
    return lines


def _range(s: dict, key: str) -> str:
    v = s.get(key)
    return "-" if not v else f"{v[0]:.2f} to {v[1]:.2f}"


def report(result: dict) -> str:
    groups = result["groups"]
    out = ["# Loudness gate: every built-in place and practice export", "",
           "`python -m tools.quality.loudgate` (`tools/quality/loudgate.py`) exports every built-in",
           "place (`scenes/*.yaml`) with every built-in practice (`narration/*.yaml`) as the app does",
           "(`export_practice_audio`: the place's soundscape moved by the practice's cues, the breathing",
           "sea, the voice, the master stage) to a 16-bit WAV, and each place's own ambient soundscape",
           "(`export_place_audio`, as `python main.py export-audio --place P --out P.wav [--seconds S]`).",
           "It then reads each written file back and measures it itself, not trusting the exporter's figures:",
           "",
           "* **integrated loudness** with pyloudnorm (ITU-R BS.1770-4: K-weighting, 400 ms blocks with",
           "  75 % overlap, -70 LUFS absolute and -10 LU relative gates) over the whole file;",
           "* **true peak** with `engine.audio.loudness.true_peak_dbtp`: 4x oversampled (a 65-tap",
           "  Kaiser-windowed interpolator, cut-off at the original Nyquist), cross-checked on every file",
           "  by scipy's own 4x polyphase resampler (`resample_poly`);",
           "* **short-term loudness** with `engine.audio.loudness.short_term`: K-weighted power summed",
           "  over both channels, every full 3 s window, one window every 0.1 s (the EBU Tech 3341",
           "  short-term meter, sliding), its loudest window cross-checked by pyloudnorm on that 3 s alone.",
           "",
           f"**Bars** (issue 8): integrated {TARGET_LUFS:g} +-{TOLERANCE_LU:g} LUFS; true peak <= {CEILING_DBTP:g} dBTP;",
           f"short-term loudness <= {SHORT_TERM_BAR:g} LUFS (target + 5 LU) in every 3 s window. An export that",
           "misses any bar, or cannot be made, fails the gate (exit 1). Exports run one at a time; each WAV",
           "is deleted once measured. \"export s\" is the wall time of the export alone (mix, master,",
           "write), on a 2-core machine shared with other work.", "",
           f"Run: {result['started']}, {result['machine']}, total {result['total_s'] / 60:.1f} min.", "",
           "## Summary", "",
           "| exports | count | failed | duration s | integrated LUFS | true peak dBTP | max short-term LUFS |",
           "|---|---|---|---|---|---|---|"]
    for g in groups:
        s = g["summary"]
        dur = s.get("seconds")
        out.append(f"| {g['title']} | {s['exports']} | {s['failed']} | "
                   f"{'-' if not dur else f'{dur[0]:g} to {dur[1]:g}'} | {_range(s, 'integrated_lufs')} "
                   f"| {_range(s, 'true_peak_dbtp')} | {_range(s, 'max_short_term_lufs')} |")
    allsum = result["summary"]
    d = allsum["max_abs_diff"]
    out += ["", "Cross-checks over all exports (largest difference): true peak against scipy's 4x resampler "
            f"{_f(d['true_peak_vs_scipy_db'])} dB; loudest short-term window against pyloudnorm on that "
            f"excerpt {_f(d['short_term_vs_pyloudnorm_lu'])} LU; integrated loudness of the file against the "
            f"figure the exporter reported {_f(d['integrated_vs_exporter_lu'])} LU.", ""]
    for g in groups:
        out += [f"## {g['title']}", "", *g.get("notes", []), *_table(g["rows"]), ""]
    out += ["The figures per export, with the cross-checks, sample peak, where the loudest 3 s starts and the",
            "exporter's own figures, are in `bench/loudness.json`.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.quality.loudgate", description=__doc__.split("\n")[0])
    ap.add_argument("--places", nargs="+", default=None, help="default: every scenes/*.yaml")
    ap.add_argument("--practices", nargs="+", default=None, help="default: every narration/*.yaml")
    ap.add_argument("--voice", nargs="+", default=["captions", "natural", "speech"],
                    choices=["captions", "natural", "speech", "recorded"],
                    help="voice modes of the practice exports (default: captions natural speech)")
    ap.add_argument("--ambient-seconds", nargs="*", type=float, default=list(AMBIENT_SECONDS),
                    help="lengths of each place's ambient export (none: skip them)")
    ap.add_argument("--out", type=Path, default=Path("bench/loudness.json"))
    ap.add_argument("--report", type=Path, default=Path("docs/quality/loudness.md"))
    ap.add_argument("--report-only", action="store_true",
                    help="only write the report again from the JSON at --out (no exports)")
    args = ap.parse_args(argv)
    if args.report_only:
        result = json.loads(args.out.read_text())
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report(result))
        return 1 if result["summary"]["failed"] else 0
    places = args.places or builtin_places()
    practices = args.practices or builtin_practices()
    started, began = time.strftime("%Y-%m-%d %H:%M"), time.perf_counter()
    groups = []
    plan = [(f"Practice exports, voice: {v}", "practice", v, None) for v in args.voice]
    plan += [(f"Ambient exports, {s:g} s", "ambient", None, s) for s in args.ambient_seconds]
    total = sum(len(places) * (len(practices) if kind == "practice" else 1) for _, kind, _, _ in plan)
    done = 0
    with tempfile.TemporaryDirectory(prefix="haven-loudgate-") as tmp:
        for title, kind, voice, seconds in plan:
            rows = []
            for place in places:
                for practice in (practices if kind == "practice" else [None]):
                    row = gate_one(kind, place, practice, Path(tmp), voice or "captions", seconds)
                    rows.append(row)
                    done += 1
                    print(f"[{done}/{total}] {place} / {practice or 'ambient'} ({voice or f'{seconds:g} s'}): "
                          f"{row.get('integrated_lufs', '-')} LUFS, {row.get('true_peak_dbtp', '-')} dBTP, "
                          f"st {row.get('max_short_term_lufs', '-')} LUFS, export {row['export_s']} s: "
                          f"{row['verdict']} {'; '.join(row['failures'])}", file=sys.stderr, flush=True)
            group = {"title": title, "kind": kind, "voice": voice, "seconds": seconds, "rows": rows,
                     "summary": summary(rows)}
            if kind == "practice" and voice == "speech":
                fell = sorted({r["place"] + "/" + r["practice"] for r in rows if r.get("voice") != "speech"})
                if fell:
                    group["notes"] = [f"Fell back to captions (no speech voice): {', '.join(fell)}.", ""]
            groups.append(group)
    every = [r for g in groups for r in g["rows"]]
    result = {"started": started, "total_s": round(time.perf_counter() - began, 1),
              "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
              "bars": {"integrated_lufs": [TARGET_LUFS - TOLERANCE_LU, TARGET_LUFS + TOLERANCE_LU],
                       "true_peak_dbtp_max": CEILING_DBTP, "short_term_lufs_max": SHORT_TERM_BAR},
              "places": places, "practices": practices, "summary": summary(every), "groups": groups}
    for path, text in ((args.out, json.dumps(_plain(result), indent=1) + "\n"), (args.report, report(result))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    failed = result["summary"]["failed"]
    print(f"{len(every)} exports, {failed} failed, {result['total_s']:.0f} s; wrote {args.out} and {args.report}",
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
