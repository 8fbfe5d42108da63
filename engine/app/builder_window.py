"""`python main.py build`: the builder's window (engine/ui/builder_view.py)
around a draft place, its preview assembled like any session."""
from __future__ import annotations


from engine.app.session import preview_session
from engine.config.draft import Draft


def run_builder(args) -> int:
    """Open the builder window (or, for tests, step it offscreen with keys)."""
    import json
    from engine.ui.builder_view import BuilderView
    from engine.ui.stage import fixed_step, open_app, screenshot_rgb
    if not args.frames:   # a person's builder: in the Haven window, Esc goes home
        import argparse
        from engine.app.window import run_window
        window = argparse.Namespace(place=None, practice=None, voice="captions", breath_rate=None,
                                    reduced_motion=False, size=args.size, fullscreen=False, session=False)
        return run_window(window, home=False, builder_from=args.start)
    draft = Draft.start(args.start)
    app = open_app(args.size, offscreen=bool(args.offscreen), title="Haven - build your place")
    builder = BuilderView(draft, preview_session, sound=False)
    fixed_step(60)
    script = _script(args.keys or "")
    for i in range(args.frames):
        for key in script.get(i, []):
            if key.startswith("type="):
                builder.type_text(key[5:])
            else:
                builder.input(key)
        app.step()
        if args.screenshot and i in _shots(args):
            screenshot_rgb(_shots(args)[i])
    if args.screenshot and not _shots(args):
        screenshot_rgb(args.screenshot)
    print(json.dumps({"frames": args.frames, "page": builder.page_name, "log": builder.log,
                      "saved": str(builder.saved_path) if builder.saved_path else None,
                      "message": builder.message}))
    builder.preview.close()
    app.destroy()
    return 0


def _script(text: str) -> dict[int, list[str]]:
    """'10:down arrow,12:type=salt|sand,13:enter' (',' inside typed text as '|')."""
    out: dict[int, list[str]] = {}
    for item in filter(None, text.split(",")):
        n, key = item.split(":", 1)
        out.setdefault(int(n), []).append(key.replace("|", ","))
    return out


def _shots(args) -> dict[int, str]:
    """--screenshot 'F:path;F:path' takes pictures at frames; a plain path: the last frame."""
    if ";" not in args.screenshot and ":" not in args.screenshot.split("/")[0]:
        return {}
    out = {}
    for item in args.screenshot.split(";"):
        n, path = item.split(":", 1)
        out[int(n)] = path
    return out
