"""Pages laid out for a 16:9 window, fitted to a narrower one.

Haven's pages (home, settings, your practice, letters, the programme, the
welcome, the closing screen) place their parts for the window's default
16:9 shape. In a narrower window (4:3, or a window made narrower by hand)
their sides would fall outside it, taking the gallery's ends and the Leave
button with them; the page is shrunk as a whole instead, never grown.
"""
from __future__ import annotations

DESIGN_ASPECT = 16 / 9


def fit_scale(aspect: float) -> float:
    """How much a page shrinks in a window of this width:height."""
    return min(1.0, float(aspect) / DESIGN_ASPECT)


class WindowShape:
    """The window's width:height as last seen: `changed()` gives the new one
    once, the frame after the person resizes the window (None otherwise).
    Parts laid out from the window's width (a visit's glow, veils, panel and
    picker; the builder's panel) follow it this way."""

    def __init__(self, aspect: float | None = None):
        self.aspect = _current() if aspect is None else float(aspect)

    def changed(self, aspect: float | None = None) -> float | None:
        aspect = _current() if aspect is None else float(aspect)
        if abs(aspect - self.aspect) < 1e-6:
            return None
        self.aspect = aspect
        return aspect


def _current() -> float:
    from ursina import camera
    return float(camera.aspect_ratio)


def fit(*pages, aspect: float | None = None) -> None:
    """Scale each shown page to the window as it is now, or to `aspect` (a
    no-op while it fits)."""
    if aspect is None:
        from ursina import camera
        aspect = camera.aspect_ratio
    k = fit_scale(aspect)
    for page in pages:
        if page and abs(page.scale_x - k) > 1e-6:
            page.scale = (k, k, 1)
