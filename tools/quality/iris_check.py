"""A second opinion on flashing: Electronic Arts' IRIS (the PyPI port
`iris-pse-detection`, an optional extra: `pip install -e '.[check]'`) run on
a video file.

IRIS reads the video with OpenCV, converts each frame to relative luminance
and to a red-saturation value (R/(R+G+B) >= 0.8, (R-G-B) x 320), and treats a
frame-to-frame change as a flash change when at least 25 % of the frame's
pixels changed; changes of one sign accumulate within a second, and one of
0.1 luminance (20 red) with the darker frame below 0.8 is a transition. A
frame fails (FlashFail) when its one-second window holds more than 6
transitions (more than three flashes), or (ExtendedFail) when 4 to 6
transitions a second go on for 4 of 5 seconds; 4 or more is a warning. It
looks at the whole frame only (no smaller area), so it is independent of, and
coarser than, tools/quality/flash.py's tiled check.
"""
from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class IrisResult:
    video: str
    frames: int                      # frames IRIS analysed
    fps: int                         # as IRIS reads it (an integer)
    verdict: str                     # IRIS's overall result: Pass, PassWithWarning or Fail
    results: list[str]               # the kinds of failure IRIS names (LuminanceFlashFailure, ...)
    luminance_fail_frames: int       # flash + extended failures
    luminance_flash_fail_frames: int
    luminance_extended_fail_frames: int
    luminance_warning_frames: int
    red_fail_frames: int
    red_flash_fail_frames: int
    red_extended_fail_frames: int
    red_warning_frames: int
    max_luminance_transitions: int   # most transitions IRIS counted in one second
    max_red_transitions: int
    luminance: list[float] = field(default_factory=list, repr=False)   # IRIS's mean luminance per frame

    @property
    def passed(self) -> bool:
        return self.luminance_fail_frames == 0 and self.red_fail_frames == 0 and self.verdict != "Fail"

    def to_dict(self, series: bool = False) -> dict:
        d = asdict(self)
        if not series:
            d.pop("luminance")
        d["passed"] = self.passed
        return d


def available() -> bool:
    """Whether IRIS (and OpenCV under it) can be imported."""
    try:
        import iris_pse_detection  # noqa: F401
    except ImportError:
        return False
    return True


def _frame_table(csv_path: Path) -> list[dict[str, str]]:
    with open(csv_path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def iris_check(video_path: Path | str, results_dir: Path | str | None = None) -> IrisResult:
    """Run IRIS's flash analysis (no pattern detection) on one video file.
    IRIS's own chatter is swallowed; its per-frame CSV goes to `results_dir`
    (a temporary folder, removed afterwards, when none is given)."""
    from iris_pse_detection import Configuration, VideoAnalyser
    video = Path(video_path)
    if not video.is_file():
        raise FileNotFoundError(video)
    with contextlib.ExitStack() as stack:
        out = Path(results_dir) if results_dir else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        config = Configuration(results_path=str(out) + "/")
        with contextlib.redirect_stdout(io.StringIO()):
            analyser = VideoAnalyser(config)
            result = analyser.analyse_video(str(video))
        rows = _frame_table(Path(analyser.frame_data_path))
    lum, red = result.total_luminance_incidents, result.total_red_incidents
    return IrisResult(
        video=str(video), frames=len(rows), fps=int(analyser.video_info.fps),
        verdict=result.overall_result.name, results=[r.name for r in result.results],
        luminance_fail_frames=lum.total_failed_frames, luminance_flash_fail_frames=lum.flash_fail_frames,
        luminance_extended_fail_frames=lum.extended_fail_frames, luminance_warning_frames=lum.pass_with_warning_frames,
        red_fail_frames=red.total_failed_frames, red_flash_fail_frames=red.flash_fail_frames,
        red_extended_fail_frames=red.extended_fail_frames, red_warning_frames=red.pass_with_warning_frames,
        max_luminance_transitions=max((int(r["LuminanceTransitions"]) for r in rows), default=0),
        max_red_transitions=max((int(r["RedTransitions"]) for r in rows), default=0),
        luminance=[float(r["AverageLuminance"]) for r in rows])


__all__ = ["IrisResult", "available", "iris_check"]
