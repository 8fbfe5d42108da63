"""Haven: a 3D safe place for compassionate-mind imagery practice."""
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
SCENES_DIR = APP_DIR / "scenes"
NARRATION_DIR = APP_DIR / "narration"
ASSETS_DIR = APP_DIR / "assets"
FONT_FILE = ASSETS_DIR / "fonts" / "AtkinsonHyperlegible-Regular.ttf"   # every line Haven shows
DEFAULT_PLACE = "meadow"
