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
