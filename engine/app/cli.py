"""Haven's command line (design.md, "Command line"). Errors are one line, exit 2."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from engine import DEFAULT_PLACE
from engine.app.display import has_display

EXIT_INVALID = 2


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not '{text}'")
    if not (64 <= w <= 7680 and 64 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"size {text} is out of range (64x64 to 7680x4320)")
    return w, h


def _positive(text: str) -> float:
    v = float(text)
    if v <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return v


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python main.py", description="Haven: a safe place for compassionate-mind practice.")
    sub = p.add_subparsers(dest="command")
    run = sub.add_parser("run", help="open a place (and a practice) at once; leaving it goes to the home screen")
    run.add_argument("--place", default=None)
    run.add_argument("--practice", default=None)
    run.add_argument("--voice", choices=["captions", "natural", "speech", "recorded"], default="captions",
                     help="natural: your recordings, else the natural voice; speech: the basic voice; "
                          "recorded: your recordings only; captions: no voice")
    run.add_argument("--breath-rate", type=_positive, default=None)
    run.add_argument("--size", type=_size, default=(1280, 720))
    run.add_argument("--fullscreen", action="store_true")
    run.add_argument("--reduced-motion", action="store_true")
    run.add_argument("--session", action="store_true", help="open with the therapist's session controls shown")
    run.add_argument("--vr", action="store_true", help="in a VR headset, through OpenXR (docs/vr.md)")
    run.add_argument("--vr-fallback", action="store_true",
                     help="with --vr: if no OpenXR runtime or headset is found, open on the desktop instead")
    run.add_argument("--option", default=None,
                     help="for a practice that offers a choice (python main.py list shows them): which one")
    run.add_argument("--client", default="", help=argparse.SUPPRESS)  # the home's headset visit in session mode
    run.add_argument("--ratings", action="store_true", help=argparse.SUPPRESS)  # tests: ratings with --frames
    run.add_argument("--frames", type=int, default=None, help=argparse.SUPPRESS)  # tests: quit after N frames
    run.add_argument("--offscreen", action="store_true", help=argparse.SUPPRESS)
    run.add_argument("--keys", default="", help=argparse.SUPPRESS)  # tests: '10:escape,40:tab'
    run.add_argument("--screenshot", default=None, help=argparse.SUPPRESS)  # tests: last frame
    run.add_argument("--sound", action="store_true", help=argparse.SUPPRESS)  # tests: sound with --frames
    sub.add_parser("list", help="built-in and personal places and practices")
    sub.add_parser("thumbnails", help="make the home screen's pictures of the places (the window does this itself)")
    chk = sub.add_parser("check", help="validate place/practice YAML files")
    chk.add_argument("files", nargs="+")
    ren = sub.add_parser("render", help="render frames offscreen, fixed-step")
    ren.add_argument("--place", default=DEFAULT_PLACE)
    ren.add_argument("--practice", default=None)
    ren.add_argument("--seconds", type=_positive, default=5.0)
    ren.add_argument("--fps", type=_positive, default=30.0)
    ren.add_argument("--size", type=_size, default=(1280, 720))
    ren.add_argument("--out", type=Path, required=True)
    ren.add_argument("--start", type=float, default=0.0)
    ren.add_argument("--seed", type=int, default=None)
    ren.add_argument("--video", action="store_true")
    ren.add_argument("--silent", action="store_true",
                     help="frames, events and presence.csv only: no mix.wav (nor sound in the video)")
    ren.add_argument("--reduced-motion", action="store_true")
    ren.add_argument("--voice", choices=["captions", "natural", "speech", "recorded"], default="captions")
    ren.add_argument("--option", default=None, help="for a practice that offers a choice: which one")
    ren.add_argument("--ladder", type=int, choices=range(5), default=0,
                     help="imagery ladder step: 0 full, 1 softened, 2 mist, 3 sound only, 4 eyes closed")
    from engine.app.export_command import add_parser as export_audio_parser
    export_audio_parser(sub, _positive)
    b = sub.add_parser("bench", help="frame-time figures for a place, as JSON")
    b.add_argument("--place", default=DEFAULT_PLACE)
    b.add_argument("--seconds", type=_positive, default=5.0)
    b.add_argument("--size", type=_size, default=(1280, 720))
    b.add_argument("--naive", action="store_true", help="one Entity per plant (baseline)")
    b.add_argument("--practice", default="",
                   help="measure the place with this practice playing over it (captions, glow), from --at seconds")
    b.add_argument("--at", type=float, default=40.0, help="with --practice: where in the practice to measure")
    _voice_parser(sub)
    _sessions_parser(sub)
    _build_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "default"
    try:
        return COMMANDS[command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a last guard: one clear line, never a traceback
        from engine.config import ConfigError
        if isinstance(exc, ConfigError):
            for line in exc.problems:
                print(line, file=sys.stderr)
            return EXIT_INVALID
        if os.environ.get("HAVEN_DEBUG"):
            raise
        if isinstance(exc, OSError):   # a file or folder: said in plain words, naming it
            from engine.config.userdirs import plain_reason
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"haven: {where}{plain_reason(exc)}", file=sys.stderr)
            return 1
        print(f"haven: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def cmd_default(args) -> int:
    if has_display():
        from engine.app.window import run_window
        return run_window(parser().parse_args(["run"]), home=True)
    out = Path.cwd() / "haven-preview"
    print("Haven needs a screen to open its window, and none was found (no DISPLAY).\n"
          f"Rendering a short preview of the '{DEFAULT_PLACE}' place instead: {out / 'session.mp4'}")
    from engine.app.progress import render_bar
    from engine.app.render import RenderJob, render
    render(RenderJob(place=DEFAULT_PLACE, seconds=4, fps=24, size=(960, 540), out=out, video=True),
           progress=render_bar)
    print(f"Preview written: {out / 'session.mp4'}")
    return 0


def cmd_run(args) -> int:
    if args.vr:   # in a headset, through OpenXR
        from engine.app.vr_window import run_vr
        return run_vr(args)
    from engine.app.window import run_app
    return run_app(args)


def cmd_list(args) -> int:
    from engine.config.catalog import catalog_lines
    for line in catalog_lines():
        print(line)
    return 0


def cmd_check(args) -> int:
    from engine.config import check_files
    code, lines = check_files(args.files)
    for line in lines:
        print(line, file=sys.stderr if code else sys.stdout)
    return code


def cmd_render(args) -> int:
    from engine.app.progress import render_bar
    from engine.app.render import RenderJob, render
    job = RenderJob(place=args.place, practice=args.practice, seconds=args.seconds, fps=args.fps,
                    size=args.size, out=args.out, start=args.start, seed=args.seed, video=args.video,
                    reduced_motion=args.reduced_motion, voice=args.voice, ladder=args.ladder, option=args.option,
                    silent=args.silent)
    result = render(job, progress=render_bar if sys.stderr.isatty() else None)
    print(json.dumps(result))
    return 0


def cmd_export_audio(args) -> int:
    from engine.app.export_command import command
    return command(args)


def cmd_bench(args) -> int:
    if args.practice:
        from engine.app.bench_practice import bench_practice
        visit = parser().parse_args(["run", "--offscreen", "--frames", "1", "--size", f"{args.size[0]}x{args.size[1]}",
                                     "--place", args.place, "--practice", args.practice, "--voice", "captions"])
        print(json.dumps(bench_practice(visit, args.at, args.seconds)))
        return 0
    from engine.app.bench import bench
    print(json.dumps(bench(args.place, args.seconds, args.size, naive=args.naive)))
    return 0


def cmd_thumbnails(args) -> int:
    """The home screen's pictures of the places (run in the background by the window)."""
    from engine.app.thumbnails import make_all
    for path in make_all():
        print(path)
    return 0


COMMANDS = {
    "thumbnails": cmd_thumbnails,
    "default": cmd_default, "run": cmd_run, "list": cmd_list, "check": cmd_check,
    "render": cmd_render, "export-audio": cmd_export_audio, "bench": cmd_bench,
}


def _voice_parser(sub) -> None:
    v = sub.add_parser("voice", help="the voices: list what is here and in use; import or record your own")
    acts = v.add_subparsers(dest="action", required=True)
    imp = acts.add_parser("import", help="import <segment-id>.wav (or NN-<segment-id>.mp3, ...) from DIR")
    imp.add_argument("--practice", required=True)
    imp.add_argument("dir", type=Path)
    acts.add_parser("record", help="record each segment from the microphone").add_argument("--practice", required=True)
    acts.add_parser("list", help="the voices here and the one in use; with --practice, which segments "
                                 "have a recording").add_argument("--practice", default=None)


def _cmd_voice(args) -> int:
    """`voice import`: 0 all found files imported, 2 a file refused or none found."""
    from engine.voice.recorded import VoiceError, import_voice, record_voice, voice_list
    if args.action == "list":
        from engine.config.settings import load_settings
        from engine.voice.available import voices_report
        if args.practice:
            print("\n".join([*voice_list(args.practice), ""]))
        print("\n".join(voices_report(load_settings()[0].voice)))
        return 0
    if args.action == "record":
        code, why = record_voice(args.practice)
        if why:
            print(why, file=sys.stderr)
        return code
    try:
        report = import_voice(args.practice, args.dir)
    except VoiceError as e:
        print(e, file=sys.stderr)
        return EXIT_INVALID
    for problem, line in report.lines():
        print(line, file=sys.stderr if problem else sys.stdout)
    if not report.imported and not report.refused:
        print(f"{args.dir}: no voice files for practice {report.practice} (allowed: files named "
              "<segment-id>.wav or NN-<segment-id>.wav; also .ogg, .mp3, .flac, .m4a)", file=sys.stderr)
    return 0 if report.ok else EXIT_INVALID


COMMANDS["voice"] = _cmd_voice


def _sessions_parser(sub) -> None:
    s = sub.add_parser("sessions", help="your practice records: a summary, --csv, --plot")
    s.add_argument("--csv", type=Path, default=None, help="write every practice as a CSV file")
    s.add_argument("--plot", type=Path, default=None, help="draw ratings and practice days as a PNG")
    f = sub.add_parser("forget", help="delete all of your Haven data (asks first)")
    f.add_argument("--yes", action="store_true", help="do not ask (for scripts)")


def _cmd_sessions(args) -> int:
    from engine.records.sessions_report import plot, summarise, write_csv
    from engine.records.store import Store, StoreError
    try:
        with Store.open() as store:
            records = store.records()
            recovered = store.recovered
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    if recovered:
        print(f"({recovered} practice{'s' * (recovered != 1)} interrupted last time, kept as incomplete)")
    for line in summarise(records).lines():
        print(line)
    if args.csv:
        print(f"CSV written: {write_csv(records, args.csv)}")
    if args.plot:
        if args.plot.suffix.lower() != ".png":
            print(f"{args.plot}: cannot draw a plot as {args.plot.suffix or '(none)'} (allowed: .png)",
                  file=sys.stderr)
            return EXIT_INVALID
        print(f"Plot written: {plot(records, args.plot)}")
    return 0


def _cmd_forget(args) -> int:
    """Delete the person's whole data folder, after they type 'delete'."""
    from engine.config.userdirs import data_dir, forget_all
    folder = data_dir()
    if not folder.exists():
        print(f"There is no Haven data to delete ({folder}).")
        return 0
    if not args.yes:
        print(f"This deletes all of your Haven data: your places, practice records, recordings "
              f"and settings in {folder}.\nType delete to go ahead, or press Enter to keep it: ",
              end="", flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer != "delete":
            print("Nothing was deleted.")
            return 1
    left = forget_all(folder)
    if left:
        print(f"Some of it could not be deleted ({'; '.join(left)}).", file=sys.stderr)
        return 1
    folder.rmdir()
    print(f"Deleted: {folder}")
    return 0


COMMANDS["sessions"] = _cmd_sessions
COMMANDS["forget"] = _cmd_forget


def _build_parser(sub) -> None:
    b = sub.add_parser("build", help="the guided builder for a place of your own")
    b.add_argument("--from", dest="start", default="meadow", help="the built-in place to start from")
    b.add_argument("--size", type=_size, default=(1280, 720))
    b.add_argument("--frames", type=int, default=None, help=argparse.SUPPRESS)  # tests: quit after N frames
    b.add_argument("--offscreen", action="store_true", help=argparse.SUPPRESS)
    b.add_argument("--keys", default="", help=argparse.SUPPRESS)
    b.add_argument("--screenshot", default=None, help=argparse.SUPPRESS)


def _cmd_build(args) -> int:
    from engine.config.draft import BuildError, builtin_bases
    if args.start not in builtin_bases():
        print(f"{args.start}: no built-in place with this name (allowed: {', '.join(builtin_bases())})",
              file=sys.stderr)
        return EXIT_INVALID
    if not args.offscreen and not has_display():
        print("The builder needs a screen (no DISPLAY was found). Your places can also be written by hand: "
              "copy one from scenes/ into your places folder and check it with `python main.py check FILE`.",
              file=sys.stderr)
        return 1
    from engine.app.builder_window import run_builder
    try:
        return run_builder(args)
    except BuildError as exc:
        print(f"haven: {exc}", file=sys.stderr)
        return EXIT_INVALID


COMMANDS["build"] = _cmd_build
