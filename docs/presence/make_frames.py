"""Regenerate the frames in docs/presence/: every presence form at the welcome.

    .venv/bin/python docs/presence/make_frames.py [--size 960x540] [--only light,figure] [--out DIR]

Each form is rendered by `python main.py render` in a copy of the meadow
with `presence: {form: ..., distance: 4}` (warmth: the place's default,
0.5) and a three-segment practice: appear at 0.5 s, approach at 6.5 s,
welcome at 26 s. It renders from 0 at 1 frame a second and keeps the frame
at 45 s, when the presence has arrived at 4 m and the welcome has eased in.
`sky` also keeps the frame at 0 s (before it appears) to compare with.
`forms.jpg` puts them side by side with their names.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WELCOME_T = 45

# form, animal, colour
FORMS = [
    ("light", None, "#ffd49a"),
    ("dog", "dog", "#f3c98b"),
    ("deer", "deer", "#d9a570"),
    ("cat", "cat", "#f0b47a"),
    ("bird", "bird", "#f2c38a"),
    ("tree", None, "#ffd27f"),
    ("figure", None, "#f6c9a0"),
    ("sky", None, "#ffd49a"),
    ("none", None, "#ffd49a"),
]

PRACTICE = {
    "name": "presence-welcome", "title": "Presence welcome",
    "segments": [
        {"id": "company", "pause": 6, "cues": [{"at": 0.5, "do": "presence.appear"}]},
        {"id": "warmth", "pause": 20, "cues": [{"at": 0.5, "do": "presence.approach"}]},
        {"id": "welcome", "pause": 30, "cues": [{"at": 0, "do": "presence.welcome"}]},
    ],
}


def place_for(name: str, animal: str | None, colour: str) -> dict:
    place = yaml.safe_load((ROOT / "scenes" / "meadow.yaml").read_text())
    form = "animal" if animal else name
    place["name"] = f"presence-{name}"
    place["presence"] = {"form": form, "colour": colour, "distance": 4, "start_distance": 25, "bearing": 15,
                         **({"animal": animal} if animal else {})}
    return place


def render_form(name: str, animal: str | None, colour: str, size: str, work: Path) -> Path:
    place = work / f"{name}.yaml"
    place.write_text(yaml.safe_dump(place_for(name, animal, colour), sort_keys=False))
    practice = work / "practice.yaml"
    practice.write_text(yaml.safe_dump(PRACTICE, sort_keys=False))
    out = work / name
    cmd = [sys.executable, str(ROOT / "main.py"), "render", "--place", str(place), "--practice", str(practice),
           "--seconds", str(WELCOME_T + 1), "--fps", "1", "--size", size, "--out", str(out)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{name}: render failed\n{r.stderr}")
    return out / "frames"


def contact_sheet(paths: list[tuple[str, Path]], out: Path, cols: int = 4) -> None:
    from PIL import Image, ImageDraw
    ims = [(n, Image.open(p).convert("RGB")) for n, p in paths]
    w, h = ims[0][1].size
    tw, th, pad, label = w // 2, h // 2, 8, 28
    rows = (len(ims) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * (tw + pad) + pad, rows * (th + label + pad) + pad), (242, 238, 230))
    draw = ImageDraw.Draw(sheet)
    for i, (n, im) in enumerate(ims):
        x, y = pad + (i % cols) * (tw + pad), pad + (i // cols) * (th + label + pad)
        sheet.paste(im.resize((tw, th)), (x, y))
        draw.text((x + tw // 2 - 4 * len(n), y + th + 8), n, fill=(30, 30, 30))
    sheet.save(out, quality=88)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="960x540")
    ap.add_argument("--only", default="")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()
    from PIL import Image
    only = set(filter(None, args.only.split(",")))
    args.out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, animal, colour in FORMS:
            if only and name not in only:
                continue
            frames = render_form(name, animal, colour, args.size, work)
            Image.open(frames / f"{WELCOME_T:06d}.png").convert("RGB").save(args.out / f"{name}.jpg", quality=90)
            if name == "sky":
                Image.open(frames / "000000.png").convert("RGB").save(args.out / "sky_before.jpg", quality=90)
            made.append(name)
            print(f"{name}: {args.out / (name + '.jpg')}", file=sys.stderr)
    if not only:
        names = [n for n, _, _ in FORMS]
        contact_sheet([(n, args.out / f"{n}.jpg") for n in names] + [("sky, before", args.out / "sky_before.jpg")],
                      args.out / "forms.jpg")
    shutil.rmtree(args.out / "__pycache__", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
